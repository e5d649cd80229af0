import type { Db } from '../db/client.ts';
import { completeJobs } from './queue.ts';

/**
 * Job completions coalesced: the first one is written at once; those that finish while that
 * DELETE is in flight go together in the next one (one statement and one commit for all).
 * `done` resolves once the job's row is gone, and rejects if that statement failed.
 */
export class Completions {
  private waiting: { id: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private flushing = false;

  constructor(private readonly db: Db, private readonly workerId: string, private readonly maxBatch = 500) {}

  done(id: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ id, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.flushing || this.waiting.length === 0) return;
    this.flushing = true;
    const batch = this.waiting.splice(0, this.maxBatch);
    completeJobs(this.db, batch.map((b) => b.id), this.workerId)
      .then(() => batch.forEach((b) => b.resolve()), (err: unknown) => batch.forEach((b) => b.reject(err)))
      .finally(() => {
        this.flushing = false;
        this.flush();
      });
  }
}
