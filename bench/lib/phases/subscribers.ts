import os from 'node:os';
import { fillSubscriberPostFigures } from '../figures.ts';
import { JsonClient } from '../http.ts';
import { log, secs } from '../log.ts';
import { PHASE_LIMITS } from '../options.ts';
import { monotonicUs } from '../profile.ts';
import { cpuSecondsOf, hostCpuSeconds } from '../server.ts';
import { round } from '../stats.ts';
import { CALLING_EVERY, postSubscribers, waitMailDrained, type SubscriberCustomer, type SubscriberPostResult } from '../subscribers.ts';
import type { RunContext } from './context.ts';
import { listPhase } from './list.ts';
import { seedTenant } from './seed.ts';

/**
 * After the customer phase: (1) subscribers POSTed across the provisioned customers, then the
 * wait for their mail to leave the outbox; (2) the partner topped up to `listTenant` subscribers by
 * seeding rows (PostgreSQL: over a pg connection while the server runs; embedded: the server is
 * stopped, the bench opens its data dir with openEmbeddedDatabase, seeds, closes it and starts a
 * new server process on it), then list-page latency per query kind with `listClients` clients,
 * and on PostgreSQL EXPLAIN (ANALYZE, BUFFERS) of the same queries.
 */
export async function subscriberPhases(ctx: RunContext, customers: SubscriberCustomer[]): Promise<void> {
  const { opts } = ctx;
  const postSample = opts.subscribers > 0 ? await subscriberPosts(ctx, customers) : [];
  if (opts.listTenant <= 0) return;
  const seeded = await seedTenant(ctx);
  await listPhase(ctx, seeded, postSample);
}

/** `subscribers` POSTs with `concurrency` clients, then the mail they queued; returns a sample of them. */
async function subscriberPosts(ctx: RunContext, customers: SubscriberCustomer[]): Promise<SubscriberPostResult['sample']> {
  const { kind, opts, result, until } = ctx;
  const sub = result.subscribers;
  const server = ctx.server!;
  const client = ctx.client!;
  const rssMb = (kb: number) => round(kb / 1024);

  const used = customers.slice(0, Math.min(customers.length, opts.subscribers));
  if (used.length === 0) throw new Error('subscribers: no provisioned customer to provision subscribers for');
  const callingCustomers = used.filter((c) => c.calling).length;
  Object.assign(sub, {
    requested: opts.subscribers,
    customersUsed: used.length,
    customersUsedCalling: callingCustomers,
    method: `POST /v1/wholesale/subscribers: item n → customer n % ${used.length} (the customer phase's provisioned customers), `
      + `webex_meetings, except on calling + meetings customers every ${CALLING_EVERY}th (the first included, who becomes the admin) `
      + 'webex_calling with an extension; a customer\'s later POSTs wait for its first one',
  });
  log(`${kind}: provisioning ${opts.subscribers} subscribers across ${used.length} customers (${callingCustomers} with calling) with ${opts.concurrency} clients…`);
  server.rss.resetPhase();
  await server.probe('reset');
  sub.postLoadAvgBefore = os.loadavg().map((v) => round(v, 2));
  const cpu0 = cpuSecondsOf(server.pid);
  const host0 = hostCpuSeconds();
  const fromUs = monotonicUs();
  let post: SubscriberPostResult | undefined;
  try {
    post = await postSubscribers({
      client, customers: used, tag: ctx.tag, total: opts.subscribers, concurrency: opts.concurrency,
      deadline: until(PHASE_LIMITS.subscriberPosts),
    });
  } catch (err) {
    post = (err as { partial?: SubscriberPostResult }).partial;
    throw err;
  } finally {
    if (post) fillSubscriberPostFigures(sub, post);
  }
  const postEnd = performance.now();
  ctx.subWindows.push({ key: 'postCpuProfile', label: 'subscriber POST phase', pid: server.pid, fromUs, toUs: monotonicUs() });
  const cpu1 = cpuSecondsOf(server.pid);
  const host1 = hostCpuSeconds();
  if (host0 && host1 && post.accepted > 0) sub.postHostCpuBusyCores = round((host1.busy - host0.busy) / ((postEnd - post.firstSentAt) / 1000), 2);
  if (cpu0 !== null && cpu1 !== null && post.accepted > 0) {
    sub.postCpuSeconds = round(cpu1 - cpu0, 2);
    sub.postCpuUtilisation = round((cpu1 - cpu0) / ((postEnd - post.firstSentAt) / 1000), 2);
  }
  const probed = await server.probe('report');
  if (probed?.eventLoopDelay) sub.postEventLoopDelay = probed.eventLoopDelay;
  log(`${kind}: ${post.accepted} subscribers accepted in ${secs(postEnd - post.firstSentAt)}${post.truncated ? ' (time limit)' : ''}; waiting for their mail to leave the outbox…`);
  // Each subscriber queues a welcome (and, in the US, an emergency-provider) mail: the worker
  // sends them after the 200. Wait for that backlog so it does not run under the list phase.
  const op = new JsonClient(server.port, server.operatorToken, 1);
  try {
    const d = await waitMailDrained(op, until(PHASE_LIMITS.mailDrain));
    const drainedAt = performance.now();
    sub.mailDrained = d.drained;
    sub.mailDrainAfterLastPostMs = round(drainedAt - postEnd, 0);
    sub.mailDrainPolls = d.polls;
    // The migration end to end: first POST sent → every subscriber accepted and its mail sent
    // (resolution: the 500 ms outbox poll). Null when the outbox did not drain in time.
    const e2e = drainedAt - post.firstSentAt;
    sub.endToEndMs = d.drained && post.accepted > 0 ? round(e2e, 0) : null;
    sub.endToEndPerSec = d.drained && post.accepted > 0 ? round(post.accepted / (e2e / 1000), 1) : null;
  } finally {
    op.close();
  }
  server.rss.sample();
  sub.postPeakRssMb = rssMb(server.rss.phasePeakKb);
  log(`${kind}: outbox ${sub.mailDrained ? 'drained' : 'NOT drained'} ${secs(Number(sub.mailDrainAfterLastPostMs))} after the last POST`);
  return post.sample;
}
