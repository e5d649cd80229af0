import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, openServerDatabase } from '../../../src/db/client.ts';
import { acquireDirLock } from '../../../src/db/lock.ts';
import { loadConfig } from '../../../src/config.ts';
import {
  commitSettings, createScratch, dropScratchSql, pgSessions, pgliteSessions, runVariant,
  type Sessions, type VariantKey, type VariantResult,
} from '../ceiling.ts';
import { log, secs } from '../log.ts';
import { PHASE_LIMITS } from '../options.ts';
import { round } from '../stats.ts';
import type { RunContext } from './context.ts';

/** The server's connection pool: PG_POOL_SIZE as the server will parse it (its default when unset). */
export function serverPoolSize(): number {
  try {
    return loadConfig(process.env.PG_POOL_SIZE ? { PG_POOL_SIZE: process.env.PG_POOL_SIZE } : {}, []).PG_POOL_SIZE;
  } catch {
    return 10;
  }
}

/**
 * Before the server starts: the bench database's own ceiling for the rows a subscriber
 * provisioning writes (lib/ceiling.ts), on scratch tables created in that database and dropped
 * afterwards. The schema is migrated first with the product's own migrations (the scratch tables
 * copy the real ones), so the server then finds it up to date. PostgreSQL: pg connections;
 * embedded: PGlite opened in this process on the data dir the server will use.
 */
export async function ceilingPhase(ctx: RunContext): Promise<void> {
  const { kind, opts, result } = ctx;
  const c = result.ceiling;
  if (opts.ceilingMs <= 0) {
    c.skipped = true;
    return;
  }
  const t0 = performance.now();
  const clients = opts.concurrency;
  const poolSize = serverPoolSize();
  // As many counter rows as the subscriber phase spreads its POSTs over (one per customer).
  const counters = Math.max(1, Math.min(opts.customers, opts.subscribers || opts.customers));
  const warmupMs = Math.min(500, Math.round(opts.ceilingMs / 4));
  let open: (n: number) => Promise<Sessions>;
  const openedAt = performance.now();
  let closeDb: () => Promise<void> = async () => undefined;
  if (kind === 'server') {
    const url = ctx.target!.env.DATABASE_URL!;
    const migrated = await openServerDatabase(url, 1);
    await migrated.close();
    open = (n) => pgSessions(url, n);
  } else {
    // As openEmbeddedDatabase({ dataDir }) lays it out: <DATA_DIR>/pgdata, locked by <DATA_DIR>'s lock file.
    const root = ctx.target!.env.DATA_DIR!;
    mkdirSync(root, { recursive: true });
    const lock = acquireDirLock(root);
    let db: PGlite;
    try {
      db = await PGlite.create({ dataDir: path.join(root, 'pgdata') });
      await migrate(drizzle(db), { migrationsFolder });
    } catch (err) {
      lock.release();
      throw err;
    }
    open = async (n) => pgliteSessions(db, n);
    closeDb = async () => {
      await db.close();
      lock.release();
    };
  }
  // PostgreSQL: single statements on as many connections as the HTTP phases have clients, and on
  // the server's own pool; batches on the pool. PGlite runs one statement at a time whatever the
  // callers (the server has no pool on it): single statements with as many concurrent callers as
  // the HTTP clients, as the server's requests would be; batches from one caller (more would only queue).
  const server = kind === 'server';
  const who = server ? 'connections' : 'callers';
  const batchSessions = server ? Math.min(poolSize, counters) : 1;
  // --quick: only the two the key figures need.
  const all: [VariantKey, string, number][] = [
    ['plainInsert', `one people row per autocommit INSERT, ${clients} ${who}`, clients],
    ['single', `one subscriber per autocommit statement, ${clients} ${who}`, clients],
    ...(server && poolSize !== clients ? [['singleAtPool', `the same with ${poolSize} (PG_POOL_SIZE)`, poolSize] as [VariantKey, string, number]] : []),
    ['tx100', `100 subscribers per transaction (one statement each), ${batchSessions} ${who}`, batchSessions],
    ['multi1000', `1,000 subscribers per statement (multi-VALUES), ${batchSessions} ${who}`, batchSessions],
  ];
  const plan = opts.quick ? all.filter(([k]) => k === 'single' || k === 'multi1000') : all;
  Object.assign(c, {
    method: 'driver directly (no HTTP, no ORM) on scratch tables in the bench database: LIKE people/subscribers/customer_packages INCLUDING ALL, '
      + 'with the same foreign keys to minimal scratch parents; dropped afterwards',
    unit: 'one row = one subscriber: a people row, a subscribers row and customer_packages.assigned + 1 on its customer\'s counter, in one statement '
      + '(plainInsert: one people row)',
    driver: kind === 'server' ? 'pg (node-postgres), one connection per session, unnamed statements' : 'PGlite in the bench process; sessions are concurrent callers of the one instance',
    openMs: round(performance.now() - openedAt, 0),
    connections: clients,
    poolSize: server ? poolSize : null,
    counterRows: counters,
    warmupMs,
    measureMsPerVariant: opts.ceilingMs,
    variants: {} as Record<string, VariantResult>,
  });
  const variants = c.variants as Record<string, VariantResult>;
  try {
    await measure(ctx, open, plan, counters, warmupMs, variants);
  } finally {
    await closeDb();
  }
  const v = (k: string) => variants[k];
  const single = v('single');
  const batched = [v('tx100')?.rowsPerSec, v('multi1000')?.rowsPerSec].filter((x): x is number => typeof x === 'number');
  Object.assign(c, {
    singleRowInsertsPerSec: single?.rowsPerSec ?? null,
    singleRowP50Ms: single?.opP50Ms ?? null,
    singleRowP99Ms: single?.opP99Ms ?? null,
    singleRowAtPoolSizePerSec: server ? ((poolSize === clients ? single : v('singleAtPool'))?.rowsPerSec ?? null) : null,
    plainInsertsPerSec: v('plainInsert')?.rowsPerSec ?? null,
    batchedTx100RowsPerSec: v('tx100')?.rowsPerSec ?? null,
    batchedMulti1000RowsPerSec: v('multi1000')?.rowsPerSec ?? null,
    batchedRowsPerSec: batched.length ? Math.max(...batched) : null,
    ms: round(performance.now() - t0, 0),
  });
  log(`${kind}: database ceiling measured in ${secs(performance.now() - t0)}`);
}

/** The scratch tables, each variant in turn on its own sessions, then the scratch tables dropped. */
async function measure(
  ctx: RunContext, open: (n: number) => Promise<Sessions>, plan: [VariantKey, string, number][],
  counters: number, warmupMs: number, variants: Record<string, VariantResult>,
): Promise<void> {
  const { kind, opts, result } = ctx;
  const admin = await open(1);
  const s = admin.list[0]!;
  try {
    result.ceiling.settings = await commitSettings(s);
    const scratch = await createScratch(s, counters);
    for (const [key, label, n] of plan) {
      if (performance.now() + warmupMs + opts.ceilingMs + 5000 > ctx.globalDeadline - PHASE_LIMITS.teardown) {
        log(`${kind}: ceiling ${key} skipped: the time limit is near`);
        result.ceiling.truncated = true;
        break;
      }
      try {
        const sessions = await open(n);
        try {
          variants[key] = await runVariant(key, label, sessions, scratch, { warmupMs, measureMs: opts.ceilingMs });
        } finally {
          await sessions.close();
        }
      } catch (err) {
        // One variant failing (too many connections for the server, say) does not lose the others.
        const errors = (result.ceiling.errors ??= {}) as Record<string, string>;
        errors[key] = err instanceof Error ? err.message : String(err);
        log(`${kind}: ceiling ${key} FAILED: ${errors[key]}`);
        continue;
      }
      log(`${kind}: ceiling ${key} (${n}): ${variants[key].rowsPerSec ?? '–'} rows/s, op p99 ${variants[key].opP99Ms ?? '–'} ms`);
    }
  } finally {
    await s.query(dropScratchSql).catch((err: unknown) => log(`${kind}: could not drop the scratch tables: ${String(err)}`));
    // Start the HTTP phases without the scratch rows' dirty pages still to be written.
    await s.query('CHECKPOINT').catch(() => undefined);
    await admin.close();
  }
}
