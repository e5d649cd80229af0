import os from 'node:os';
import type { RunResult } from './figures.ts';
import { PHASE_LIMITS, QUICK_LIST, type Options } from './options.ts';
import { TUNING_ENV } from './server.ts';
import { CALLING_EVERY, type ListKindResult } from './subscribers.ts';

/** What the bench reports: the table printed on stdout and the JSON written to --out. */

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

export function table(runs: RunResult[], opts: Options): string {
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

/** The JSON written to --out: the host, the options and limits, and every database's results. */
export function jsonReport(startedAt: string, opts: Options, runs: RunResult[]) {
  const tuning = Object.fromEntries(TUNING_ENV.filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  const cpus = os.cpus();
  return {
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
}
