import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { customerJobHandlers } from './features/customers/workflow.ts';
import { JOB_ATTACH_EXPIRE, expireRequest } from './features/orgs/attach.ts';
import { releaseAllLocks, type JobRow } from './jobs/queue.ts';
import { JobRunner } from './jobs/runner.ts';
import { mailJobHandlers } from './mail/handler.ts';
import { createMailTransport } from './mail/transport.ts';
import type { Metrics } from './metrics.ts';

export interface WorkerDeps {
  config: Config;
  database: Database;
  metrics?: Metrics;
  log: FastifyBaseLogger;
}

/** Every job type and its one handler; a job of an unknown type fails permanently. */
export function jobHandlers(deps: Pick<WorkerDeps, 'config' | 'database'>) {
  return {
    ...customerJobHandlers(deps.database.db, {
      sipDomainSuffix: deps.config.SIP_DOMAIN_SUFFIX,
      meetingsDomainSuffix: deps.config.MEETINGS_DOMAIN_SUFFIX,
      stepDelayMs: deps.config.PROVISIONING_STEP_DELAY_MS,
      publicUrl: deps.config.PUBLIC_URL,
    }),
    [JOB_ATTACH_EXPIRE]: { run: (job: JobRow) => expireRequest(deps.database.db, String(job.payload.requestId)) },
    ...mailJobHandlers(deps.database.db, {
      transport: createMailTransport(deps.config.SMTP_URL),
      fromAddress: deps.config.MAIL_FROM_ADDRESS,
    }),
  };
}

export async function startWorker(deps: WorkerDeps): Promise<JobRunner> {
  // With the embedded database this process is the only worker, so any lock is a dead one's.
  if (deps.database.kind === 'embedded') await releaseAllLocks(deps.database.db);
  const runner = new JobRunner(deps.database.db, jobHandlers(deps), {
    concurrency: deps.config.WORKER_CONCURRENCY,
    pollIntervalMs: deps.config.JOB_POLL_INTERVAL_MS,
    visibilityTimeoutMs: deps.config.JOB_VISIBILITY_TIMEOUT_MS,
    backoffBaseMs: deps.config.JOB_BACKOFF_BASE_MS,
    log: deps.log,
    metrics: deps.metrics,
  });
  runner.start();
  return runner;
}
