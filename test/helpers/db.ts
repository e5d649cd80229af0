import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../../src/db/client.ts';

export const usingServer = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A new, empty database on the TEST_DATABASE_URL server (undefined when testing on PGlite). */
export async function freshServerUrl(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `wh_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A fresh, migrated database for one test app: a copy of the PGlite template built by
 * global-setup.ts, or a new database on the PostgreSQL server.
 */
export async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const server = await freshServerUrl();
  if (server) return { database: await openServerDatabase(server.url, 10), drop: server.drop };
  const file = process.env.WH_PGLITE_TEMPLATE;
  const database = await openEmbeddedDatabase(file ? { loadDataDir: new Blob([readFileSync(file)]) } : {});
  return { database, drop: async () => undefined };
}
