import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { actorOf, type PartnerScope } from '../../http/auth.ts';
import { ErrorItemSchema } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, badRequest, type ErrorItem } from '../../http/errors.ts';
import { idempotent, type StoredResponse } from '../../http/idempotency.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';
import { ProvisionSubscriberSchema, SubscriberSchema, type Subscriber } from './schemas.ts';
import type { subscriberService } from './service.ts';

/**
 * POST /v1/wholesale/subscribers/bulk (our extension, for migrations): up to 1,000 subscribers
 * in one request. Each item runs exactly the rules of POST /v1/wholesale/subscribers, in request
 * order, as if posted one after another, and gets the status that POST would have answered.
 * All items are written in one transaction, each in its own savepoint: a failing item rolls back
 * only itself (best_effort); all_or_nothing and dryRun roll back the whole transaction.
 */
export const BULK_MAX_ITEMS = 1000;

const Mode = z.enum(['best_effort', 'all_or_nothing']);

export const BulkRequestSchema = z
  .object({
    mode: Mode.optional().describe('best_effort (default): every item that passes is written. all_or_nothing: nothing is written unless every item passes.'),
    dryRun: z.boolean().optional().describe('Run every check and write, then roll everything back: the response tells what would happen.'),
    items: z.array(ProvisionSubscriberSchema).min(1).max(BULK_MAX_ITEMS).describe('1 to 1,000 subscribers, each as for POST /v1/wholesale/subscribers.'),
  })
  .meta({ id: 'SubscriberBulkRequest' });
export type BulkRequest = z.infer<typeof BulkRequestSchema>;

/** What the route really validates: items one by one here, so a malformed item fails only itself. */
export const BulkRequestEnvelope = z.object({
  mode: Mode.optional(),
  dryRun: z.boolean().optional(),
  items: z.array(z.unknown()).min(1).max(BULK_MAX_ITEMS),
});

const BulkItemResultSchema = z
  .object({
    index: z.number().int().describe('Position of the item in the request (from 0).'),
    status: z.number().int().describe('What POST /v1/wholesale/subscribers would answer: 200, 202 (pending_user_migration) or 4xx; 424 when the item passed but was not applied (all_or_nothing).'),
    subscriber: SubscriberSchema.optional().describe('The subscriber (with dryRun: as it would be; its id is not kept).'),
    error: z.object({ message: z.string(), errors: z.array(ErrorItemSchema) }).optional(),
  })
  .meta({ id: 'SubscriberBulkItemResult' });
type ItemResult = z.infer<typeof BulkItemResultSchema>;

export const BulkResponseSchema = z
  .object({
    mode: Mode,
    dryRun: z.boolean(),
    applied: z.boolean().describe('True when the successful items were written (never with dryRun or a failed all_or_nothing).'),
    counts: z.object({
      total: z.number().int(),
      succeeded: z.number().int().describe('Items with status 200 or 202.'),
      failed: z.number().int().describe('Items refused by a rule (4xx other than 424).'),
      notApplied: z.number().int().describe('Items that passed but were rolled back with the others (424).'),
    }),
    items: z.array(BulkItemResultSchema),
  })
  .meta({ id: 'SubscriberBulkResponse' });
type BulkResponse = z.infer<typeof BulkResponseSchema>;

/** Prepared concurrently outside the transaction (PGlite runs one transaction at a time). */
const PREPARE_CONCURRENCY = 4;

type Prepared = { index: number; accept?: (tx: Tx) => Promise<Subscriber>; failure?: ItemResult };

const failed = (index: number, err: ApiError): ItemResult => ({
  index, status: err.statusCode, error: { message: err.message, errors: err.errors },
});

/** A malformed item, described as the single POST's schema validation would (error-handler.ts). */
function schemaError(err: z.ZodError): ApiError {
  const items: ErrorItem[] = err.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'body';
    if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
      return { errorCode: ErrorCodes.NULL_PARAMETER, description: `Mandatory parameter ${where} is missing.` };
    }
    if (issue.code === 'too_big' || issue.code === 'too_small') {
      return { errorCode: ErrorCodes.INVALID_PARAMETER_SIZE, description: `Invalid parameter size for ${where}: ${issue.message}` };
    }
    if (issue.code === 'unrecognized_keys') return { errorCode: ErrorCodes.INVALID_PARAMETER, description: `${where}: ${issue.message}` };
    return { errorCode: ErrorCodes.INVALID_PARAMETER, description: `Invalid value for ${where}: ${issue.message}` };
  });
  return badRequest(items);
}

/** Runs `fn` over `items` with at most `limit` at a time; results in input order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** The checks that need no lock: schema, format rules, the customer (POST's validation step). */
async function prepareAll(db: Db, req: FastifyRequest, partner: PartnerScope, service: Service, items: unknown[]): Promise<Prepared[]> {
  const portalChecks = new Map<string, Promise<void>>();
  return mapLimit(items, PREPARE_CONCURRENCY, async (raw, index): Promise<Prepared> => {
    const parsed = ProvisionSubscriberSchema.safeParse(raw);
    if (!parsed.success) return { index, failure: failed(index, schemaError(parsed.error)) };
    try {
      const customerId = parsed.data.customerId;
      let check = portalChecks.get(customerId);
      if (!check) portalChecks.set(customerId, (check = refuseApiOnlyInPortal(db, req, { customerId })));
      await check;
      return { index, accept: await service.provision(db, partner, parsed.data, actorOf(req)) };
    } catch (err) {
      if (err instanceof ApiError) return { index, failure: failed(index, err) };
      throw err;
    }
  });
}

/** Every item in request order, each in its own savepoint of `tx`. */
async function writeAll(tx: Tx, prepared: Prepared[]): Promise<ItemResult[]> {
  const results: ItemResult[] = [];
  for (const p of prepared) {
    if (p.failure) {
      results.push(p.failure);
      continue;
    }
    try {
      const s = await tx.transaction((sp) => p.accept!(sp));
      results.push({ index: p.index, status: s.status === 'pending_user_migration' ? 202 : 200, subscriber: s });
    } catch (err) {
      // Anything but a refusal is a bug or an outage: it fails the whole request.
      if (!(err instanceof ApiError)) throw err;
      results.push(failed(p.index, err));
    }
  }
  return results;
}

const ok = (r: ItemResult) => r.status === 200 || r.status === 202;

/** all_or_nothing with a failure: the items that passed are reported as not applied (424). */
function markNotApplied(results: ItemResult[]): ItemResult[] {
  const bad = results.filter((r) => !ok(r)).map((r) => r.index);
  const shown = bad.slice(0, 10).join(', ') + (bad.length > 10 ? ', …' : '');
  const description = `Not applied: item${bad.length > 1 ? 's' : ''} ${shown} of this all_or_nothing request failed.`;
  return results.map((r) => ok(r)
    ? { index: r.index, status: 424, error: { message: description, errors: [{ errorCode: ErrorCodes.BULK_NOT_APPLIED, description }] } }
    : r);
}

/** Thrown out of the transaction to roll it back (and forget the Idempotency-Key) with an answer. */
class NothingApplied extends Error {
  constructor(readonly response: StoredResponse) {
    super('nothing applied');
  }
}

type Service = ReturnType<typeof subscriberService>;

/**
 * The whole request. With an Idempotency-Key, a response that wrote something is kept with it
 * (replayed for 24 h); a response that wrote nothing (dryRun, a failed all_or_nothing, every item
 * refused) is not, like a refused single POST: a retry checks again.
 */
export async function provisionBulk(
  db: Db, req: FastifyRequest, partner: PartnerScope, service: Service, body: { mode?: BulkRequest['mode']; dryRun?: boolean; items: unknown[] },
): Promise<{ response: StoredResponse; applied: boolean }> {
  const mode = body.mode ?? 'best_effort';
  const dryRun = body.dryRun ?? false;
  try {
    const response = await idempotent(db, req, partner.id, async () => {
      const prepared = await prepareAll(db, req, partner, service, body.items);
      return async (tx) => {
        let results = await writeAll(tx, prepared);
        const anyFailed = results.some((r) => !ok(r));
        if (mode === 'all_or_nothing' && anyFailed) results = markNotApplied(results);
        const succeeded = results.filter(ok).length;
        const applied = !dryRun && succeeded > 0;
        const out: BulkResponse = {
          mode, dryRun, applied,
          counts: {
            total: results.length,
            succeeded,
            failed: results.filter((r) => !ok(r) && r.status !== 424).length,
            notApplied: results.filter((r) => r.status === 424).length,
          },
          items: results,
        };
        const res = { statusCode: 200, headers: {}, body: out };
        if (!applied) throw new NothingApplied(res);
        return res;
      };
    });
    return { response, applied: (response.body as BulkResponse).applied };
  } catch (err) {
    if (err instanceof NothingApplied) return { response: err.response, applied: false };
    throw err;
  }
}
