import type { JsonClient, JsonResponse } from './http.ts';
import { sleep } from './stats.ts';

/** One accepted (202) customer and what the bench saw of it. Times are performance.now() ms. */
export interface Accepted {
  id: string;
  calling: boolean;
  sentAt: number;
  acceptedAt: number;
  /** When the bench first saw it in a final status. */
  finalAt?: number;
  finalStatus?: string;
  lastConfirmAt?: number;
}

export class PhaseTimeout extends Error {}

const FINAL_STATUSES = ['provisioned', 'provisioned_with_errors', 'error', 'pending_rpl_review'];

const usAddress = () => ({
  addressLine1: '771 Alder Drive',
  addressLine2: 'Cisco Site 5',
  city: 'Milpitas',
  stateOrProvince: 'CA',
  zipOrPostalCode: '95035',
  country: 'US',
});

/** As test/helpers/fixtures.ts templateBody(). */
export const templateBody = (tag: string) => ({
  name: `Bench template ${tag}`,
  serviceProviderAdminEmail: 'sp-admin@partner.example',
  country: 'US',
  defaultEmailLanguage: 'en_US',
  wholesaleSubscriptionId: 'Sub23452345',
});

/** As fixtures' customerBody(): even attempts meetings only, odd ones calling + meetings. */
export function customerBody(provisioningId: string, tag: string, n: number) {
  const calling = n % 2 === 1;
  return {
    calling,
    body: {
      provisioningId,
      packages: calling ? ['webex_calling', 'webex_meetings'] : ['webex_meetings'],
      externalId: `bench-${tag}-${n}`,
      address: usAddress(),
      customerInfo: { name: `Bench Customer ${tag} ${n}`, primaryEmail: 'admin@acme.example', language: 'en' },
      provisioningParameters: {
        calling: {
          location: {
            name: 'Head Office',
            address: usAddress(),
            timezone: 'America/Los_Angeles',
            language: 'en_us',
            emergencyLocationIdentifier: '95547321',
          },
        },
        meetings: { timezone: 'America/Los_Angeles' },
      },
    },
  };
}

export interface PostResult {
  accepted: Accepted[];
  /** Latency of every 202, ms. */
  latencies: number[];
  /** Rejected or failed POSTs by status ("ECONN…" for transport errors). */
  errors: Record<string, number>;
  firstSentAt: number;
  lastAcceptedAt: number;
  firstErrorSample?: string;
}

/**
 * `concurrency` loops POST /v1/wholesale/customers until `total` are accepted. A slot is
 * reserved before sending, so no more than `total` are accepted; a failed POST frees its slot.
 */
export async function postCustomers(opts: {
  client: JsonClient;
  provisioningId: string;
  tag: string;
  total: number;
  concurrency: number;
  deadline: number;
  onAccepted: (a: Accepted) => void;
  /** Total POSTs per second over all clients (0: as fast as the clients go). */
  ratePerSec?: number;
}): Promise<PostResult> {
  const res: PostResult = { accepted: [], latencies: [], errors: {}, firstSentAt: Infinity, lastAcceptedAt: 0 };
  const startedAt = performance.now();
  let reserved = 0;
  let attempt = 0;
  let failures = 0;
  const maxFailures = Math.max(50, opts.total);
  let aborted: Error | undefined;

  const loop = async () => {
    while (!aborted && reserved < opts.total) {
      if (performance.now() > opts.deadline) {
        aborted = new PhaseTimeout(`POST phase over its time limit with ${res.accepted.length}/${opts.total} accepted`);
        break;
      }
      const slot = reserved++;
      if (opts.ratePerSec) {
        const due = startedAt + (slot * 1000) / opts.ratePerSec;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      const { calling, body } = customerBody(opts.provisioningId, opts.tag, attempt++);
      const sentAt = performance.now();
      if (sentAt < res.firstSentAt) res.firstSentAt = sentAt;
      let r: JsonResponse | undefined;
      let err: string | undefined;
      try {
        r = await opts.client.request('POST', '/v1/wholesale/customers', body);
      } catch (e) {
        err = (e as NodeJS.ErrnoException).code ?? 'transport';
        res.firstErrorSample ??= String(e);
      }
      if (r && r.status === 202) {
        const url = (r.body as { url?: string }).url ?? '';
        const a: Accepted = { id: url.split('/').pop()!, calling, sentAt, acceptedAt: r.at };
        res.accepted.push(a);
        res.latencies.push(r.ms);
        if (r.at > res.lastAcceptedAt) res.lastAcceptedAt = r.at;
        opts.onAccepted(a);
        continue;
      }
      reserved--;
      const key = err ?? String(r!.status);
      res.errors[key] = (res.errors[key] ?? 0) + 1;
      res.firstErrorSample ??= `${key}: ${JSON.stringify(r?.body).slice(0, 500)}`;
      if (++failures > maxFailures) {
        aborted = new Error(`too many failed POSTs (${failures}); first: ${res.firstErrorSample}`);
        break;
      }
      // Do not spin on a failing server.
      await sleep(20);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  if (aborted) throw Object.assign(aborted, { partial: res });
  return res;
}

export interface TrackerStats {
  rounds: number;
  listRequests: number;
  /** Most list pages one round needed. */
  maxPagesPerRound: number;
  listLatencies: number[];
}

/**
 * Finds out when each accepted customer reaches a final status.
 *
 * Method (chosen to load the server as little as possible): each round, every `intervalMs` or
 * as soon as the previous round is answered (whichever is later), reads
 * GET /v1/wholesale/customers?status=<all final statuses>&max=100 — the newest customers in a
 * final status (the list is ordered by creation, newest first). The worker claims jobs oldest
 * first, so what has just finished is usually on that first page and a round is one request.
 * When some pending customer may have been created before the oldest item of a full page (it
 * could be final yet further down) the round reads the following pages too, requested together
 * (see round()). The set of final customers only grows during the bench, so offset paging can
 * repeat an item but never skip one. Against PostgreSQL that is one request per 100 ms; against
 * a slow server a few per round, one round per server answer. Polling each pending customer
 * instead would mean hundreds of GETs/s once a backlog builds up, and distort what is measured.
 *
 * The time recorded is when the response that first showed the final status arrived: the
 * resolution is the interval, or the list request's own latency when that is longer.
 */
export class Tracker {
  readonly byId = new Map<string, Accepted>();
  /** In acceptance order: Map keeps insertion order. */
  readonly pending = new Map<string, Accepted>();
  readonly stats: TrackerStats = { rounds: 0, listRequests: 0, maxPagesPerRound: 0, listLatencies: [] };
  private readonly listPath = `/v1/wholesale/customers?status=${FINAL_STATUSES.join(',')}&max=100`;

  constructor(
    private readonly client: JsonClient,
    private readonly intervalMs: number,
    private readonly maxPagesPerRound = 50,
  ) {}

  add(a: Accepted): void {
    this.firstAcceptedAt ??= a.acceptedAt;
    this.byId.set(a.id, a);
    this.pending.set(a.id, a);
  }

  private markFinal(a: Accepted, status: string, at: number): void {
    if (a.finalAt !== undefined) return;
    a.finalAt = at;
    a.finalStatus = status;
    this.pending.delete(a.id);
  }

  /** Polls until `postingDone()` and nothing is pending, or throws PhaseTimeout at `deadline`. */
  async run(postingDone: () => boolean, deadline: () => number): Promise<void> {
    for (;;) {
      if (postingDone() && this.pending.size === 0) return;
      const roundStart = performance.now();
      if (roundStart > deadline()) {
        throw new PhaseTimeout(`${this.pending.size} customer(s) still not final when the provisioning phase timed out`);
      }
      if (this.pending.size > 0) {
        this.stats.rounds++;
        await this.round();
      }
      await sleep(roundStart + this.intervalMs - performance.now());
    }
  }

  /** How long the last batch of page requests took to be answered (ms), and when tracking started. */
  private lastBatchMs?: number;
  private firstAcceptedAt?: number;

  /**
   * Customers that may become final while a batch of requests is being answered, so that the
   * oldest pending one is pushed further down: the faster of the accept and finish rates so far
   * over the last batch's duration, with a 50 % margin.
   */
  private drift(): number {
    if (this.lastBatchMs === undefined || this.firstAcceptedAt === undefined) return 0;
    let finals = 0;
    for (const a of this.byId.values()) if (a.finalAt !== undefined) finals++;
    const elapsed = Math.max(1, performance.now() - this.firstAcceptedAt);
    return Math.ceil((Math.max(this.byId.size, finals) / elapsed) * this.lastBatchMs * 1.5);
  }

  /** Customers that come before the oldest pending one in the final list, at most (`known`: only those already seen final). */
  private pagesBefore(known: boolean): number {
    const oldest = this.pending.values().next().value as Accepted | undefined;
    if (!oldest) return 1;
    let newer = 0;
    for (const a of this.byId.values()) {
      if (known && a.finalAt === undefined) continue;
      if (a.acceptedAt > oldest.sentAt) newer++;
    }
    return Math.min(this.maxPagesPerRound, Math.max(1, Math.ceil((newer + this.drift() + 1) / 100)));
  }

  /** Requests pages [from, to) together. */
  private async fetchPages(from: number, to: number) {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: to - from }, (_, i) => this.fetchPage(from + i)));
    this.lastBatchMs = performance.now() - started;
    return results;
  }

  private async fetchPage(page: number): Promise<{ hasMore: boolean; oldestListed?: Accepted; count: number }> {
    const res = await this.client.request('GET', `${this.listPath}&offset=${page * 100}`);
    this.stats.listRequests++;
    this.stats.listLatencies.push(res.ms);
    if (res.status !== 200) throw new Error(`list customers: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    const items = (res.body as { items: { id: string; status: string }[] }).items;
    for (const item of items) {
      const a = this.byId.get(item.id);
      if (a) this.markFinal(a, item.status, res.at);
    }
    const last = items[items.length - 1];
    return {
      hasMore: /rel="next"/.test(String(res.headers.link ?? '')),
      oldestListed: last ? this.byId.get(last.id) : undefined,
      count: items.length,
    };
  }

  /**
   * The pages this round probably needs (the final customers seen so far that are newer than
   * the oldest pending one, plus the drift) are asked for together, so that a slow server answers
   * them in one go. If the last one still leaves a gap, every page up to the bound (all customers
   * accepted after the oldest pending one was sent, plus the drift) follows, again together.
   */
  private async round(): Promise<void> {
    let pages = this.lastBatchMs === undefined ? this.pagesBefore(false) : this.pagesBefore(true);
    let results = await this.fetchPages(0, pages);
    for (;;) {
      this.stats.maxPagesPerRound = Math.max(this.stats.maxPagesPerRound, pages);
      const last = results[results.length - 1]!;
      if (!last.hasMore || last.count === 0 || this.pending.size === 0 || pages >= this.maxPagesPerRound) return;
      // A customer is created between its POST being sent and its 202: a pending one sent before
      // the oldest listed one was accepted may have been created before it, so be further down.
      const boundary = last.oldestListed ? last.oldestListed.acceptedAt : Infinity;
      let hidden = false;
      for (const a of this.pending.values()) {
        if (a.sentAt < boundary) {
          hidden = true;
          break;
        }
      }
      if (!hidden) return;
      const upTo = Math.max(pages + 1, this.pagesBefore(false));
      results = await this.fetchPages(pages, upTo);
      pages = upTo;
    }
  }
}

/** Every customer in a final status with the server's own timestamps (after the run: stable pages). */
export async function serverTimestamps(client: JsonClient): Promise<Map<string, { status: string; created: number; lastStatusChange: number }>> {
  const out = new Map<string, { status: string; created: number; lastStatusChange: number }>();
  for (let offset = 0; ; offset += 100) {
    const res = await client.request('GET', `/v1/wholesale/customers?status=${FINAL_STATUSES.join(',')}&max=100&offset=${offset}`);
    if (res.status !== 200) throw new Error(`list customers: HTTP ${res.status}`);
    const items = (res.body as { items: { id: string; status: string; created: string; lastStatusChange: string }[] }).items;
    for (const c of items) {
      out.set(c.id, { status: c.status, created: Date.parse(c.created), lastStatusChange: Date.parse(c.lastStatusChange) });
    }
    if (items.length < 100) return out;
  }
}
