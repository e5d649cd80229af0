/**
 * Provisioning benchmark: `npm run bench [-- --customers N --concurrency C --quick …]`.
 *
 * For the embedded database (and then, when DATABASE_URL is set, a fresh database on that
 * PostgreSQL server) it spawns the real server, provisions N customers through the HTTP API
 * with C concurrent clients, waits for every one to be final, and reports throughput,
 * latencies and the server's memory. Results: a table on stdout and bench/results/latest.json.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JsonClient } from './lib/http.ts';
import { Tracker, postCustomers, serverTimestamps, templateBody, type Accepted, type PostResult } from './lib/load.ts';
import { formatProfile, monotonicUs, summariseProfile, type ProfileSummary } from './lib/profile.ts';
import {
  TUNING_ENV,
  cpuSecondsOf,
  embeddedTarget,
  hostCpuSeconds,
  freePort,
  serverTarget,
  startServer,
  waitHealthy,
  type DatabaseTarget,
  type ServerProcess,
} from './lib/server.ts';
import { max, mean, percentile, round, sleep } from './lib/stats.ts';
import { decodeId, encodeId } from '../src/http/ids.ts';
import { openEmbeddedDatabase, type Db } from '../src/db/client.ts';
import { countSubscribers, explainListQueries, openPgDb, partnerOfToken, seedSubscribers, type ExplainedQuery, type SeedResult } from './lib/seed.ts';
import {
  CALLING_EVERY,
  listLoad,
  postSubscribers,
  waitMailDrained,
  type ListKind,
  type ListKindResult,
  type SubscriberCustomer,
  type SubscriberPostResult,
} from './lib/subscribers.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

const USAGE = `usage: npm run bench -- [options]
  --customers N        customers to provision per database (default 500; 100 with --quick)
  --concurrency C      concurrent POST clients, customers and subscribers (default 50; 20 with --quick)
  --subscribers S      subscribers to provision across those customers (default 10000; 1000 with --quick; 0: skip)
  --list-tenant N      subscribers of the partner for the list phase, topped up by seeding rows
                       in the database (default 100000; 10000 with --quick; 0: skip the list phase)
  --list-clients L     concurrent clients in the list phase (default 20)
  --quick              small run: 100 customers, 1000 subscribers, a 10000-subscriber tenant, concurrency 20
  --only KIND          embedded | server (default: embedded, then server when DATABASE_URL is set)
  --poll-interval MS   status polling interval (default 100)
  --time-limit S       budget for the whole invocation in seconds (default 540; 150 with --quick)
  --cpu-prof           run the server with --cpu-prof and summarise where its time went
  --cold-connections   do not open the client connections before the load phase starts
  --out FILE           JSON results (default bench/results/latest.json)
Environment: DATABASE_URL (admin URL of a PostgreSQL server; a bench_<random> database is
created there and dropped afterwards); ${TUNING_ENV.join(', ')} are passed to the server.`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      concurrency: { type: 'string' },
      subscribers: { type: 'string' },
      'list-tenant': { type: 'string' },
      'list-clients': { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'poll-interval': { type: 'string' },
      'time-limit': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'cold-connections': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, def: number, min: number, maxV: number) => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > maxV) throw new Error(`--${name} must be an integer from ${min} to ${maxV}`);
    return n;
  };
  const quick = values.quick!;
  const only = values.only;
  if (only !== undefined && only !== 'embedded' && only !== 'server') throw new Error('--only must be embedded or server');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (only === 'server' && !databaseUrl) throw new Error('--only server needs DATABASE_URL');
  const databases: ('embedded' | 'server')[] = only ? [only] : databaseUrl ? ['embedded', 'server'] : ['embedded'];
  return {
    customers: int('customers', values.customers, quick ? 100 : 500, 1, 1_000_000),
    concurrency: int('concurrency', values.concurrency, quick ? 20 : 50, 1, 1000),
    subscribers: int('subscribers', values.subscribers, quick ? 1000 : 10_000, 0, 1_000_000),
    listTenant: int('list-tenant', values['list-tenant'], quick ? 10_000 : 100_000, 0, 2_000_000),
    listClients: int('list-clients', values['list-clients'], 20, 1, 500),
    quick,
    databases,
    pollIntervalMs: int('poll-interval', values['poll-interval'], 100, 10, 10_000),
    timeLimitS: int('time-limit', values['time-limit'], quick ? 150 : 540, 10, 86_400),
    cpuProf: values['cpu-prof']!,
    coldConnections: values['cold-connections']!,
    out: path.resolve(values.out ?? path.join(resultsDir, 'latest.json')),
    databaseUrl,
  };
}

type Options = ReturnType<typeof parseOptions>;

/**
 * Per-phase limits (ms); each is also cut to what is left of the run's budget (with two databases
 * the embedded run gets 60 % of what is left, the server run the rest). The subscriber POSTs and
 * the seeding stop at their limit and report what they did (`truncated`); the list phase measures
 * each query kind for at most `listKind` ms or `listKindRequests` requests.
 */
const PHASE_LIMITS = {
  startup: 60_000, template: 15_000, posts: 240_000, drain: 240_000, teardown: 20_000,
  subscriberPosts: 180_000, mailDrain: 60_000, seed: 150_000, listKind: 8_000, listKindRequests: 2_000,
};
/** --quick: per list query kind. */
const QUICK_LIST = { ms: 2_000, requests: 200 };
/** Wait for idle PostgreSQL backends to flush their statistics (PGSTAT_IDLE_INTERVAL is 10 s). */
const PG_STATS_FLUSH_MS = 10_500;

interface RunResult {
  database: 'embedded' | 'server';
  ok: boolean;
  error?: string;
  customers: Record<string, unknown>;
  subscribers: Record<string, unknown>;
  server: Record<string, unknown>;
  client: Record<string, unknown>;
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Things to undo if the bench is interrupted (Ctrl-C) or fails. */
const cleanups = new Set<() => Promise<unknown>>();
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${sig}: stopping the server and cleaning up…`);
    void Promise.allSettled([...cleanups].map((c) => c())).then(() => process.exit(130));
  });
}

async function benchOne(kind: 'embedded' | 'server', opts: Options, globalDeadline: number): Promise<RunResult> {
  const result: RunResult = { database: kind, ok: false, customers: {}, subscribers: {}, server: {}, client: {} };
  // Other processes on the machine skew every figure: keep the load average with the run.
  result.client.loadAvgBefore = os.loadavg().map((v) => round(v, 2));
  const until = (ms: number) => Math.min(performance.now() + ms, globalDeadline - PHASE_LIMITS.teardown);
  const tag = `${kind.slice(0, 3)}${Date.now().toString(36)}`;
  let target: DatabaseTarget | undefined;
  let server: ServerProcess | undefined;
  let client: JsonClient | undefined;
  let profileDir: string | undefined;
  let window: { fromUs: number; toUs: number } | undefined;
  /** The subscriber POST and list phases, for --cpu-prof (by server pid: the embedded server is restarted). */
  const subWindows: ProfileWindow[] = [];
  const stopServer = async () => server?.stop(5000);
  const dropTarget = async () => target?.cleanup();
  try {
    target = kind === 'embedded' ? await embeddedTarget() : await serverTarget(opts.databaseUrl!);
    cleanups.add(dropTarget);
    log(`${kind}: database at ${target.where}`);
    if (opts.cpuProf) {
      profileDir = path.join(resultsDir, `cpu-prof-${kind}`);
      rmSync(profileDir, { recursive: true, force: true });
      mkdirSync(profileDir, { recursive: true });
    }
    const port = await freePort();
    const spawnedAt = performance.now();
    server = startServer({ repoRoot, target, logFile: path.join(resultsDir, `wholesale-hub-${kind}.log`), cpuProfDir: profileDir, rssIntervalMs: 200 }, port);
    cleanups.add(stopServer);
    result.server.pid = server.pid;
    result.server.port = port;
    await waitHealthy(server, until(PHASE_LIMITS.startup));
    result.server.startupMs = round(performance.now() - spawnedAt, 0);
    log(`${kind}: server pid ${server.pid} healthy on 127.0.0.1:${port} after ${secs(performance.now() - spawnedAt)}`);

    // Keep-alive sockets: the POST loops plus the status pollers.
    client = new JsonClient(port, server.partnerToken, opts.concurrency + 6);
    const tpl = await client.request('POST', '/v1/wholesale/templates', templateBody(tag), PHASE_LIMITS.template);
    if (tpl.status !== 201) throw new Error(`create template: HTTP ${tpl.status} ${JSON.stringify(tpl.body).slice(0, 300)}`);
    const provisioningId = (tpl.body as { provisioningId: string }).provisioningId;
    result.server.idleRssMb = round((server.rss.sample() ?? 0) / 1024);

    // Open every keep-alive connection before the clock starts, as long-lived clients would have
    // them. (With the embedded database a brand-new connection can wait for most of the POST
    // phase before its first request is served; --cold-connections shows that.)
    if (!opts.coldConnections) {
      await Promise.all(Array.from({ length: opts.concurrency + 6 }, () => client!.request('GET', '/health')));
    }

    // Load phase: POST loops and the status tracker run together.
    const tracker = new Tracker(client, opts.pollIntervalMs);
    const cpu0 = cpuSecondsOf(server.pid);
    const host0 = hostCpuSeconds();
    const host0At = performance.now();
    const clientCpu0 = process.cpuUsage();
    window = { fromUs: monotonicUs(), toUs: Infinity };
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
    window.toUs = monotonicUs();
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

    const provisioned: SubscriberCustomer[] = [...tracker.byId.values()]
      .filter((a) => a.finalStatus === 'provisioned')
      .map((a) => ({ id: a.id, calling: a.calling }));
    const t = target;
    await subscriberPhases({
      kind, opts, result, target: t, tag, customers: provisioned, until, server, client,
      markWindow: (w) => subWindows.push(w),
      restart: async () => {
        const port2 = await freePort();
        const at = performance.now();
        server = startServer({ repoRoot, target: t, logFile: path.join(resultsDir, `wholesale-hub-${kind}-list.log`), cpuProfDir: profileDir, rssIntervalMs: 200 }, port2);
        result.server.listProcess = { pid: server.pid, port: port2 };
        await waitHealthy(server, until(PHASE_LIMITS.startup));
        (result.server.listProcess as Record<string, unknown>).startupMs = round(performance.now() - at, 0);
        client = new JsonClient(port2, server.partnerToken, opts.listClients + 2);
        return { server, client };
      },
      stopFirst: async () => {
        client?.close();
        const first = server!;
        const stopped = await first.stop(5000);
        result.server.firstProcess = {
          pid: first.pid,
          peakRssMb: round(first.rss.peakKb / 1024),
          vmHwmMb: round((first.rss.hwmKb ?? 0) / 1024),
          rssSamples: first.rss.samples,
          shutdown: { code: stopped.code, signal: stopped.signal, sigkill: stopped.killed, ms: round(stopped.ms, 0) },
          log: path.relative(repoRoot, first.logFile),
        };
      },
    });
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log(`${kind}: FAILED: ${result.error}`);
  } finally {
    client?.close();
    if (server) {
      const stopped = await server.stop(5000);
      cleanups.delete(stopServer);
      // With the embedded database the server is restarted for the list phase: peaks over both processes.
      const first = result.server.firstProcess as { peakRssMb: number; vmHwmMb: number } | undefined;
      result.server.peakRssMb = round(Math.max(server.rss.peakKb / 1024, first?.peakRssMb ?? 0));
      result.server.vmHwmMb = round(Math.max((server.rss.hwmKb ?? 0) / 1024, first?.vmHwmMb ?? 0));
      result.server.rssSamples = server.rss.samples;
      result.server.rssIntervalMs = 200;
      result.server.shutdown = { code: stopped.code, signal: stopped.signal, sigkill: stopped.killed, ms: round(stopped.ms, 0) };
      result.server.log = path.relative(repoRoot, server.logFile);
      if (stopped.killed) log(`${kind}: the server did not stop within 5 s of SIGTERM and was killed`);
    }
    if (target) {
      result.server.dataDirBytes = target.sizeBytes();
      try {
        const stats = await target.stats();
        if (stats) {
          // Whole-database counters: startup, migrations and the bench's own reads included.
          // Commits per customer: up to the end of the customer phase when subscribers followed.
          const n = Number(result.customers.provisioned) || 0;
          const upTo = (result.server.databaseAfterCustomers as Record<string, number> | undefined) ?? stats;
          result.server.database = { ...stats, ...(n ? { commitsPerCustomer: round(upTo.xact_commit! / n, 1) } : {}) };
        }
        const tables = await target.tables();
        if (tables) result.server.tables = tables;
      } catch (err) {
        log(`${kind}: could not read database statistics: ${String(err)}`);
      }
      try {
        await target.cleanup();
      } catch (err) {
        log(`${kind}: cleanup failed: ${String(err)}`);
      }
      cleanups.delete(dropTarget);
    }
    if (profileDir) {
      const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
      if (files.length === 0) log(`${kind}: no CPU profile was written (killed?)`);
      const firstPid = Number((result.server.firstProcess as { pid?: number } | undefined)?.pid ?? result.server.pid);
      for (const f of files) {
        // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
        const pid = Number(f.split('.')[3]);
        if (pid === firstPid) {
          const summary: ProfileSummary = summariseProfile(path.join(profileDir, f), repoRoot, window);
          if (summary.totalMs - summary.idleMs < 50) continue; // a helper thread's profile
          result.server.cpuProfile = { ...summary, file: path.relative(repoRoot, summary.file) };
          process.stdout.write(`\n[${kind}] customer load phase: ${formatProfile(summary)}\n`);
        }
        for (const w of subWindows.filter((x) => x.pid === pid)) {
          const s2 = summariseProfile(path.join(profileDir, f), repoRoot, w);
          if (s2.totalMs - s2.idleMs < 50) continue;
          result.subscribers[w.key] = { ...s2, file: path.relative(repoRoot, s2.file) };
          process.stdout.write(`\n[${kind}] ${w.label}: ${formatProfile(s2)}\n`);
        }
      }
    }
  }
  return result;
}

interface ProfileWindow {
  key: string;
  label: string;
  pid: number;
  fromUs: number;
  toUs: number;
}

/** Bench-process RSS sampler (the embedded database is opened in the bench itself to seed it). */
function sampleOwnRss(intervalMs = 200) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * After the customer phase: (1) subscribers POSTed across the provisioned customers, then the
 * wait for their mail to leave the outbox; (2) the partner topped up to `listTenant` subscribers by
 * seeding rows (PostgreSQL: over a pg connection while the server runs; embedded: the server is
 * stopped, the bench opens its data dir with openEmbeddedDatabase, seeds, closes it and starts a
 * new server process on it), then list-page latency per query kind with `listClients` clients,
 * and on PostgreSQL EXPLAIN (ANALYZE, BUFFERS) of the same queries.
 */
async function subscriberPhases(p: {
  kind: 'embedded' | 'server';
  opts: Options;
  result: RunResult;
  target: DatabaseTarget;
  tag: string;
  customers: SubscriberCustomer[];
  until: (ms: number) => number;
  server: ServerProcess;
  client: JsonClient;
  markWindow: (w: ProfileWindow) => void;
  /** Embedded only: stops the server (recording its figures), then starts a new one. */
  stopFirst: () => Promise<void>;
  restart: () => Promise<{ server: ServerProcess; client: JsonClient }>;
}): Promise<void> {
  const { kind, opts, result, until } = p;
  const sub = result.subscribers;
  let { server, client } = p;
  const rssMb = (kb: number) => round(kb / 1024);
  let postSample: SubscriberPostResult['sample'] = [];

  if (opts.subscribers > 0) {
    const used = p.customers.slice(0, Math.min(p.customers.length, opts.subscribers));
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
        client, customers: used, tag: p.tag, total: opts.subscribers, concurrency: opts.concurrency,
        deadline: until(PHASE_LIMITS.subscriberPosts),
      });
    } catch (err) {
      post = (err as { partial?: SubscriberPostResult }).partial;
      throw err;
    } finally {
      if (post) {
        fillSubscriberPostFigures(sub, post);
        postSample = post.sample;
      }
    }
    const postEnd = performance.now();
    p.markWindow({ key: 'postCpuProfile', label: 'subscriber POST phase', pid: server.pid, fromUs, toUs: monotonicUs() });
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
      sub.mailDrained = d.drained;
      sub.mailDrainAfterLastPostMs = round(performance.now() - postEnd, 0);
      sub.mailDrainPolls = d.polls;
    } finally {
      op.close();
    }
    server.rss.sample();
    sub.postPeakRssMb = rssMb(server.rss.phasePeakKb);
    log(`${kind}: outbox ${sub.mailDrained ? 'drained' : 'NOT drained'} ${secs(Number(sub.mailDrainAfterLastPostMs))} after the last POST`);
  }

  if (opts.listTenant <= 0) return;

  // Seeding.
  const seedDeadline = until(PHASE_LIMITS.seed);
  let seed: SeedResult;
  let partnerId: string;
  let apiSubscribers: number;
  const seedLog = (n: number) => log(`${kind}: seeded ${n} subscribers`);
  if (kind === 'server') {
    sub.seedMethod = 'SQL over a pg connection while the server runs: INSERT … SELECT generate_series into people + subscribers (one statement per 25,000), new meetings-only customers of 1,000 subscribers each, then ANALYZE';
    server.rss.resetPhase();
    const { db, close } = await openPgDb(p.target.env.DATABASE_URL!);
    try {
      const tpl = await partnerOfToken(db, server.partnerToken);
      partnerId = tpl.partnerId;
      apiSubscribers = await countSubscribers(db, partnerId);
      log(`${kind}: seeding ${Math.max(0, opts.listTenant - apiSubscribers)} subscribers (the partner has ${apiSubscribers})…`);
      seed = await seedSubscribers(db, { ...tpl, total: Math.max(0, opts.listTenant - apiSubscribers), tag: p.tag, deadline: seedDeadline, onProgress: seedLog });
    } finally {
      await close();
    }
    server.rss.sample();
    sub.seedServerPeakRssMb = rssMb(server.rss.phasePeakKb);
  } else {
    sub.seedMethod = 'server stopped; the bench opened its data dir with openEmbeddedDatabase({dataDir}) and ran INSERT … SELECT generate_series into people + subscribers (one statement per 25,000), new meetings-only customers of 1,000 subscribers each, then ANALYZE; closed it and started a new server process for the list phase';
    await p.stopFirst();
    const own = sampleOwnRss();
    const t0 = performance.now();
    const database = await openEmbeddedDatabase({ dataDir: p.target.env.DATA_DIR! });
    sub.seedOpenMs = round(performance.now() - t0, 0);
    try {
      const db: Db = database.db;
      const tpl = await partnerOfToken(db, server.partnerToken);
      partnerId = tpl.partnerId;
      apiSubscribers = await countSubscribers(db, partnerId);
      log(`${kind}: seeding ${Math.max(0, opts.listTenant - apiSubscribers)} subscribers (the partner has ${apiSubscribers})…`);
      seed = await seedSubscribers(db, { ...tpl, total: Math.max(0, opts.listTenant - apiSubscribers), tag: p.tag, deadline: seedDeadline, onProgress: seedLog });
    } finally {
      const c0 = performance.now();
      await database.close();
      sub.seedCloseMs = round(performance.now() - c0, 0);
      sub.seedBenchPeakRssMb = round(own.stop() / 1024 / 1024);
    }
    log(`${kind}: restarting the server on the seeded data dir…`);
    ({ server, client } = await p.restart());
    await Promise.all(Array.from({ length: opts.listClients + 2 }, () => client.request('GET', '/health')));
  }
  const tenant = apiSubscribers + seed.seeded;
  Object.assign(sub, {
    listTenant: tenant,
    listTenantRequested: opts.listTenant,
    listTenantViaApi: apiSubscribers,
    seeded: seed.seeded,
    seededCustomers: seed.customers,
    seedMs: round(seed.ms, 0),
    seedAnalyzeMs: round(seed.analyzeMs, 0),
    seedRowsPerSec: seed.ms > 0 ? round(seed.seeded / (seed.ms / 1000), 0) : null,
    seedTruncated: seed.truncated,
  });
  log(`${kind}: tenant of ${tenant} subscribers (${seed.seeded} seeded in ${secs(seed.ms)}); measuring list pages with ${opts.listClients} clients…`);

  // List phase.
  const seededCustomers = seed.customerIds.map((u) => encodeId('ENTERPRISE', u));
  const sample = postSample;
  const pick = <T,>(xs: readonly T[], i: number) => xs[(i * 7919) % xs.length]!;
  const seededEmail = (i: number) => `${seed.emailPrefix}${(i * 104_729) % seed.seeded}@bench.example`;
  const customerAt = (i: number) => (seededCustomers.length ? pick(seededCustomers, i) : pick(sample, i).customerId);
  const emailAt = (i: number) => (seed.seeded ? seededEmail(i) : pick(sample, i).email);
  // `after`: a point in the first 90 % of the seeded range, so a page of 100 follows it.
  const span = seed.createdToMs - seed.createdFromMs;
  const afterAt = (i: number) => (seed.seeded ? Math.round(seed.createdFromMs + ((i * 0.6180339887) % 1) * span * 0.9) : Date.now() - 3600_000);
  const deepOffset = tenant >= 50_100 ? 50_000 : Math.floor(tenant / 200) * 100;
  const kinds: ListKind[] = [
    { key: 'first', label: 'first page (max=100)', path: () => '/v1/wholesale/subscribers?max=100' },
    { key: 'customerId', label: 'customerId=…', path: (i) => `/v1/wholesale/subscribers?customerId=${customerAt(i)}&max=100`,
      note: seed.seeded ? `one of ${seededCustomers.length} seeded customers (~${seed.perCustomer} subscribers each), in turn` : 'customers of the POST phase' },
    { key: 'email', label: 'email=…', path: (i) => `/v1/wholesale/subscribers?email=${encodeURIComponent(emailAt(i))}&max=100`, note: 'a different existing subscriber each time' },
    { key: 'after', label: 'after=<ms>&sortBy=created&sortOrder=ASC', path: (i) => `/v1/wholesale/subscribers?after=${afterAt(i)}&sortBy=created&sortOrder=ASC&max=100`,
      note: 'a point in the first 90 % of the seeded created range, varying' },
    { key: 'deep', label: `deep page (offset=${deepOffset})`, path: () => `/v1/wholesale/subscribers?offset=${deepOffset}&max=100`,
      note: deepOffset === 50_000 ? 'offset=50000, default order (created DESC)' : `offset=${deepOffset} (half the tenant: it is smaller than 50,100)` },
  ];
  server.rss.resetPhase();
  await server.probe('reset');
  const listLoadAvgBefore = os.loadavg().map((v) => round(v, 2));
  const cpu0 = cpuSecondsOf(server.pid);
  const host0 = hostCpuSeconds();
  const l0 = performance.now();
  const listFromUs = monotonicUs();
  const maxMs = opts.quick ? QUICK_LIST.ms : PHASE_LIMITS.listKind;
  const maxRequests = opts.quick ? QUICK_LIST.requests : PHASE_LIMITS.listKindRequests;
  const listClient = new JsonClient(server.port, server.partnerToken, opts.listClients);
  let kindsOut: ListKindResult[];
  try {
    await Promise.all(Array.from({ length: opts.listClients }, () => listClient.request('GET', '/health')));
    kindsOut = await listLoad({
      client: listClient, kinds, clients: opts.listClients, maxRequests, maxMs,
      // Each kind needs its warm-up plus maxMs; the rest of the run keeps its teardown.
      deadline: until(kinds.length * (maxMs + 15_000)),
      onKindStart: (k) => log(`${kind}: list ${k.label}…`),
    });
  } finally {
    listClient.close();
  }
  const cpu1 = cpuSecondsOf(server.pid);
  const host1 = hostCpuSeconds();
  p.markWindow({ key: 'listCpuProfile', label: 'list phase', pid: server.pid, fromUs: listFromUs, toUs: monotonicUs() });
  const probed = await server.probe('report');
  server.rss.sample();
  const list: Record<string, unknown> = {};
  for (const k of kindsOut) list[k.key] = k;
  const first = kindsOut.find((k) => k.key === 'first');
  Object.assign(sub, {
    listP50Ms: first?.p50Ms ?? null,
    listP99Ms: first?.p99Ms ?? null,
    listClients: opts.listClients,
    listPerKindLimit: { requests: maxRequests, ms: maxMs, warmupRequestsPerKind: opts.listClients },
    list,
    listPeakRssMb: rssMb(server.rss.phasePeakKb),
    listLoadAvgBefore,
    ...(host0 && host1 ? { listHostCpuBusyCores: round((host1.busy - host0.busy) / ((performance.now() - l0) / 1000), 2) } : {}),
    ...(cpu0 !== null && cpu1 !== null ? { listCpuSeconds: round(cpu1 - cpu0, 2), listCpuUtilisation: round((cpu1 - cpu0) / ((performance.now() - l0) / 1000), 2) } : {}),
    ...(probed?.eventLoopDelay ? { listEventLoopDelay: probed.eventLoopDelay } : {}),
  });
  if (kindsOut.length < kinds.length) throw new Error(`list phase: time limit reached after ${kindsOut.length}/${kinds.length} query kinds`);

  if (kind === 'server') {
    // The plans of the same queries, as the server sends them (captured from the product's listSubscribers).
    const mid = new Date(seed.seeded ? Math.round(seed.createdFromMs + span * 0.45) : Date.now() - 3600_000);
    const shapes = [
      { key: 'first', label: 'first page: partner, ORDER BY created DESC, id DESC LIMIT 101', filter: {}, offset: 0 },
      { key: 'customerId', label: 'customerId filter', filter: { customerId: seed.customerIds[0] ?? decodeId('ENTERPRISE', sample[0]?.customerId ?? '') ?? '00000000-0000-0000-0000-000000000000' }, offset: 0 },
      { key: 'email', label: 'email filter', filter: { email: seed.seeded ? seededEmail(12_345) : (sample[0]?.email ?? 'x@bench.example') }, offset: 0 },
      { key: 'after', label: 'after (created >= X) ORDER BY created ASC', filter: { after: mid, order: 'ASC' as const }, offset: 0 },
      { key: 'deep', label: `deep page OFFSET ${deepOffset}`, filter: {}, offset: deepOffset },
    ];
    try {
      const explained = await explainListQueries(p.target.env.DATABASE_URL!, partnerId, shapes.map((s) => ({
        key: s.key, label: s.label, offset: s.offset, filter: { sortBy: 'created' as const, order: 'DESC' as const, ...s.filter },
      })));
      sub.explain = explained;
      writeFileSync(path.join(resultsDir, 'explain-server.txt'), formatExplain(explained, tenant));
    } catch (err) {
      log(`${kind}: EXPLAIN failed: ${String(err)}`);
      sub.explainError = String(err);
    }
  }
}

function formatExplain(xs: ExplainedQuery[], tenant: number): string {
  return xs.map((x) => [
    `-- ${x.label} (tenant of ${tenant.toLocaleString('en-US')} subscribers)`,
    `-- ${x.sql}`,
    `-- params: ${JSON.stringify(x.params)}`,
    x.plan,
    '',
  ].join('\n')).join('\n');
}

function fillSubscriberPostFigures(sub: Record<string, unknown>, post: SubscriberPostResult): void {
  const spanMs = post.lastAcceptedAt - post.firstSentAt;
  const pct = (xs: number[], q: number) => round(percentile(xs, q));
  Object.assign(sub, {
    accepted: post.accepted,
    acceptedCalling: post.acceptedCalling,
    acceptedAdmins: post.acceptedAdmins,
    truncated: post.truncated,
    postErrors: post.errors,
    ...(post.firstErrorSample ? { firstPostError: post.firstErrorSample } : {}),
    postPhaseMs: post.accepted ? round(spanMs, 0) : null,
    postPerSec: post.accepted && spanMs > 0 ? round(post.accepted / (spanMs / 1000), 1) : null,
    postP50Ms: pct(post.latencies, 50),
    postP90Ms: pct(post.latencies, 90),
    postP99Ms: pct(post.latencies, 99),
    postP999Ms: pct(post.latencies, 99.9),
    postMaxMs: round(max(post.latencies)),
    postMeanMs: round(mean(post.latencies)),
    postMeetings: { n: post.latenciesMeetings.length, p50Ms: pct(post.latenciesMeetings, 50), p99Ms: pct(post.latenciesMeetings, 99) },
    postCalling: { n: post.latenciesCalling.length, p50Ms: pct(post.latenciesCalling, 50), p99Ms: pct(post.latenciesCalling, 99) },
    adminWaitMs: round(post.adminWaitMs, 0),
  });
}

function fillPostFigures(r: RunResult, post: PostResult, opts: Options): void {
  const spanMs = post.lastAcceptedAt - post.firstSentAt;
  Object.assign(r.customers, {
    requested: opts.customers,
    accepted: post.accepted.length,
    meetingsOnly: post.accepted.filter((a) => !a.calling).length,
    callingAndMeetings: post.accepted.filter((a) => a.calling).length,
    postErrors: post.errors,
    ...(post.firstErrorSample ? { firstPostError: post.firstErrorSample } : {}),
    postPhaseMs: round(spanMs, 0),
    postPerSec: round(post.accepted.length / (spanMs / 1000), 1),
    postP50Ms: round(percentile(post.latencies, 50)),
    postP90Ms: round(percentile(post.latencies, 90)),
    postP99Ms: round(percentile(post.latencies, 99)),
    postMaxMs: round(max(post.latencies)),
    postMeanMs: round(mean(post.latencies)),
  });
}

function fillTrackerFigures(r: RunResult, tracker: Tracker, post: PostResult, opts: Options): void {
  const all = [...tracker.byId.values()];
  const provisioned = all.filter((a) => a.finalStatus === 'provisioned');
  const wait = (xs: Accepted[]) => xs.map((a) => a.finalAt! - a.acceptedAt);
  const byStatus: Record<string, number> = {};
  for (const a of all) byStatus[a.finalStatus ?? 'not final'] = (byStatus[a.finalStatus ?? 'not final'] ?? 0) + 1;
  const finals = all.filter((a) => a.finalAt !== undefined).map((a) => a.finalAt!);
  const lastFinal = max(finals);
  const e2eMs = lastFinal === null ? null : lastFinal - post.firstSentAt;
  Object.assign(r.customers, {
    provisioned: provisioned.length,
    finalStatuses: byStatus,
    provisionedP50Ms: round(percentile(wait(provisioned), 50)),
    provisionedP90Ms: round(percentile(wait(provisioned), 90)),
    provisionedP99Ms: round(percentile(wait(provisioned), 99)),
    provisionedMaxMs: round(max(wait(provisioned))),
    provisionedP50MsMeetingsOnly: round(percentile(wait(provisioned.filter((a) => !a.calling)), 50)),
    provisionedP50MsCalling: round(percentile(wait(provisioned.filter((a) => a.calling)), 50)),
    endToEndMs: round(e2eMs, 0),
    drainMs: lastFinal === null ? null : round(lastFinal - post.lastAcceptedAt, 0),
    endToEndPerSec: e2eMs ? round(provisioned.length / (e2eMs / 1000), 1) : null,
    polling: {
      method: 'GET /v1/wholesale/customers?status=<final statuses>&max=100 per round (next pages only while a pending customer could be further down)',
      intervalMs: opts.pollIntervalMs,
      rounds: tracker.stats.rounds,
      listRequests: tracker.stats.listRequests,
      maxPagesPerRound: tracker.stats.maxPagesPerRound,
      listP50Ms: round(percentile(tracker.stats.listLatencies, 50)),
      listP99Ms: round(percentile(tracker.stats.listLatencies, 99)),
    },
  });
}

function fillServerClockFigures(
  r: RunResult,
  tracker: Tracker,
  stamps: Map<string, { status: string; created: number; lastStatusChange: number }>,
): void {
  const durations: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (const a of tracker.byId.values()) {
    const s = stamps.get(a.id);
    if (!s || s.status !== 'provisioned') continue;
    durations.push(s.lastStatusChange - s.created);
    first = Math.min(first, s.created);
    last = Math.max(last, s.lastStatusChange);
  }
  Object.assign(r.customers, {
    // The server's own clock: `created` (transaction start of the POST) → `lastStatusChange`
    // (the worker's final transaction). Millisecond resolution, no polling involved.
    serverClock: {
      provisionedP50Ms: round(percentile(durations, 50)),
      provisionedP99Ms: round(percentile(durations, 99)),
      provisionedMaxMs: round(max(durations)),
      firstCreatedToLastProvisionedMs: durations.length ? round(last - first, 0) : null,
      customersPerSec: durations.length && last > first ? round(durations.length / ((last - first) / 1000), 1) : null,
    },
  });
}

type Get = (r: RunResult, p: string) => unknown;

function subscriberRows(get: Get): [string, (r: RunResult) => string][] {
  const n = (r: RunResult, p: string, d = 1) => fmt(get(r, p), d);
  const listRow = (key: string, label: string): [string, (r: RunResult) => string] => [
    `list ${label} p50 / p99 (ms)`,
    (r) => {
      const k = get(r, `subscribers.list.${key}`) as ListKindResult | undefined;
      if (!k) return '–';
      const errs = Object.entries(k.errors).map(([s, c]) => ` ${s}×${c}`).join('');
      const items = k.itemsMin === k.itemsMax ? `${k.itemsMin}` : `${k.itemsMin}-${k.itemsMax}`;
      return `${fmt(k.p50Ms)} / ${fmt(k.p99Ms)} [${k.ok}, items ${items}${errs}]`;
    },
  ];
  return [
    ['── subscribers ──', () => ''],
    ['subscribers accepted / requested', (r) => `${n(r, 'subscribers.accepted', 0)} / ${n(r, 'subscribers.requested', 0)}${get(r, 'subscribers.truncated') ? ' (time limit)' : ''}`],
    ['  over customers (of which calling)', (r) => `${n(r, 'subscribers.customersUsed', 0)} (${n(r, 'subscribers.customersUsedCalling', 0)})`],
    ['  webex_calling with extension / admins', (r) => `${n(r, 'subscribers.acceptedCalling', 0)} / ${n(r, 'subscribers.acceptedAdmins', 0)}`],
    ['subscriber POST errors', (r) => {
      const e = get(r, 'subscribers.postErrors') as Record<string, number> | undefined;
      if (!e) return '–';
      return Object.entries(e).map(([k, v]) => `${k}×${v}`).join(' ') || '0';
    }],
    ['accepted subscriber POST req/s', (r) => n(r, 'subscribers.postPerSec')],
    ['subscriber POST p50 / p99 / p99.9 (ms)', (r) => `${n(r, 'subscribers.postP50Ms')} / ${n(r, 'subscribers.postP99Ms')} / ${n(r, 'subscribers.postP999Ms')}`],
    ['  meetings p50 / p99 (ms)', (r) => `${n(r, 'subscribers.postMeetings.p50Ms')} / ${n(r, 'subscribers.postMeetings.p99Ms')}`],
    ['  calling p50 / p99 (ms)', (r) => `${n(r, 'subscribers.postCalling.p50Ms')} / ${n(r, 'subscribers.postCalling.p99Ms')}`],
    ['subscriber POST max (ms)', (r) => n(r, 'subscribers.postMaxMs')],
    ['mail outbox drained, s after last POST', (r) => {
      const v = get(r, 'subscribers.mailDrainAfterLastPostMs') as number | undefined;
      if (v === undefined) return '–';
      return `${fmt(v / 1000, 1)}${get(r, 'subscribers.mailDrained') ? '' : ' (NOT drained)'}`;
    }],
    ['server CPU during subscriber POSTs (s / cores)', (r) => `${n(r, 'subscribers.postCpuSeconds')} / ${n(r, 'subscribers.postCpuUtilisation', 2)}`],
    ['  whole host CPU busy (cores) / load avg before', (r) => `${n(r, 'subscribers.postHostCpuBusyCores', 2)} / ${fmt((get(r, 'subscribers.postLoadAvgBefore') as number[] | undefined)?.[0], 2)}`],
    ['event-loop delay, subscriber POSTs p50/p99/max (ms)', (r) => {
      const d = get(r, 'subscribers.postEventLoopDelay') as { p50Ms: number; p99Ms: number; maxMs: number } | undefined;
      return d ? `${fmt(d.p50Ms, 0)} / ${fmt(d.p99Ms, 0)} / ${fmt(d.maxMs, 0)}` : '–';
    }],
    ['server peak RSS, subscriber POSTs + mail (MB)', (r) => n(r, 'subscribers.postPeakRssMb')],
    ['── list on a large tenant ──', () => ''],
    ['tenant subscribers (via API + seeded)', (r) => {
      const t = get(r, 'subscribers.listTenant');
      if (t === undefined) return '–';
      return `${n(r, 'subscribers.listTenant', 0)} (${n(r, 'subscribers.listTenantViaApi', 0)} + ${n(r, 'subscribers.seeded', 0)})${get(r, 'subscribers.seedTruncated') ? ' (time limit)' : ''}`;
    }],
    ['seeding method', (r) => (get(r, 'subscribers.seedMethod') === undefined ? '–' : r.database === 'server' ? 'SQL via pg, server running' : 'SQL in data dir, server restarted')],
    ['seeding time incl. ANALYZE (s) / rows/s', (r) => {
      const v = get(r, 'subscribers.seedMs') as number | undefined;
      return v === undefined ? '–' : `${fmt(v / 1000, 1)} / ${n(r, 'subscribers.seedRowsPerSec', 0)}`;
    }],
    ['peak RSS while seeding (MB)', (r) => {
      if (r.database === 'server') return `${n(r, 'subscribers.seedServerPeakRssMb')} (server, idle)`;
      const b = get(r, 'subscribers.seedBenchPeakRssMb');
      return b === undefined ? '–' : `${fmt(b)} (bench process, PGlite in it)`;
    }],
    ['server restart on the seeded data (ms)', (r) => (r.database === 'server' ? 'n/a' : n(r, 'server.listProcess.startupMs', 0))],
    listRow('first', 'first page max=100'),
    listRow('customerId', 'customerId=…'),
    listRow('email', 'email=…'),
    listRow('after', 'after=<ms> created ASC'),
    ['list deep page', (r) => fmt((get(r, 'subscribers.list.deep') as ListKindResult | undefined)?.label.replace('deep page ', ''))],
    listRow('deep', '  deep page'),
    ['server CPU during list phase (s / cores)', (r) => `${n(r, 'subscribers.listCpuSeconds')} / ${n(r, 'subscribers.listCpuUtilisation', 2)}`],
    ['  whole host CPU busy (cores) / load avg before', (r) => `${n(r, 'subscribers.listHostCpuBusyCores', 2)} / ${fmt((get(r, 'subscribers.listLoadAvgBefore') as number[] | undefined)?.[0], 2)}`],
    ['server peak RSS, list phase (MB)', (r) => n(r, 'subscribers.listPeakRssMb')],
  ];
}

const fmt = (v: unknown, digits = 1): string => {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return String(v);
};

function table(runs: RunResult[], opts: Options): string {
  const get = (r: RunResult, p: string): unknown => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], r);
  const rows: [string, (r: RunResult) => string][] = [
    ['customers accepted / provisioned', (r) => `${fmt(get(r, 'customers.accepted'), 0)} / ${fmt(get(r, 'customers.provisioned'), 0)}`],
    ['POST errors', (r) => {
      const e = (get(r, 'customers.postErrors') ?? {}) as Record<string, number>;
      const s = Object.entries(e).map(([k, v]) => `${k}×${v}`).join(' ');
      return s || '0';
    }],
    ['accepted POST req/s', (r) => fmt(get(r, 'customers.postPerSec'))],
    ['POST latency p50 (ms)', (r) => fmt(get(r, 'customers.postP50Ms'))],
    ['POST latency p99 (ms)', (r) => fmt(get(r, 'customers.postP99Ms'))],
    ['POST latency max (ms)', (r) => fmt(get(r, 'customers.postMaxMs'))],
    [`202→provisioned p50 (ms, polled)`, (r) => fmt(get(r, 'customers.provisionedP50Ms'), 0)],
    [`202→provisioned p99 (ms, polled)`, (r) => fmt(get(r, 'customers.provisionedP99Ms'), 0)],
    ['created→provisioned p50 (ms, server)', (r) => fmt(get(r, 'customers.serverClock.provisionedP50Ms'), 0)],
    ['created→provisioned p99 (ms, server)', (r) => fmt(get(r, 'customers.serverClock.provisionedP99Ms'), 0)],
    ['end to end (s)', (r) => fmt((get(r, 'customers.endToEndMs') as number | null) === null ? null : (get(r, 'customers.endToEndMs') as number) / 1000, 2)],
    ['  of which drain after last 202 (s)', (r) => fmt((get(r, 'customers.drainMs') as number | null) === null ? null : (get(r, 'customers.drainMs') as number) / 1000, 2)],
    ['customers/s end to end', (r) => fmt(get(r, 'customers.endToEndPerSec'))],
    ['server peak RSS (MB, 200 ms samples)', (r) => fmt(get(r, 'server.peakRssMb'))],
    ['server peak RSS, customer load phase (MB)', (r) => fmt(get(r, 'server.loadPeakRssMb'))],
    ['server VmHWM, kernel high-water mark (MB)', (r) => fmt(get(r, 'server.vmHwmMb'))],
    ['server RSS idle before load (MB)', (r) => fmt(get(r, 'server.idleRssMb'))],
    ['server CPU during load (s / cores)', (r) => `${fmt(get(r, 'server.cpuSeconds'), 1)} / ${fmt(get(r, 'server.cpuUtilisation'), 2)}`],
    ['bench client CPU during load (s)', (r) => fmt(get(r, 'client.cpuSeconds'), 1)],
    [`whole host CPU busy during load (of ${os.cpus().length} cores)`, (r) => fmt(get(r, 'client.hostCpuBusyCores'), 2)],
    ['server event-loop delay p50/p99/max (ms)', (r) => {
      const d = get(r, 'server.eventLoopDelay') as { p50Ms: number; p99Ms: number; maxMs: number } | undefined;
      return d ? `${fmt(d.p50Ms, 0)} / ${fmt(d.p99Ms, 0)} / ${fmt(d.maxMs, 0)}` : '–';
    }],
    ['host load avg 1 min, before / after', (r) => {
      const b = (get(r, 'client.loadAvgBefore') as number[] | undefined)?.[0];
      const a = (get(r, 'client.loadAvgAfter') as number[] | undefined)?.[0];
      return `${fmt(b, 2)} / ${fmt(a, 2)}`;
    }],
    ['PostgreSQL commits per customer', (r) => fmt(get(r, 'server.database.commitsPerCustomer'), 1)],
    ['server startup (ms)', (r) => fmt(get(r, 'server.startupMs'), 0)],
    ['status poll list latency p50 / p99 (ms)', (r) => `${fmt(get(r, 'customers.polling.listP50Ms'), 0)} / ${fmt(get(r, 'customers.polling.listP99Ms'), 0)}`],
    ['status poll rounds / list requests', (r) => `${fmt(get(r, 'customers.polling.rounds'), 0)} / ${fmt(get(r, 'customers.polling.listRequests'), 0)}`],
    ...subscriberRows(get),
    ['result', (r) => (r.ok ? 'ok' : 'FAILED')],
  ];
  const header = ['', ...runs.map((r) => (r.database === 'embedded' ? 'embedded (PGlite)' : 'server (PostgreSQL)'))];
  const body = rows.map(([label, f]) => [label, ...runs.map((r) => (label.startsWith('──') ? '' : f(r)))]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  │  ');
  const sep = widths.map((w) => '─'.repeat(w)).join('──┼──');
  const out = [
    `Wholesale Hub provisioning bench: ${opts.customers} customers (half meetings only, half calling + meetings), ${opts.concurrency} concurrent clients`
    + (opts.subscribers > 0 ? `; ${opts.subscribers.toLocaleString('en-US')} subscribers` : '')
    + (opts.listTenant > 0 ? `; list phase on a ${opts.listTenant.toLocaleString('en-US')}-subscriber tenant with ${opts.listClients} clients` : ''),
    '',
    line(header),
    sep,
    ...body.map(line),
    '',
    `202→provisioned is polled: a round of list requests every ${opts.pollIntervalMs} ms or as soon as the previous round is answered, whichever is later`,
    `(see bench/lib/load.ts), so its resolution is ~${opts.pollIntervalMs} ms at best and the list latency above when the server is slower;`,
    'created→provisioned comes from the customers\' own timestamps (server clock, no polling).',
    'customers/s end to end = provisioned / (first POST sent → last customer seen provisioned).',
    'RSS is the server process only (PGlite runs inside it; a PostgreSQL server\'s own memory is not included).',
    ...(opts.subscribers > 0 ? [
      `Subscribers: ${opts.subscribers} POSTs (200 = accepted) over the customer phase's provisioned customers with ${opts.concurrency} clients; webex_meetings,`
      + ` and on calling customers every ${CALLING_EVERY}th subscriber (the first, the org's admin, included) webex_calling with an extension.`,
      'Mail drained = the worker has sent (stored) every welcome/emergency mail the subscribers queued (polled every 500 ms via /v1/operator/outbox).',
    ] : []),
    ...(opts.listTenant > 0 ? [
      `List phase: the partner topped up to ${opts.listTenant.toLocaleString('en-US')} subscribers by seeding rows in the database (see "seeding method"), then`
      + ` ${opts.listClients} clients per query kind: ${opts.listClients} warm-up requests, then up to ${opts.quick ? QUICK_LIST.requests : PHASE_LIMITS.listKindRequests} requests or`
      + ` ${(opts.quick ? QUICK_LIST.ms : PHASE_LIMITS.listKind) / 1000} s; [n] = requests measured, items = page sizes seen.`,
    ] : []),
  ];
  for (const r of runs) if (r.error) out.push(`${r.database} FAILED: ${r.error}`);
  return out.join('\n');
}

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (process.platform !== 'linux') log('warning: RSS and CPU figures need /proc (Linux); they will be missing');
  mkdirSync(resultsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const globalDeadline = performance.now() + opts.timeLimitS * 1000;
  const tuning = Object.fromEntries(TUNING_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  const runs: RunResult[] = [];
  for (const [i, kind] of opts.databases.entries()) {
    if (interrupted) break;
    if (performance.now() > globalDeadline - PHASE_LIMITS.teardown - 5000) {
      runs.push({ database: kind, ok: false, error: 'skipped: the time limit was used up', customers: {}, subscribers: {}, server: {}, client: {} });
      continue;
    }
    // The embedded run is the slower one: with the server run still to come it gets 60 % of what is left.
    const left = globalDeadline - performance.now();
    const runDeadline = i < opts.databases.length - 1 ? performance.now() + left * 0.6 : globalDeadline;
    runs.push(await benchOne(kind, opts, runDeadline));
  }
  const cpus = os.cpus();
  const report = {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    options: {
      customers: opts.customers,
      concurrency: opts.concurrency,
      subscribers: opts.subscribers,
      listTenant: opts.listTenant,
      listClients: opts.listClients,
      quick: opts.quick,
      databases: opts.databases,
      pollIntervalMs: opts.pollIntervalMs,
      timeLimitS: opts.timeLimitS,
      cpuProf: opts.cpuProf,
      warmConnections: !opts.coldConnections,
      phaseLimitsMs: PHASE_LIMITS,
      serverEnv: { LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...tuning },
    },
    runs,
  };
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${table(runs, opts)}\n\nResults: ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
  process.exitCode = runs.every((r) => r.ok) ? 0 : 1;
}

await main();
