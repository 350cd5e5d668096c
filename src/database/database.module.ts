import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // Every parallel send holds a connection for its claim and its result; intake, SLA and the API need theirs too.
        ...buildDataSourceOptions(config.databaseUrl, config.outbound.enabled ? config.outbound.concurrency + 8 : 10),
        // Keep retrying at boot while PostgreSQL comes up (compose, restarts).
        retryAttempts: 10,
        retryDelay: 2000,
      }),
    }),
  ],
})
export class DatabaseModule {}
