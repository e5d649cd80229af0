import { createHash } from 'node:crypto';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db, Tx } from '../db/client.ts';
import { writerFor } from '../db/group-commit.ts';
import { idempotencyKeys } from '../db/schema.ts';
import { ApiError, ErrorCodes } from './errors.ts';

/**
 * `Idempotency-Key` on POST/PUT/DELETE (our extension, like Stripe's or Partner Center's
 * MS-RequestId): the first successful response is stored in the same transaction as the change
 * it describes, and replayed for 24 hours to a retry with the same key and body. The same key
 * with another request is refused (422). Failed requests are not stored: a retry re-validates.
 */
export type StoredResponse = { statusCode: number; headers: Record<string, string>; body: unknown };

const TTL_MS = 24 * 3600_000;

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

function requestHash(req: FastifyRequest): string {
  return createHash('sha256')
    .update(`${req.method} ${req.url.split('?')[0]}\n${canonical(req.body ?? null)}`)
    .digest('hex');
}

function readKey(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return undefined;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw ApiError.one(400, ErrorCodes.INVALID_IDEMPOTENCY_KEY, 'Idempotency-Key must be 1 to 255 visible ASCII characters.');
  }
  return key;
}

class KeyTaken extends Error {}

async function lookup(db: Db, partnerId: string, key: string, hash: string): Promise<StoredResponse | null> {
  const rows = await db
    .select()
    .from(idempotencyKeys)
    .where(and(
      eq(idempotencyKeys.partnerId, partnerId),
      eq(idempotencyKeys.key, key),
      gt(idempotencyKeys.created, new Date(Date.now() - TTL_MS)),
    ))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (row.requestHash !== hash) {
    throw ApiError.one(422, ErrorCodes.IDEMPOTENCY_KEY_REUSED,
      'This Idempotency-Key was already used with a different request.');
  }
  return { statusCode: row.statusCode, headers: { ...row.headers, 'Idempotent-Replayed': 'true' }, body: row.body };
}

/**
 * The customer a write is about, when the request names it: writes of one customer lock its row,
 * so group commit never runs two of them in concurrent transactions (see db/group-commit.ts). A
 * subscriber's PUT/DELETE goes by the subscriber (its customer is not in the request).
 */
function writeKeyOf(req: FastifyRequest): string | undefined {
  const named = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const params = (req.params ?? {}) as Record<string, unknown>;
  const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
  return named(params.customerId) ?? named(body.customerId) ?? named(params.subscriberId);
}

/**
 * `prepare` validates (reading outside any transaction: PGlite runs one at a time) and returns
 * the write to run in the transaction. A replay skips both, so a retried DELETE of a customer
 * that is gone by now still gets its first answer. The write goes through the database's writer:
 * with group commit it shares a transaction with concurrent writes (each in a savepoint of its own
 * as soon as one of them fails), and resolves only once that transaction has committed. `alone`: a big write (bulk) that should not
 * share its transaction (nor hold up, or be run again for, its neighbours).
 */
export async function idempotent(
  db: Db,
  req: FastifyRequest,
  partnerId: string,
  prepare: () => Promise<(tx: Tx) => Promise<StoredResponse>>,
  opts: { alone?: boolean } = {},
): Promise<StoredResponse> {
  const key = readKey(req);
  const writer = writerFor(db);
  const writeKey = writeKeyOf(req);
  if (!key) return writer.run(await prepare(), writeKey, opts);
  const hash = requestHash(req);
  for (let attempt = 0; attempt < 3; attempt++) {
    const replay = await lookup(db, partnerId, key, hash);
    if (replay) return replay;
    const work = await prepare();
    try {
      return await writer.run(async (tx) => {
        // Claim the key first: a concurrent twin blocks here until we commit (or, in the same
        // batch, finds our claim at once), then finds the key taken and replays our response.
        // An expired row with the same key is reused.
        const claimed = await tx
          .insert(idempotencyKeys)
          .values({ partnerId, key, requestHash: hash, statusCode: 0, headers: {}, body: null })
          .onConflictDoUpdate({
            target: [idempotencyKeys.partnerId, idempotencyKeys.key],
            set: { requestHash: hash, statusCode: 0, headers: {}, body: null, created: sql`now()` },
            setWhere: sql`${idempotencyKeys.created} <= now() - interval '24 hours'`,
          })
          .returning({ key: idempotencyKeys.key });
        if (claimed.length === 0) throw new KeyTaken();
        const res = await work(tx);
        await tx
          .update(idempotencyKeys)
          .set({ statusCode: res.statusCode, headers: res.headers, body: res.body ?? null })
          .where(and(eq(idempotencyKeys.partnerId, partnerId), eq(idempotencyKeys.key, key)));
        return res;
      }, writeKey, opts);
    } catch (err) {
      if (!(err instanceof KeyTaken)) throw err;
    }
  }
  throw ApiError.one(409, ErrorCodes.IDEMPOTENCY_KEY_REUSED, 'A request with this Idempotency-Key is still in progress.');
}

export function sendStored(reply: FastifyReply, res: StoredResponse) {
  for (const [k, v] of Object.entries(res.headers)) reply.header(k, v);
  reply.status(res.statusCode);
  return res.body === null || res.body === undefined ? reply.send() : reply.send(res.body);
}
