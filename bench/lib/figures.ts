import type { Accepted, PostResult, Tracker } from './load.ts';
import type { Options } from './options.ts';
import { max, mean, percentile, round } from './stats.ts';
import type { SubscriberPostResult } from './subscribers.ts';

/** One database's results, and the figures each phase adds to them. */

export interface RunResult {
  database: 'embedded' | 'server';
  ok: boolean;
  error?: string;
  /** The database's own ceiling (phases/ceiling.ts), measured before the server starts. */
  ceiling: Record<string, unknown>;
  customers: Record<string, unknown>;
  subscribers: Record<string, unknown>;
  server: Record<string, unknown>;
  client: Record<string, unknown>;
  /** The HTTP figures over the ceiling's (fillRatios). */
  ratios: Record<string, number | null>;
}

/** A run with nothing measured yet. */
export const emptyRun = (database: 'embedded' | 'server'): RunResult => ({
  database, ok: false, ceiling: {}, customers: {}, subscribers: {}, server: {}, client: {}, ratios: {},
});

/** Wholesale Hub's figures over the database's: 1 = as fast as one commit per subscriber on the same connections. */
export function fillRatios(r: RunResult): void {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const ratio = (a: unknown, b: unknown) => {
    const x = num(a);
    const y = num(b);
    return x !== null && y !== null && y > 0 ? round(x / y, 2) : null;
  };
  const c = r.ceiling;
  const s = r.subscribers;
  r.ratios = {
    subscriberPostVsSingleRowCeiling: ratio(s.postPerSec, c.singleRowInsertsPerSec),
    subscriberPostVsSingleRowCeilingAtPoolSize: ratio(s.postPerSec, c.singleRowAtPoolSizePerSec),
    subscriberPostVsPlainInsertCeiling: ratio(s.postPerSec, c.plainInsertsPerSec),
    subscriberPostVsBatchedCeiling: ratio(s.postPerSec, c.batchedRowsPerSec),
    subscriberEndToEndVsSingleRowCeiling: ratio(s.endToEndPerSec, c.singleRowInsertsPerSec),
  };
}

export function fillPostFigures(r: RunResult, post: PostResult, opts: Options): void {
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
    postP999Ms: round(percentile(post.latencies, 99.9)),
    postMaxMs: round(max(post.latencies)),
    postMeanMs: round(mean(post.latencies)),
  });
}

export function fillTrackerFigures(r: RunResult, tracker: Tracker, post: PostResult, opts: Options): void {
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

export function fillServerClockFigures(
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

export function fillSubscriberPostFigures(sub: Record<string, unknown>, post: SubscriberPostResult): void {
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
