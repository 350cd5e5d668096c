import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadAppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(buildDataSourceOptions(loadAppConfig().databaseUrl));
