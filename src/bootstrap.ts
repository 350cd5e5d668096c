import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/errors/api-exception.filter';
import { AppConfig, ConfigValidationError, loadAppConfig } from './config/app-config';
import { migrateDatabase } from './database/migrate';

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
  app.use(cookieParser());
  return app;
}
