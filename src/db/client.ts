import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';
import { acquireDirLock, type DirLock } from './lock.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Database {
  db: Db;
  kind: 'embedded' | 'server';
  /** Cheap liveness probe for /health. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// int8 (bigint, count(*)) as JS numbers on the server, as PGlite already does.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * How long a query waits for a pooled connection before failing (→ 503 DATABASE_BUSY): with the
 * database down or every connection stuck, a request answers instead of hanging.
 */
export const POOL_CONNECT_TIMEOUT_MS = 3_000;

export async function openServerDatabase(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: POOL_CONNECT_TIMEOUT_MS });
  // A lost connection (server restart) must not crash the process: an idle client's error comes
  // to the pool, which replaces it; a checked-out client's fails its queries (the caller answers
  // 503) and would also be emitted on the client, uncaught without this listener.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const client = await pool.connect();
  try {
    // Several processes may start at once: one migrates, the others wait and find nothing to do.
    await client.query('SELECT pg_advisory_lock(727274001)');
    try {
      await client.query('SET client_min_messages = warning');
      await migratePg(drizzlePg(client), { migrationsFolder });
    } finally {
      await client.query('SELECT pg_advisory_unlock(727274001)');
    }
  } finally {
    client.release();
  }
  return {
    db,
    kind: 'server',
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

export interface EmbeddedOptions {
  /** Directory to persist into; undefined keeps everything in memory (tests). */
  dataDir?: string;
  /** A dump of an already-migrated data dir (tests clone one instead of running initdb). */
  loadDataDir?: Blob;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs each query synchronously on the main thread and hands its lock to the next waiter
 * in a microtask, so a queue of waiting queries never lets the event loop read the network:
 * under load every request waited for the whole backlog (~1 s). Yielding one turn before each
 * top-level query or transaction lets I/O in between.
 */
function fair(client: PGlite): PGlite {
  return new Proxy(client, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'query' || prop === 'exec' || prop === 'transaction') {
        const fn = value as (...args: unknown[]) => Promise<unknown>;
        return async (...args: unknown[]) => {
          await nextTurn();
          return fn.apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function openEmbeddedDatabase(opts: EmbeddedOptions): Promise<Database> {
  let lock: DirLock | undefined;
  let dataDir: string | undefined;
  if (opts.dataDir) {
    const root = path.resolve(opts.dataDir);
    // PGlite does not create parent directories itself.
    mkdirSync(root, { recursive: true });
    lock = acquireDirLock(root);
    dataDir = path.join(root, 'pgdata');
  }
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir });
    const db = drizzlePglite({ client: fair(client), schema }) as unknown as Db;
    await migratePglite(drizzlePglite(client), { migrationsFolder });
    return {
      db,
      kind: 'embedded',
      ping: async () => {
        await client.query('SELECT 1');
      },
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
