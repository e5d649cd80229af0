import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database, Db, Tx } from './client.ts';
import { connectionFailure, pgCode } from './errors.ts';

/**
 * Group commit: concurrent write closures share one transaction, so N requests pay for one
 * BEGIN/COMMIT (one WAL flush) instead of N, and nobody is answered before that COMMIT succeeded.
 * A closure that fails gets its own error and takes nothing of its neighbours with it: the batch
 * first runs without savepoints (cheapest when all succeed); if one fails, it runs again with a
 * SAVEPOINT per closure, so that the failing one rolls back alone.
 *
 * - No added latency when idle: a write arriving while a transaction slot is free starts one at
 *   once (leader); writes arriving while every slot is busy queue and form the next batch
 *   (followers), up to `maxBatch`, first come first served.
 * - Up to `concurrency` transactions in flight, each on its own connection. A write whose key
 *   (the customer whose row it locks) is in a running transaction waits for that one to finish,
 *   so two transactions in flight never wait on each other's customer lock (no deadlock there).
 * - A closure that hits a deadlock or serialization failure (other rows) runs again in a later
 *   transaction. When a transaction fails as a whole (COMMIT refused, e.g. by a deferred
 *   constraint), nothing was written: every closure runs again alone, so only the culprit fails.
 *   When the connection is lost, the outcome of COMMIT is unknown: every closure fails with that
 *   error (503), none is answered as a success.
 */
export interface GroupCommitOptions {
  /** Off: every write is its own transaction, as before. */
  enabled: boolean;
  /** Closures per transaction at most. */
  maxBatch: number;
  /** Transactions in flight at most (connections used); 1 on the embedded database. */
  concurrency: number;
  /** Observes the size of every committed batch (metrics). */
  onBatch?: (size: number, outcome: 'committed' | 'failed') => void;
}

export interface Writer {
  /**
   * Runs `work` in a transaction (shared with concurrent ones) and resolves once committed.
   * `key`: the customer the write locks (writes with one key never run in concurrent
   * transactions). `alone`: a big write (a bulk request) that gets a transaction of its own.
   */
  run<T>(work: (tx: Tx) => Promise<T>, key?: string, opts?: { alone?: boolean }): Promise<T>;
}

type Item = {
  work: (tx: Tx) => Promise<unknown>;
  key?: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs in a batch of its own (asked so, or its last batch failed as a whole). */
  solo: boolean;
  attempts: number;
};

/** A closure failed in a batch run without savepoints: the batch runs again with them. */
class ClosureFailed extends Error {}
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Attempts per closure for deadlocks and serialization failures before its error is final. */
const MAX_ATTEMPTS = 4;

/** Deadlock or serialization failure: running the same closure again may well succeed. */
export const isRetryable = (err: unknown): boolean => {
  const code = pgCode(err);
  return code === '40P01' || code === '40001';
};

export class GroupCommitter implements Writer {
  private readonly queue: Item[] = [];
  private running = 0;
  /** Keys of the writes in running transactions, with their count. */
  private readonly busyKeys = new Map<string, number>();

  constructor(private readonly db: Db, private readonly opts: GroupCommitOptions) {}

  run<T>(work: (tx: Tx) => Promise<T>, key?: string, opts: { alone?: boolean } = {}): Promise<T> {
    if (!this.opts.enabled) return this.db.transaction(work);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, key, resolve: resolve as (v: unknown) => void, reject, solo: opts.alone === true, attempts: 0 });
      this.pump();
    });
  }

  /** Starts transactions while a slot is free and some queued write may run. */
  private pump(): void {
    while (this.running < Math.max(1, this.opts.concurrency)) {
      const batch = this.take();
      if (batch.length === 0) return;
      this.running++;
      for (const item of batch) this.mark(item.key, 1);
      void this.commit(batch).finally(() => {
        this.running--;
        for (const item of batch) this.mark(item.key, -1);
        this.pump();
      });
    }
  }

  private mark(key: string | undefined, delta: number): void {
    if (key === undefined) return;
    const n = (this.busyKeys.get(key) ?? 0) + delta;
    if (n > 0) this.busyKeys.set(key, n);
    else this.busyKeys.delete(key);
  }

  /**
   * The next batch, in arrival order, of writes whose key no running transaction holds: a solo
   * write alone, else up to maxBatch others.
   */
  private take(): Item[] {
    const batch: Item[] = [];
    for (let i = 0; i < this.queue.length && batch.length < this.opts.maxBatch; i++) {
      const item = this.queue[i]!;
      if (item.key !== undefined && this.busyKeys.has(item.key)) continue;
      if (item.solo) {
        if (batch.length > 0) continue;
        this.queue.splice(i, 1);
        return [item];
      }
      batch.push(item);
      this.queue.splice(i--, 1);
    }
    return batch;
  }

  /**
   * First without savepoints (two round trips fewer per closure): when every closure succeeds,
   * as in a migration, that is all. If one fails, the transaction rolls back and the batch runs
   * again with a savepoint per closure, so that each gets its own outcome.
   */
  private async commit(batch: Item[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.transact(batch, false);
    } catch (error) {
      if (batch.length === 1 && !connectionFailure(error)) return this.settle(batch[0]!, { ok: false, error });
      if (!(error instanceof ClosureFailed)) return this.failed(batch, error);
      try {
        outcomes = await this.transact(batch, true);
      } catch (error) {
        return this.failed(batch, error);
      }
    }
    batch.forEach((item, i) => this.settle(item, outcomes[i]!));
  }

  /** One transaction over the batch; throws ClosureFailed when a closure failed without savepoints. */
  private async transact(batch: Item[], savepoints: boolean): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction(async (tx) => {
        for (const item of batch) {
          if (!savepoints) {
            try {
              outcomes.push({ ok: true, value: await item.work(tx) });
            } catch (error) {
              throw batch.length === 1 || connectionFailure(error) ? error : new ClosureFailed();
            }
            continue;
          }
          try {
            outcomes.push({ ok: true, value: await tx.transaction(item.work) });
          } catch (error) {
            // Without its connection the transaction is gone: the whole batch fails.
            if (connectionFailure(error)) throw error;
            outcomes.push({ ok: false, error });
          }
        }
        // COMMIT of an aborted transaction (a closure that swallowed a failed statement) answers
        // ROLLBACK without an error: make sure this one is alive before its writes are answered.
        if (!savepoints && batch.length > 1) await tx.execute(sql`SELECT 1`);
      });
    } catch (error) {
      this.opts.onBatch?.(batch.length, 'failed');
      throw error;
    }
    this.opts.onBatch?.(batch.length, 'committed');
    return outcomes;
  }

  /** The transaction failed as a whole: nothing of it was written. */
  private failed(batch: Item[], error: unknown): void {
    // The connection was lost, maybe during COMMIT: whether it committed is unknown.
    if (connectionFailure(error) || batch.length === 1) {
      for (const item of batch) item.reject(error);
      return;
    }
    // Refused at COMMIT (a deferred constraint…). The closures that failed may have failed
    // because of their neighbours' writes too: each runs again alone.
    for (const item of batch) item.solo = true;
    this.queue.unshift(...batch);
  }

  private settle(item: Item, outcome: Outcome): void {
    if (outcome.ok) return item.resolve(outcome.value);
    if (isRetryable(outcome.error) && ++item.attempts < MAX_ATTEMPTS) {
      this.queue.unshift(item);
      return;
    }
    item.reject(outcome.error);
  }
}

/** The writer of each database handle (set up with the app); a plain transaction otherwise. */
const writers = new WeakMap<Db, Writer>();

type GroupCommitConfig = Pick<Config, 'GROUP_COMMIT' | 'GROUP_COMMIT_MAX_BATCH' | 'GROUP_COMMIT_CONCURRENCY' | 'PG_POOL_SIZE'>;

/** Sets up the writer of `database` from the configuration (buildApp). */
export function useGroupCommit(database: Database, config: GroupCommitConfig, onBatch?: GroupCommitOptions['onBatch']): Writer {
  const writer = new GroupCommitter(database.db, {
    enabled: config.GROUP_COMMIT === 'on',
    maxBatch: config.GROUP_COMMIT_MAX_BATCH,
    // PGlite has one connection and runs one transaction at a time.
    concurrency: database.kind === 'embedded' ? 1 : Math.min(config.GROUP_COMMIT_CONCURRENCY, config.PG_POOL_SIZE),
    onBatch,
  });
  writers.set(database.db, writer);
  return writer;
}

export function writerFor(db: Db): Writer {
  return writers.get(db) ?? { run: (work) => db.transaction(work) };
}
