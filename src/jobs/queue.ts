import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { jobs } from '../db/schema.ts';

export type JobRow = {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
};

export type NewJob = {
  type: string;
  payload: Record<string, unknown>;
  /** Enqueueing the same key twice is a no-op (the first job stands). */
  key?: string;
  maxAttempts: number;
  runAt?: Date;
};

/** Enqueue inside the caller's transaction: no job for a change that rolled back. */
export async function enqueue(tx: DbOrTx, job: NewJob): Promise<void> {
  await tx
    .insert(jobs)
    .values({
      type: job.type,
      payload: job.payload,
      key: job.key ?? null,
      maxAttempts: job.maxAttempts,
      runAt: job.runAt ?? new Date(),
    })
    .onConflictDoNothing({ target: jobs.key });
}

const rowsOf = <T>(res: unknown): T[] => (res as { rows: T[] }).rows;

/**
 * Claim up to `limit` due jobs. A job locked longer ago than the visibility timeout belongs to a
 * worker that died, and is claimed again.
 */
export async function claimJobs(
  db: Db,
  workerId: string,
  limit: number,
  visibilityMs: number,
): Promise<JobRow[]> {
  const res = await db.execute(sql`
    UPDATE jobs SET locked_at = now(), locked_by = ${workerId}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM jobs
      WHERE failed_at IS NULL AND run_at <= now()
        AND (locked_at IS NULL OR locked_at < now() - make_interval(secs => ${visibilityMs / 1000}))
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, type, payload, attempts, max_attempts AS "maxAttempts"`);
  return rowsOf<JobRow>(res).map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * Done: the jobs' rows go, in one statement (the runner coalesces completions: completions.ts).
 * Only the worker holding a job's lock may complete it.
 */
export async function completeJobs(tx: DbOrTx, ids: number[], workerId: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.execute(sql`
    DELETE FROM jobs
    WHERE locked_by = ${workerId} AND id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
}

/** Try again later with exponential backoff (and jitter, so retries do not stampede). */
export async function retryJob(
  tx: DbOrTx,
  job: JobRow,
  workerId: string,
  error: string,
  backoffBaseMs: number,
): Promise<void> {
  const exp = Math.min(backoffBaseMs * 2 ** Math.max(0, job.attempts - 1), 600_000);
  const delayMs = Math.round(exp * (0.75 + Math.random() * 0.5));
  await tx.execute(sql`
    UPDATE jobs SET locked_at = NULL, locked_by = NULL, last_error = ${error.slice(0, 2000)},
      run_at = now() + make_interval(secs => ${delayMs / 1000})
    WHERE id = ${job.id} AND locked_by = ${workerId}`);
}

/** The last attempt failed: keep the row, marked, for inspection. */
export async function failJob(tx: DbOrTx, job: JobRow, workerId: string, error: string): Promise<void> {
  await tx.execute(sql`
    UPDATE jobs SET locked_at = NULL, locked_by = NULL, last_error = ${error.slice(0, 2000)},
      failed_at = now(), key = NULL
    WHERE id = ${job.id} AND locked_by = ${workerId}`);
}

/** Extend the lock of jobs still running, so a slow job is not mistaken for a dead worker's. */
export async function heartbeat(db: Db, ids: number[], workerId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    UPDATE jobs SET locked_at = now()
    WHERE locked_by = ${workerId} AND id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
}

/** With an embedded database this process is the only worker: every lock is a dead one's. */
export async function releaseAllLocks(db: Db): Promise<void> {
  await db.execute(sql`UPDATE jobs SET locked_at = NULL, locked_by = NULL WHERE locked_at IS NOT NULL`);
}

export async function queueDepth(db: Db): Promise<number> {
  const res = await db.execute(sql`SELECT count(*)::int AS n FROM jobs WHERE failed_at IS NULL`);
  return Number(rowsOf<{ n: number }>(res)[0]?.n ?? 0);
}
