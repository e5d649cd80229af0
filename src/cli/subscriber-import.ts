import { randomUUID } from 'node:crypto';
import { CliError, EXIT_API_ERROR, EXIT_NETWORK_ERROR, describeHttpError, type ApiClient, type ApiResponse, type WebexErrorBody } from './client.ts';
import type { ErrorItem } from './format.ts';

/**
 * `subscribers import`: rows sent in chunks to POST /v1/wholesale/subscribers/bulk, each chunk
 * with its own Idempotency-Key, retried with that key on network errors, 5xx and 429 (after
 * Retry-After), so a chunk the server did write before the connection dropped is not written twice.
 */

/** A CSV row: the item to send, or why it cannot be sent (refused here, before any request). */
export type ImportRow = { row: number; email: string; item?: Record<string, unknown>; refused?: { status: number; errors: ErrorItem[] } };
/** What became of a row: the status POST would answer (0: never sent) and its errors. */
export type RowResult = { row: number; email: string; status: number; errors: ErrorItem[] };

export type ImportOptions = {
  mode: 'best_effort' | 'all_or_nothing';
  dryRun: boolean;
  chunkSize: number;
  onProgress?: (done: number, failed: number) => void;
};
export type ImportOutcome = { results: RowResult[]; requests: number; stopped?: CliError };

type BulkBody = {
  applied: boolean;
  counts: { failed: number };
  items: { index: number; status: number; error?: { errors: ErrorItem[] } }[];
};

/** Stays under the server's 1 MiB body limit, whatever the rows hold. */
const MAX_CHUNK_BYTES = 900_000;
const MAX_ATTEMPTS = 6;
const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const EVERY_ERROR_STATUS = Array.from({ length: 200 }, (_, i) => 400 + i);
export const NOT_APPLIED = 5070;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const succeeded = (status: number) => status === 200 || status === 202;

/** Retry-After in seconds or as an HTTP date; at most a minute. */
function retryAfterMs(headers: Headers): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  const ms = /^\d+$/.test(v.trim()) ? Number(v) * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.min(60_000, Math.max(0, ms)) : undefined;
}

const backoffMs = (attempt: number) => Math.min(10_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);

/** A request that failed for good: its lines for stderr, and the error the unsent rows get. */
class ChunkFailed extends CliError {
  constructor(exitCode: number, lines: string[], readonly item: ErrorItem) {
    super(exitCode, lines);
  }
}

function refusal(res: ApiResponse<unknown>): ChunkFailed {
  const body = (res.body ?? {}) as WebexErrorBody;
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  return new ChunkFailed(EXIT_API_ERROR, describeHttpError(res.status, '', res.body, res.headers), {
    errorCode: first?.errorCode ?? 0,
    description: `Not sent: the request was refused with HTTP ${res.status}${body.message ? `: ${body.message}` : ''}`,
  });
}

async function sendChunk(client: ApiClient, body: unknown, key: string): Promise<BulkBody> {
  for (let attempt = 1; ; attempt++) {
    let res: ApiResponse<unknown> | undefined;
    let lost: CliError | undefined;
    try {
      res = await client.post('/v1/wholesale/subscribers/bulk', body, { headers: { 'idempotency-key': key }, allow: EVERY_ERROR_STATUS });
    } catch (err) {
      if (!(err instanceof CliError) || err.exitCode !== EXIT_NETWORK_ERROR) throw err;
      lost = err;
    }
    if (res?.status === 200 && Array.isArray((res.body as BulkBody | undefined)?.items)) return res.body as BulkBody;
    // 409 1010: our own earlier attempt still runs on the server; its answer comes with the key.
    const inProgress = res?.status === 409 && ((res.body as WebexErrorBody)?.errors ?? []).some((e) => e.errorCode === 1010);
    const retryable = lost !== undefined || inProgress || RETRY_STATUSES.has(res!.status);
    if (!retryable || attempt >= MAX_ATTEMPTS) {
      if (lost) throw new ChunkFailed(EXIT_NETWORK_ERROR, lost.lines, { errorCode: 0, description: `Not sent: ${lost.lines[0]!.replace(/^wholesale-hub: /, '')}` });
      throw refusal(res!);
    }
    await sleep((res && retryAfterMs(res.headers)) ?? backoffMs(attempt));
  }
}

/** Consecutive chunks of at most `size` rows and MAX_CHUNK_BYTES of JSON. */
function chunksOf(rows: ImportRow[], size: number): ImportRow[][] {
  const out: ImportRow[][] = [];
  let cur: ImportRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const n = Buffer.byteLength(JSON.stringify(r.item)) + 1;
    if (cur.length && (cur.length >= size || bytes + n > MAX_CHUNK_BYTES)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(r);
    bytes += n;
  }
  if (cur.length) out.push(cur);
  return out;
}

const rowList = (rows: number[]) => rows.slice(0, 10).join(', ') + (rows.length > 10 ? ', …' : '');

export async function importRows(client: ApiClient, rows: ImportRow[], opts: ImportOptions): Promise<ImportOutcome> {
  const results: RowResult[] = [];
  let failed = 0;
  const record = (r: RowResult) => {
    results.push(r);
    if (!succeeded(r.status)) failed++;
  };
  const notSent = (r: ImportRow, item: ErrorItem) => record({ row: r.row, email: r.email, status: 0, errors: [item] });
  const done = () => {
    opts.onProgress?.(results.length, failed);
    return results.sort((a, b) => a.row - b.row);
  };

  const refused = rows.filter((r) => r.refused);
  for (const r of refused) record({ row: r.row, email: r.email, status: r.refused!.status, errors: r.refused!.errors });
  const sendable = rows.filter((r) => !r.refused);
  if (opts.mode === 'all_or_nothing' && refused.length) {
    const description = `Not sent: row${refused.length > 1 ? 's' : ''} ${rowList(refused.map((r) => r.row))} failed (--all-or-nothing).`;
    for (const r of sendable) notSent(r, { errorCode: NOT_APPLIED, description });
    return { results: done(), requests: 0 };
  }
  opts.onProgress?.(results.length, failed);

  const chunks = chunksOf(sendable, opts.chunkSize);
  const run = randomUUID();
  for (let n = 0; n < chunks.length; n++) {
    const chunk = chunks[n]!;
    let body: BulkBody;
    try {
      body = await sendChunk(client, { mode: opts.mode, dryRun: opts.dryRun, items: chunk.map((r) => r.item) }, `wh-import-${run}-${n + 1}`);
    } catch (err) {
      if (!(err instanceof ChunkFailed)) throw err;
      for (const r of chunks.slice(n).flat()) notSent(r, err.item);
      return { results: done(), requests: n + 1, stopped: err };
    }
    chunk.forEach((r, i) => {
      const res = body.items[i]!;
      record({ row: r.row, email: r.email, status: res.status, errors: res.error?.errors ?? [] });
    });
    opts.onProgress?.(results.length, failed);
    // all_or_nothing holds per request: after a chunk that failed, the rest is not sent.
    if (opts.mode === 'all_or_nothing' && !opts.dryRun && body.counts.failed > 0) {
      const rest = chunks.slice(n + 1).flat();
      for (const r of rest) notSent(r, { errorCode: NOT_APPLIED, description: `Not sent: an earlier chunk had failures (--all-or-nothing).` });
      return { results: done(), requests: n + 1 };
    }
  }
  return { results: done(), requests: chunks.length };
}
