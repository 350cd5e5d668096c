import { Client } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/** Schema changes only through migrations: synchronize stays off everywhere. */
export function buildDataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: ['error', 'migration'],
    extra: { max: poolSize, application_name: 'mesa-de-ayuda' },
  };
}

/**
 * Creates the target database when it does not exist yet, connecting to the
 * server's `postgres` database, so a fresh machine needs no manual `createdb`.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Identifiers cannot be bound as parameters; quote by doubling embedded quotes.
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } catch (error: unknown) {
    // Two processes racing to create it: the loser sees duplicate_database (42P04).
    if (!(error instanceof Error && 'code' in error && (error as { code?: string }).code === '42P04')) throw error;
  } finally {
    await client.end();
  }
}
