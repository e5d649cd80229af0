import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeId, encodeId } from '../../../src/http/ids.ts';
import { JsonClient } from '../http.ts';
import { log } from '../log.ts';
import { PHASE_LIMITS, QUICK_LIST, resultsDir } from '../options.ts';
import { monotonicUs } from '../profile.ts';
import { explainListQueries, type ExplainedQuery } from '../seed.ts';
import { cpuSecondsOf, hostCpuSeconds } from '../server.ts';
import { round } from '../stats.ts';
import { listLoad, type ListKind, type ListKindResult, type SubscriberPostResult } from '../subscribers.ts';
import type { RunContext } from './context.ts';
import type { SeededTenant } from './seed.ts';

/**
 * List-page latency on the seeded tenant, per query kind, with `listClients` clients; on
 * PostgreSQL also EXPLAIN (ANALYZE, BUFFERS) of the same queries (bench/results/explain-server.txt).
 * `sample`: subscribers of the POST phase, for the filters when nothing was seeded.
 */
export async function listPhase(ctx: RunContext, tenantOf: SeededTenant, sample: SubscriberPostResult['sample']): Promise<void> {
  const { kind, opts, result, until } = ctx;
  const { seed, partnerId, tenant } = tenantOf;
  const sub = result.subscribers;
  const server = ctx.server!;
  const rssMb = (kb: number) => round(kb / 1024);
  const seededCustomers = seed.customerIds.map((u) => encodeId('ENTERPRISE', u));
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
  ctx.subWindows.push({ key: 'listCpuProfile', label: 'list phase', pid: server.pid, fromUs: listFromUs, toUs: monotonicUs() });
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
      const explained = await explainListQueries(ctx.target!.env.DATABASE_URL!, partnerId, shapes.map((s) => ({
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
