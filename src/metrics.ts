import client from 'prom-client';

/** One registry per app instance, so tests can build several apps in one process. */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const httpRequests = new client.Counter({
    name: 'wh_http_requests_total',
    help: 'HTTP requests by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: 'wh_http_request_duration_seconds',
    help: 'HTTP request latency.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const jobsDone = new client.Counter({
    name: 'wh_jobs_done_total',
    help: 'Jobs completed, by type.',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const jobsFailed = new client.Counter({
    name: 'wh_jobs_failed_total',
    help: 'Job attempts that failed, by type and whether the job gave up (final).',
    labelNames: ['type', 'final'] as const,
    registers: [registry],
  });
  const queueDepth = new client.Gauge({
    name: 'wh_queue_depth',
    help: 'Jobs waiting or running in the queue (read at scrape time).',
    registers: [registry],
  });
  const writeBatches = new client.Histogram({
    name: 'wh_group_commit_batch_size',
    help: 'API writes per shared transaction (group commit), by outcome of its COMMIT.',
    labelNames: ['outcome'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128],
    registers: [registry],
  });
  return { registry, httpRequests, httpDuration, jobsDone, jobsFailed, queueDepth, writeBatches };
}

export type Metrics = ReturnType<typeof createMetrics>;
