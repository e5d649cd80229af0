import type { JsonClient, JsonResponse } from './http.ts';
import { percentile, sleep } from './stats.ts';

/** A provisioned customer from the customer phase that takes subscribers. */
export interface SubscriberCustomer {
  /** The wholesale customer id as the API shows it (base64 ENTERPRISE id). */
  id: string;
  /** calling + meetings (its first subscriber must hold webex_calling) or meetings only. */
  calling: boolean;
}

/** On a calling customer, subscriber k is a webex_calling user with an extension when k % CALLING_EVERY == 0 (k = 0: the admin). */
export const CALLING_EVERY = 5;

export interface SubscriberPostResult {
  requested: number;
  accepted: number;
  acceptedCalling: number;
  acceptedAdmins: number;
  /** Latency of every 200, ms (all kinds), and per kind. */
  latencies: number[];
  latenciesMeetings: number[];
  latenciesCalling: number[];
  /** Rejected or failed POSTs by status ("409/5030" with the error code when there is one; "ECONN…" for transport errors). */
  errors: Record<string, number>;
  firstErrorSample?: string;
  firstSentAt: number;
  lastAcceptedAt: number;
  /** Time the loops spent waiting for a customer's first (admin) subscriber before sending another, ms in all. */
  adminWaitMs: number;
  /** Stopped by the phase's time limit before `requested` were accepted. */
  truncated: boolean;
  /** A few accepted subscribers (email, customer) for the list phase when nothing is seeded. */
  sample: { email: string; customerId: string }[];
}

/**
 * Work item n goes to customer n % M as its subscriber k = floor(n / M): items 0..M-1 are the
 * customers' first subscribers, who become each organization's full administrator and must hold
 * its highest-tier package (webex_calling on calling customers). A loop that takes a later item
 * of a customer whose first POST is still in flight waits for it (not counted in the latency):
 * the server serialises a customer's POSTs under its row lock, and a meetings user arriving first
 * would be refused as the administrator of a calling organization.
 */
export function subscriberItem(customers: readonly SubscriberCustomer[], tag: string, n: number) {
  const m = customers.length;
  const ci = n % m;
  const k = Math.floor(n / m);
  const c = customers[ci]!;
  const calling = c.calling && k % CALLING_EVERY === 0;
  return {
    ci,
    admin: k === 0,
    calling,
    body: {
      customerId: c.id,
      email: `s-${tag}-${n}@bench.example`,
      packages: [calling ? 'webex_calling' : 'webex_meetings'],
      // Extensions are unique per organization: 6 digits, never an emergency or service code.
      provisioningParameters: { firstName: 'Bench', lastName: `User ${n}`, ...(calling ? { extension: String(100_000 + k) } : {}) },
    },
  };
}

function errorKey(r: JsonResponse): string {
  const code = (r.body as { errors?: { errorCode?: number }[] } | undefined)?.errors?.[0]?.errorCode;
  return code === undefined ? String(r.status) : `${r.status}/${code}`;
}

/**
 * `concurrency` loops POST /v1/wholesale/subscribers until `total` are accepted (200) or the
 * deadline passes (then `truncated`, not an error: what was accepted is reported). A failed POST
 * frees its slot; the next attempt is a new subscriber (new email) of the next customer in turn.
 */
export async function postSubscribers(opts: {
  client: JsonClient;
  customers: readonly SubscriberCustomer[];
  tag: string;
  total: number;
  concurrency: number;
  deadline: number;
}): Promise<SubscriberPostResult> {
  const res: SubscriberPostResult = {
    requested: opts.total, accepted: 0, acceptedCalling: 0, acceptedAdmins: 0,
    latencies: [], latenciesMeetings: [], latenciesCalling: [], errors: {},
    firstSentAt: Infinity, lastAcceptedAt: 0, adminWaitMs: 0, truncated: false, sample: [],
  };
  if (opts.customers.length === 0 || opts.total === 0) return res;
  const adminDone: Promise<void>[] = [];
  const resolveAdmin: (() => void)[] = [];
  for (let i = 0; i < opts.customers.length; i++) adminDone.push(new Promise<void>((r) => resolveAdmin.push(r)));
  let reserved = 0;
  let attempt = 0;
  let failures = 0;
  const maxFailures = Math.max(50, Math.ceil(opts.total / 10));
  let aborted: Error | undefined;

  const loop = async () => {
    while (!aborted && !res.truncated && reserved < opts.total) {
      if (performance.now() > opts.deadline) {
        res.truncated = true;
        break;
      }
      reserved++;
      const item = subscriberItem(opts.customers, opts.tag, attempt++);
      if (!item.admin) {
        const w0 = performance.now();
        await adminDone[item.ci];
        res.adminWaitMs += performance.now() - w0;
      }
      const sentAt = performance.now();
      if (sentAt < res.firstSentAt) res.firstSentAt = sentAt;
      let r: JsonResponse | undefined;
      let err: string | undefined;
      try {
        r = await opts.client.request('POST', '/v1/wholesale/subscribers', item.body);
      } catch (e) {
        err = (e as NodeJS.ErrnoException).code ?? 'transport';
        res.firstErrorSample ??= String(e);
      }
      if (item.admin) resolveAdmin[item.ci]!();
      if (r && r.status === 200) {
        res.accepted++;
        if (item.calling) res.acceptedCalling++;
        if (item.admin) res.acceptedAdmins++;
        res.latencies.push(r.ms);
        (item.calling ? res.latenciesCalling : res.latenciesMeetings).push(r.ms);
        if (r.at > res.lastAcceptedAt) res.lastAcceptedAt = r.at;
        if (res.sample.length < 200 && attempt % 7 === 0) res.sample.push({ email: item.body.email, customerId: item.body.customerId });
        continue;
      }
      reserved--;
      const key = err ?? errorKey(r!);
      res.errors[key] = (res.errors[key] ?? 0) + 1;
      res.firstErrorSample ??= `${key}: ${JSON.stringify(r?.body).slice(0, 500)}`;
      if (++failures > maxFailures) {
        aborted = new Error(`too many failed subscriber POSTs (${failures}); first: ${res.firstErrorSample}`);
        break;
      }
      await sleep(20);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  if (aborted) throw Object.assign(aborted, { partial: res });
  return res;
}

/** Polls the operator outbox until no mail is pending (the subscribers' welcome mails are sent by the worker). */
export async function waitMailDrained(client: JsonClient, deadline: number, intervalMs = 500): Promise<{ drained: boolean; polls: number; lastPending: boolean }> {
  let polls = 0;
  for (;;) {
    const r = await client.request('GET', '/v1/operator/outbox?status=pending&max=1');
    polls++;
    if (r.status !== 200) throw new Error(`GET /v1/operator/outbox: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    const pending = (r.body as { items: unknown[] }).items.length > 0;
    if (!pending) return { drained: true, polls, lastPending: false };
    if (performance.now() + intervalMs > deadline) return { drained: false, polls, lastPending: true };
    await sleep(intervalMs);
  }
}

export interface ListKind {
  key: string;
  label: string;
  /** The request path for the i-th request of this kind. */
  path: (i: number) => string;
  note?: string;
}

export interface ListKindResult {
  key: string;
  label: string;
  note?: string;
  example: string;
  requests: number;
  ok: number;
  errors: Record<string, number>;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  perSec: number | null;
  /** Items per page (min–max) of the 200s: shows the query found what it was meant to. */
  itemsMin: number | null;
  itemsMax: number | null;
  ms: number;
  warmupRequests: number;
}

/**
 * For each kind in turn: one warm-up request per client (not counted), then `clients` loops
 * GET until `maxRequests` are answered or `maxMs` has passed, whichever comes first.
 */
export async function listLoad(opts: {
  client: JsonClient;
  kinds: readonly ListKind[];
  clients: number;
  maxRequests: number;
  maxMs: number;
  deadline: number;
  onKindStart?: (k: ListKind) => void;
}): Promise<ListKindResult[]> {
  const out: ListKindResult[] = [];
  for (const kind of opts.kinds) {
    if (performance.now() > opts.deadline) break;
    opts.onKindStart?.(kind);
    let i = 0;
    await Promise.all(Array.from({ length: opts.clients }, () => opts.client.request('GET', kind.path(i++), undefined, 60_000).catch(() => undefined)));
    const latencies: number[] = [];
    const errors: Record<string, number> = {};
    let itemsMin = Infinity;
    let itemsMax = -Infinity;
    let sent = 0;
    const t0 = performance.now();
    const stopAt = Math.min(t0 + opts.maxMs, opts.deadline);
    const loop = async () => {
      while (sent < opts.maxRequests && performance.now() < stopAt) {
        sent++;
        try {
          const r = await opts.client.request('GET', kind.path(i++), undefined, 60_000);
          if (r.status === 200) {
            latencies.push(r.ms);
            const n = (r.body as { items: unknown[] }).items.length;
            itemsMin = Math.min(itemsMin, n);
            itemsMax = Math.max(itemsMax, n);
          } else {
            errors[String(r.status)] = (errors[String(r.status)] ?? 0) + 1;
          }
        } catch (e) {
          const key = (e as NodeJS.ErrnoException).code ?? 'transport';
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: opts.clients }, loop));
    const ms = performance.now() - t0;
    const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    out.push({
      key: kind.key,
      label: kind.label,
      ...(kind.note ? { note: kind.note } : {}),
      example: kind.path(0),
      requests: sent,
      ok: latencies.length,
      errors,
      p50Ms: r1(percentile(latencies, 50)),
      p90Ms: r1(percentile(latencies, 90)),
      p99Ms: r1(percentile(latencies, 99)),
      maxMs: r1(latencies.length ? Math.max(...latencies) : null),
      perSec: r1(latencies.length / (ms / 1000)),
      itemsMin: latencies.length ? itemsMin : null,
      itemsMax: latencies.length ? itemsMax : null,
      ms: Math.round(ms),
      warmupRequests: opts.clients,
    });
  }
  return out;
}
