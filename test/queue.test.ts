import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/client.ts';
import { claimJobs, enqueue, queueDepth, releaseAllLocks } from '../src/jobs/queue.ts';
import { JobRunner, PermanentJobError, type JobHandler } from '../src/jobs/runner.ts';
import { freshDatabase } from './helpers/db.ts';

/** The durable queue on a real database: claims, retries, backoff, final failure, dead workers. */
let database: Database;
let drop: () => Promise<void>;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
});
afterAll(async () => {
  await database.close();
  await drop();
});
beforeEach(async () => {
  await database.db.execute(sql`DELETE FROM jobs`);
});

type Row = { id: number; attempts: number; failed_at: Date | null; run_at: Date; last_error: string | null; locked_by: string | null };
const jobRows = async () => ((await database.db.execute(sql`SELECT * FROM jobs ORDER BY id`)) as unknown as { rows: Row[] }).rows;

function runner(handlers: Record<string, JobHandler>, over: Partial<ConstructorParameters<typeof JobRunner>[2]> = {}) {
  return new JobRunner(database.db, handlers, { concurrency: 4, pollIntervalMs: 10, visibilityTimeoutMs: 60_000, backoffBaseMs: 30, log, ...over });
}

async function until(pred: () => Promise<boolean>, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('job queue', () => {
  it('enqueues inside the caller\'s transaction: nothing is left after a rollback', async () => {
    await database.db.transaction(async (tx) => {
      await enqueue(tx, { type: 't', payload: {}, maxAttempts: 1 });
      tx.rollback();
    }).catch(() => undefined);
    expect(await jobRows()).toHaveLength(0);
    await database.db.transaction((tx) => enqueue(tx, { type: 't', payload: {}, maxAttempts: 1 }));
    expect(await jobRows()).toHaveLength(1);
  });

  it('a job key is enqueued once', async () => {
    for (let i = 0; i < 3; i++) await enqueue(database.db, { type: 't', payload: { i }, key: 'same', maxAttempts: 1 });
    expect(await jobRows()).toHaveLength(1);
  });

  it('runs each job once and removes it when done', async () => {
    const seen: number[] = [];
    for (let i = 0; i < 20; i++) await enqueue(database.db, { type: 'count', payload: { i }, maxAttempts: 3 });
    const r = runner({ count: { run: async (job) => void seen.push(job.payload.i as number) } });
    r.start();
    await until(async () => (await queueDepth(database.db)) === 0);
    await r.stop();
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('retries a failing job with growing backoff, then fails it for good and calls onExhausted once', async () => {
    const attempts: number[] = [];
    let exhausted = 0;
    await enqueue(database.db, { type: 'flaky', payload: {}, maxAttempts: 3 });
    const r = runner({
      flaky: {
        run: async (job) => {
          attempts.push(Date.now());
          throw new Error(`boom ${job.attempts}`);
        },
        onExhausted: async () => void exhausted++,
      },
    });
    r.start();
    await until(async () => (await jobRows())[0]?.failed_at != null);
    await r.stop();
    expect(attempts).toHaveLength(3);
    expect(exhausted).toBe(1);
    // Exponential: the second gap is longer than the first (base 30 ms, ×2, ±25% jitter).
    expect(attempts[2]! - attempts[1]!).toBeGreaterThan(attempts[1]! - attempts[0]!);
    const [row] = await jobRows();
    expect(row).toMatchObject({ attempts: 3, last_error: 'boom 3', locked_by: null });
    // A failed job is never claimed again.
    expect(await claimJobs(database.db, 'w', 10, 1000)).toEqual([]);
  });

  it('a permanent error fails the job at once', async () => {
    let runs = 0;
    await enqueue(database.db, { type: 'bad', payload: {}, maxAttempts: 5 });
    const r = runner({ bad: { run: async () => { runs++; throw new PermanentJobError('no way'); } } });
    r.start();
    await until(async () => (await jobRows())[0]?.failed_at != null);
    await r.stop();
    expect(runs).toBe(1);
  });

  it('a job of an unknown type fails instead of looping', async () => {
    await enqueue(database.db, { type: 'mystery', payload: {}, maxAttempts: 5 });
    const r = runner({});
    r.start();
    await until(async () => (await jobRows())[0]?.failed_at != null);
    await r.stop();
    expect((await jobRows())[0]!.last_error).toContain('no handler');
  });

  it('a job locked by a dead worker is claimed again after the visibility timeout, not before', async () => {
    await enqueue(database.db, { type: 't', payload: {}, maxAttempts: 5 });
    const first = await claimJobs(database.db, 'dead-worker', 10, 500);
    expect(first).toHaveLength(1);
    expect(await claimJobs(database.db, 'other', 10, 500)).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    const again = await claimJobs(database.db, 'other', 10, 500);
    expect(again.map((j) => j.id)).toEqual([first[0]!.id]);
    expect(again[0]!.attempts).toBe(2);
  });

  it('heartbeats keep a slow job\'s lock alive', async () => {
    await enqueue(database.db, { type: 'slow', payload: {}, maxAttempts: 5 });
    let runs = 0;
    const r = runner({ slow: { run: async () => { runs++; await new Promise((res) => setTimeout(res, 1500)); } } }, { visibilityTimeoutMs: 1000 });
    r.start();
    await until(async () => runs === 1);
    await new Promise((res) => setTimeout(res, 1100));
    // Another worker finds nothing to steal.
    expect(await claimJobs(database.db, 'thief', 10, 1000)).toEqual([]);
    await r.stop();
    expect(runs).toBe(1);
  });

  it('concurrent claimers never get the same job (FOR UPDATE SKIP LOCKED)', async () => {
    for (let i = 0; i < 60; i++) await enqueue(database.db, { type: 't', payload: { i }, maxAttempts: 1 });
    const claims = await Promise.all(Array.from({ length: 6 }, (_, w) => claimJobs(database.db, `w${w}`, 15, 60_000)));
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
  });

  it('releaseAllLocks frees every lock (embedded start-up: the only worker is us)', async () => {
    await enqueue(database.db, { type: 't', payload: {}, maxAttempts: 5 });
    await claimJobs(database.db, 'gone', 10, 60_000);
    await releaseAllLocks(database.db);
    expect(await claimJobs(database.db, 'me', 10, 60_000)).toHaveLength(1);
  });
});
