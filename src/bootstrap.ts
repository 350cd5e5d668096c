import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { AppConfig, ConfigValidationError, loadAppConfig } from './config/app-config';
import { ApiDocsService } from './docs/api-docs.service';
import { migrateDatabase } from './database/migrate';
import { spaStatic } from './web/spa-static';

/** Validates config (aborting with every problem listed), migrates when asked, and builds the app. */
export async function createApp(options: { http: boolean; config?: AppConfig }): Promise<{ app: INestApplication; config: AppConfig }> {
  let config: AppConfig;
  try {
    config = options.config ?? loadAppConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  if (config.runMigrations) {
    const applied = await migrateDatabase(config.databaseUrl);
    if (applied.length) new Logger('Database').log(`Migraciones aplicadas: ${applied.join(', ')}`);
  }
  const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { bufferLogs: false }));
  app.enableShutdownHooks();
  return { app, config };
}

/** What every instance of the app gets, in production and in tests alike. */
export function configureApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ApiExceptionFilter());
  // Replies carry attachments as base64 JSON (up to 20 MB of files is ~27 MB encoded); Express's default is 100 KB.
  (app as NestExpressApplication).useBodyParser('json', { limit: '28mb' });
  app.use(cookieParser());
  // The web UI (web/dist) from the same process and port; /api stays Nest's.
  app.use(spaStatic());
  // SwaggerModule needs the app itself to build the OpenAPI document (on its first request).
  app.get(ApiDocsService).publish(app);
  return app;
}
