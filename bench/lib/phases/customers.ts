import os from 'node:os';
import { fillPostFigures, fillServerClockFigures, fillTrackerFigures } from '../figures.ts';
import { Tracker, postCustomers, serverTimestamps, type PostResult } from '../load.ts';
import { log, secs } from '../log.ts';
import { PG_STATS_FLUSH_MS, PHASE_LIMITS } from '../options.ts';
import { monotonicUs } from '../profile.ts';
import { cpuSecondsOf, hostCpuSeconds } from '../server.ts';
import { round, sleep } from '../stats.ts';
import type { SubscriberCustomer } from '../subscribers.ts';
import type { RunContext } from './context.ts';

/**
 * The customer load phase: `customers` POSTs with `concurrency` clients while a tracker polls
 * until every accepted customer is final; then the server's own timestamps. Returns the
 * customers that ended provisioned, for the subscriber phases.
 */
export async function customerPhase(ctx: RunContext, provisioningId: string): Promise<SubscriberCustomer[]> {
  const { kind, opts, result, tag, until, globalDeadline } = ctx;
  const server = ctx.server!;
  const client = ctx.client!;
  const target = ctx.target!;

  // Load phase: POST loops and the status tracker run together.
  const tracker = new Tracker(client, opts.pollIntervalMs);
  const cpu0 = cpuSecondsOf(server.pid);
  const host0 = hostCpuSeconds();
  const host0At = performance.now();
  const clientCpu0 = process.cpuUsage();
  const loadWindow = { fromUs: monotonicUs(), toUs: Infinity };
  ctx.window = loadWindow;
  await server.probe('reset');
  server.rss.resetPhase();
  const postDeadline = until(PHASE_LIMITS.posts);
  let postsDone = false;
  let postsFailed = false;
  let drainDeadline: number | undefined;
  let post: PostResult | undefined;
  const trackerRun = tracker.run(
    () => postsDone,
    () => (postsFailed ? -1 : drainDeadline ?? Math.min(globalDeadline - PHASE_LIMITS.teardown, postDeadline + PHASE_LIMITS.drain)),
  );
  // Make sure a tracker failure during the POST phase is not an unhandled rejection.
  trackerRun.catch(() => undefined);
  log(`${kind}: provisioning ${opts.customers} customers with ${opts.concurrency} clients…`);
  try {
    post = await postCustomers({
      client,
      provisioningId,
      tag,
      total: opts.customers,
      concurrency: opts.concurrency,
      ratePerSec: opts.customerRate,
      deadline: postDeadline,
      onAccepted: (a) => tracker.add(a),
    });
  } catch (err) {
    postsFailed = true;
    post = (err as { partial?: PostResult }).partial;
    throw err;
  } finally {
    drainDeadline = until(PHASE_LIMITS.drain);
    postsDone = true;
    if (post) fillPostFigures(result, post, opts);
  }
  log(`${kind}: ${post.accepted.length} accepted in ${secs(post.lastAcceptedAt - post.firstSentAt)}; waiting for provisioning…`);
  try {
    await trackerRun;
  } finally {
    fillTrackerFigures(result, tracker, post, opts);
  }
  const loadEnd = performance.now();
  server.rss.sample();
  result.server.loadPeakRssMb = round(server.rss.phasePeakKb / 1024);
  const probed = await server.probe('report');
  if (probed) Object.assign(result.server, probed);
  loadWindow.toUs = monotonicUs();
  const cpu1 = cpuSecondsOf(server.pid);
  const host1 = hostCpuSeconds();
  if (host0 && host1) {
    // Everything on the machine: the server, PostgreSQL's backends, this bench, other processes.
    result.client.hostCpuBusyCores = round((host1.busy - host0.busy) / ((performance.now() - host0At) / 1000), 2);
  }
  const clientCpu = process.cpuUsage(clientCpu0);
  const loadMs = loadEnd - post.firstSentAt;
  if (cpu0 !== null && cpu1 !== null) {
    result.server.cpuSeconds = round(cpu1 - cpu0, 2);
    result.server.cpuUtilisation = round((cpu1 - cpu0) / (loadMs / 1000), 2);
  }
  result.client.loadAvgAfter = os.loadavg().map((v) => round(v, 2));
  result.client.cpuSeconds = round((clientCpu.user + clientCpu.system) / 1e6, 2);
  result.client.cpuUtilisation = round((clientCpu.user + clientCpu.system) / 1e3 / loadMs, 2);
  log(`${kind}: all final after ${secs(loadMs)}`);

  // Server-side timing from the customers' own timestamps (created → lastStatusChange).
  const stamps = await serverTimestamps(client);
  fillServerClockFigures(result, tracker, stamps);
  server.rss.sample();
  if (kind === 'server' && (opts.subscribers > 0 || opts.listTenant > 0)) {
    // commitsPerCustomer must not count the subscriber phases: snapshot the counters once every
    // backend has flushed them (busy ones within 1 s, idle ones within 10 s).
    await sleep(Math.min(PG_STATS_FLUSH_MS - (performance.now() - loadEnd), until(PG_STATS_FLUSH_MS) - performance.now()));
    try {
      const snap = await target.stats();
      if (snap) result.server.databaseAfterCustomers = snap;
    } catch (err) {
      log(`${kind}: could not read database statistics: ${String(err)}`);
    }
  }

  return [...tracker.byId.values()]
    .filter((a) => a.finalStatus === 'provisioned')
    .map((a) => ({ id: a.id, calling: a.calling }));
}
