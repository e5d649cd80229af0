import os from 'node:os';
import type { RunResult } from './figures.ts';
import { PHASE_LIMITS, QUICK_LIST, type Options } from './options.ts';
import { TUNING_ENV } from './server.ts';
import type { VariantResult } from './ceiling.ts';
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
    ['subscribers/s end to end (first POST → mail sent)', (r) => n(r, 'subscribers.endToEndPerSec')],
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

/** The ceiling rows (first: measured before the server starts) and the ratios with issue 6's targets. */
function ceilingRows(get: Get): [string, (r: RunResult) => string][] {
  const variant = (key: string) => (r: RunResult) => {
    const v = get(r, `ceiling.variants.${key}`) as VariantResult | undefined;
    if (!v) return (get(r, `ceiling.errors.${key}`) as string | undefined) ? 'FAILED' : '–';
    const errs = Object.entries(v.errors).map(([k, n]) => ` ${k}×${n}`).join('');
    return `${fmt(v.rowsPerSec, 0)} [${v.sessions}; op p50/p99 ${fmt(v.opP50Ms, 2)} / ${fmt(v.opP99Ms, 2)} ms${errs}]`;
  };
  return [
    ['── database ceiling (driver directly) ──', () => ''],
    ['one subscriber per autocommit statement, rows/s [sessions]', variant('single')],
    ['  the same at PG_POOL_SIZE', (r) => (get(r, 'ceiling.variants.singleAtPool') ? variant('singleAtPool')(r) : typeof get(r, 'ceiling.poolSize') === 'number' ? '(= above)' : '–')],
    ['one people row per autocommit INSERT, rows/s', variant('plainInsert')],
    ['100 subscribers per transaction, rows/s', variant('tx100')],
    ['1,000 subscribers per statement, rows/s', variant('multi1000')],
    ['synchronous_commit / fsync', (r) => `${fmt(get(r, 'ceiling.settings.synchronous_commit'))} / ${fmt(get(r, 'ceiling.settings.fsync'))}`],
  ];
}

function ratioRows(get: Get): [string, (r: RunResult) => string][] {
  const check = (v: unknown, ok: (x: number) => boolean, digits = 1, unit = '') =>
    (typeof v === 'number' ? `${fmt(v, digits)}${unit} ${ok(v) ? 'ok' : 'MISSED'}` : '–');
  return [
    ['── Wholesale Hub over the ceiling ──', () => ''],
    ['subscriber POST/s ÷ one-subscriber-per-commit ceiling', (r) => check(get(r, 'ratios.subscriberPostVsSingleRowCeiling'), (x) => x >= 2, 2, '×')],
    ['  ÷ the same at PG_POOL_SIZE', (r) => fmt(get(r, 'ratios.subscriberPostVsSingleRowCeilingAtPoolSize'), 2)],
    ['  ÷ plain single-row INSERT ceiling', (r) => fmt(get(r, 'ratios.subscriberPostVsPlainInsertCeiling'), 2)],
    ['  ÷ best batched ceiling', (r) => fmt(get(r, 'ratios.subscriberPostVsBatchedCeiling'), 2)],
    ['subscribers/s end to end ÷ one-per-commit ceiling', (r) => fmt(get(r, 'ratios.subscriberEndToEndVsSingleRowCeiling'), 2)],
    ['── issue 6 targets (server database) ──', () => ''],
    ['POST/s ≥ 2× ceiling (above); subscriber POST p99 ≤ 50 ms', (r) => check(get(r, 'subscribers.postP99Ms'), (x) => x <= 50, 1, ' ms')],
    ['customers 202→provisioned p99 ≤ 2 s', (r) => check(get(r, 'customers.provisionedP99Ms'), (x) => x <= 2000, 0, ' ms')],
    ['list first page p99 ≤ 20 ms', (r) => check(get(r, 'subscribers.listP99Ms'), (x) => x <= 20, 1, ' ms')],
    ['server peak RSS ≤ 250 MB', (r) => check(get(r, 'server.peakRssMb'), (x) => x <= 250, 0, ' MB')],
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
    ...ceilingRows(get),
    ['── customers ──', () => ''],
    ['customers accepted / provisioned', (r) => `${fmt(get(r, 'customers.accepted'), 0)} / ${fmt(get(r, 'customers.provisioned'), 0)}`],
    ['POST errors', (r) => {
      const e = (get(r, 'customers.postErrors') ?? {}) as Record<string, number>;
      const s = Object.entries(e).map(([k, v]) => `${k}×${v}`).join(' ');
      return s || '0';
    }],
    ['accepted POST req/s', (r) => fmt(get(r, 'customers.postPerSec'))],
    ['POST latency p50 (ms)', (r) => fmt(get(r, 'customers.postP50Ms'))],
    ['POST latency p99 (ms)', (r) => fmt(get(r, 'customers.postP99Ms'))],
    ['POST latency p99.9 (ms)', (r) => fmt(get(r, 'customers.postP999Ms'))],
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
    ...ratioRows(get),
    ['result', (r) => (r.ok ? 'ok' : 'FAILED')],
  ];
  const header = ['', ...runs.map((r) => (r.database === 'embedded' ? 'embedded (PGlite)' : 'server (PostgreSQL)'))];
  const body = rows.map(([label, f]) => [label, ...runs.map((r) => (label.startsWith('──') ? '' : f(r)))]);
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  │  ');
  const sep = widths.map((w) => '─'.repeat(w)).join('──┼──');
  const out = [
    ...(opts.ceilingMs > 0 ? [
      `Database ceiling: before the server starts, the bench writes subscribers' rows on scratch copies of people/subscribers/customer_packages in the`
      + ` same database with the driver itself (pg; PGlite in the bench process), ${opts.ceilingMs} ms per variant after a warm-up. One row = one`
      + ' subscriber (people row + subscribers row + its customer\'s counter + 1) in one statement; [n] = connections (PGlite: concurrent callers).',
      '',
    ] : []),
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
    // The key figures of the server run (or the only run), as in runs[i], so that runs can be compared with the same paths.
    ...keyFigures(runs),
    options: {
      customers: opts.customers,
      concurrency: opts.concurrency,
      subscribers: opts.subscribers,
      listTenant: opts.listTenant,
      listClients: opts.listClients,
      ceilingMs: opts.ceilingMs,
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

/** `database`, `ceiling.*`, `subscribers.*`, `customers.*`, `server.peakRssMb` and `ratios` of the server run (else the first). */
function keyFigures(runs: RunResult[]) {
  const r = runs.find((x) => x.database === 'server' && x.ok) ?? runs.find((x) => x.database === 'server') ?? runs[0];
  if (!r) return {};
  const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));
  return {
    keyFiguresFrom: `runs[${runs.indexOf(r)}]`,
    database: r.database,
    ok: r.ok,
    ceiling: pick(r.ceiling, [
      'singleRowInsertsPerSec', 'singleRowP99Ms', 'singleRowAtPoolSizePerSec', 'plainInsertsPerSec', 'batchedRowsPerSec',
      'batchedTx100RowsPerSec', 'batchedMulti1000RowsPerSec', 'connections', 'poolSize',
    ]),
    customers: pick(r.customers, ['postPerSec', 'postP50Ms', 'postP99Ms', 'postP999Ms', 'provisionedP50Ms', 'provisionedP99Ms', 'endToEndPerSec']),
    subscribers: pick(r.subscribers, ['postPerSec', 'postP50Ms', 'postP99Ms', 'postP999Ms', 'endToEndPerSec', 'listTenant', 'listP50Ms', 'listP99Ms']),
    server: pick(r.server, ['peakRssMb']),
    ratios: r.ratios,
  };
}
