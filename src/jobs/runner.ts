import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Db, Tx } from '../db/client.ts';
import type { Metrics } from '../metrics.ts';
import { Completions } from './completions.ts';
import { claimJobs, failJob, heartbeat, retryJob, type JobRow } from './queue.ts';

/** Thrown by a handler when retrying cannot help: the job fails at once. */
export class PermanentJobError extends Error {}

export interface JobHandler {
  /** Does the work. Must be idempotent: after a crash the same job runs again. */
  run(job: JobRow): Promise<void>;
  /** Called in the transaction that marks the job failed, to put its resource in a final state. */
  onExhausted?(tx: Tx, job: JobRow, error: Error): Promise<void>;
}

export interface RunnerOptions {
  concurrency: number;
  pollIntervalMs: number;
  visibilityTimeoutMs: number;
  backoffBaseMs: number;
  log: FastifyBaseLogger;
  metrics?: Metrics;
}

/**
 * Polls the queue, runs up to `concurrency` jobs at a time and records each outcome. Jobs run
 * once across any number of worker processes (claims use FOR UPDATE SKIP LOCKED).
 */
export class JobRunner {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly active = new Map<number, Promise<void>>();
  private stopped = true;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private beat?: NodeJS.Timeout;
  private readonly completions: Completions;

  constructor(
    private readonly db: Db,
    private readonly handlers: Record<string, JobHandler>,
    private readonly opts: RunnerOptions,
  ) {
    this.completions = new Completions(db, this.workerId);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
    this.beat = setInterval(() => {
      heartbeat(this.db, [...this.active.keys()], this.workerId).catch((err: unknown) =>
        this.opts.log.warn({ err }, 'job heartbeat failed'),
      );
    }, Math.max(250, Math.floor(this.opts.visibilityTimeoutMs / 3)));
    this.beat.unref();
  }

  /** New work was enqueued by this process: look now instead of at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the jobs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    clearInterval(this.beat);
    await this.loop;
    await Promise.allSettled(this.active.values());
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const free = this.opts.concurrency - this.active.size;
      let claimed: JobRow[] = [];
      if (free > 0) {
        try {
          claimed = await claimJobs(this.db, this.workerId, free, this.opts.visibilityTimeoutMs);
        } catch (err) {
          // The database may be restarting: keep polling, never crash the worker loop.
          this.opts.log.warn({ err }, 'job claim failed');
        }
      }
      for (const job of claimed) {
        const p = this.execute(job).finally(() => {
          this.active.delete(job.id);
          this.wake();
        });
        this.active.set(job.id, p);
      }
      // A full batch means there is probably more work: claim again as soon as a slot is free.
      if (claimed.length > 0 && claimed.length === free) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.opts.pollIntervalMs);
        this.wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wakeUp = undefined;
    }
  }

  private async execute(job: JobRow): Promise<void> {
    const handler = this.handlers[job.type];
    const log = this.opts.log.child({ jobId: job.id, jobType: job.type, attempt: job.attempts });
    try {
      if (!handler) throw new PermanentJobError(`no handler for job type ${job.type}`);
      // A job re-claimed after crashes may already be past its budget.
      if (job.attempts > job.maxAttempts) throw new PermanentJobError('attempts exhausted');
      await handler.run(job);
      // Jobs finishing together are deleted by one statement (claims are batched too).
      await this.completions.done(job.id);
      this.opts.metrics?.jobsDone.inc({ type: job.type });
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      const final = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      this.opts.metrics?.jobsFailed.inc({ type: job.type, final: String(final) });
      log.warn({ err, final }, 'job failed');
      try {
        if (final) {
          await this.db.transaction(async (tx) => {
            await handler?.onExhausted?.(tx, job, err);
            await failJob(tx, job, this.workerId, err.message);
          });
        } else {
          await retryJob(this.db, job, this.workerId, err.message, this.opts.backoffBaseMs);
        }
      } catch (recordErr) {
        // Could not record the outcome (database down): the lock expires and the job runs again.
        log.error({ err: recordErr }, 'could not record job failure');
      }
    }
  }
}
