import { Client } from 'pg';
import { migrateDatabase } from '../../src/database/migrate';

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * A fresh, migrated database of its own for one suite (dropped first if a previous
 * run left it), so suites never see each other's rows. Returns its URL.
 */
export async function createTestDatabase(suite: string): Promise<string> {
  const name = `mesa_test_${suite.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  const admin = new Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `${SERVER_URL}/${name}`;
  await migrateDatabase(url);
  return url;
}

/** A plain pg client for assertions straight on the tables. */
export async function connectTestDatabase(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
