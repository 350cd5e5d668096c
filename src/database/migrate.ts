import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, ensureDatabaseExists } from './data-source-options';

/** Creates the database when missing and applies pending migrations. Returns their names. */
export async function migrateDatabase(databaseUrl: string): Promise<string[]> {
  await ensureDatabaseExists(databaseUrl);
  const dataSource = new DataSource(buildDataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
