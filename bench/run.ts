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
import { max, mean, percentile, round } from './lib/stats.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'bench', 'results');

const USAGE = `usage: npm run bench -- [options]
  --customers N        customers to provision per database (default 500; 100 with --quick)
  --concurrency C      concurrent POST clients (default 50; 20 with --quick)
  --quick              small run: 100 customers, concurrency 20
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

/** Per-phase limits (ms); each is also cut to what is left of the global budget. */
const PHASE_LIMITS = { startup: 60_000, template: 15_000, posts: 240_000, drain: 240_000, teardown: 20_000 };

interface RunResult {
  database: 'embedded' | 'server';
  ok: boolean;
  error?: string;
  customers: Record<string, unknown>;
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
  const result: RunResult = { database: kind, ok: false, customers: {}, server: {}, client: {} };
  // Other processes on the machine skew every figure: keep the load average with the run.
  result.client.loadAvgBefore = os.loadavg().map((v) => round(v, 2));
  const until = (ms: number) => Math.min(performance.now() + ms, globalDeadline - PHASE_LIMITS.teardown);
  const tag = `${kind.slice(0, 3)}${Date.now().toString(36)}`;
  let target: DatabaseTarget | undefined;
  let server: ServerProcess | undefined;
  let client: JsonClient | undefined;
  let profileDir: string | undefined;
  let window: { fromUs: number; toUs: number } | undefined;
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
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log(`${kind}: FAILED: ${result.error}`);
  } finally {
    client?.close();
    if (server) {
      const stopped = await server.stop(5000);
      cleanups.delete(stopServer);
      result.server.peakRssMb = round(server.rss.peakKb / 1024);
      result.server.vmHwmMb = round((server.rss.hwmKb ?? 0) / 1024);
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
          const n = Number(result.customers.provisioned) || 0;
          result.server.database = { ...stats, ...(n ? { commitsPerCustomer: round(stats.xact_commit! / n, 1) } : {}) };
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
      for (const f of files) {
        const summary: ProfileSummary = summariseProfile(path.join(profileDir, f), repoRoot, window);
        if (summary.totalMs - summary.idleMs < 50) continue; // a helper thread's profile
        result.server.cpuProfile = { ...summary, file: path.relative(repoRoot, summary.file) };
        process.stdout.write(`\n[${kind}] ${formatProfile(summary)}\n`);
      }
    }
  }
  return result;
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
    ['server peak RSS in the load phase (MB)', (r) => fmt(get(r, 'server.loadPeakRssMb'))],
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
    ['result', (r) => (r.ok ? 'ok' : 'FAILED')],
  ];
  const header = ['', ...runs.map((r) => (r.database === 'embedded' ? 'embedded (PGlite)' : 'server (PostgreSQL)'))];
  const body = rows.map(([label, f]) => [label, ...runs.map(f)]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  │  ');
  const sep = widths.map((w) => '─'.repeat(w)).join('──┼──');
  const out = [
    `Wholesale Hub provisioning bench: ${opts.customers} customers (half meetings only, half calling + meetings), ${opts.concurrency} concurrent clients`,
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
  for (const kind of opts.databases) {
    if (interrupted) break;
    if (performance.now() > globalDeadline - PHASE_LIMITS.teardown - 5000) {
      runs.push({ database: kind, ok: false, error: 'skipped: the time limit was used up', customers: {}, server: {}, client: {} });
      continue;
    }
    runs.push(await benchOne(kind, opts, globalDeadline));
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
