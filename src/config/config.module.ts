import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig, loadAppConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  /** Pass a config to override the environment (tests); otherwise the environment is validated here, at boot. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadAppConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
