import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { actorOf, type PartnerScope } from '../../http/auth.ts';
import { ErrorItemSchema } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, badRequest, type ErrorItem } from '../../http/errors.ts';
import { idempotent, type StoredResponse } from '../../http/idempotency.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';
import { ProvisionSubscriberSchema, SubscriberSchema } from './schemas.ts';
import type { subscriberService } from './service.ts';

/**
 * POST /v1/wholesale/subscribers/bulk (our extension, for migrations): up to 1,000 subscribers
 * in one request. Each item runs exactly the rules of POST /v1/wholesale/subscribers, in request
 * order, as if posted one after another, and gets the status that POST would have answered.
 * All items run in one transaction (their checks read through it, so each item sees the ones
 * before it), each item's writes in their own savepoint: a failing item rolls back only itself
 * (best_effort); all_or_nothing and dryRun roll back the whole transaction. One transaction
 * means one COMMIT for up to 1,000 subscribers, and the customer's lock taken once per request.
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

/**
 * Every item in request order, in `tx`: POST's checks (reading through the transaction, so each
 * item sees the ones before it), then its writes in a savepoint of their own.
 */
async function runAll(tx: Tx, req: FastifyRequest, partner: PartnerScope, service: Service, items: unknown[]): Promise<ItemResult[]> {
  const portalChecks = new Map<string, Promise<void>>();
  const results: ItemResult[] = [];
  for (const [index, raw] of items.entries()) {
    const parsed = ProvisionSubscriberSchema.safeParse(raw);
    if (!parsed.success) {
      results.push(failed(index, schemaError(parsed.error)));
      continue;
    }
    try {
      const customerId = parsed.data.customerId;
      let check = portalChecks.get(customerId);
      if (!check) portalChecks.set(customerId, (check = refuseApiOnlyInPortal(tx, req, { customerId })));
      await check;
      const accept = await service.provision(tx, partner, parsed.data, actorOf(req));
      const s = await tx.transaction((sp) => accept(sp));
      results.push({ index, status: s.status === 'pending_user_migration' ? 202 : 200, subscriber: s });
    } catch (err) {
      // Anything but a refusal is a bug or an outage: it fails the whole request.
      if (!(err instanceof ApiError)) throw err;
      results.push(failed(index, err));
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

function respond(results: ItemResult[], mode: BulkResponse['mode'], dryRun: boolean): BulkResponse {
  if (mode === 'all_or_nothing' && results.some((r) => !ok(r))) results = markNotApplied(results);
  const succeeded = results.filter(ok).length;
  return {
    mode, dryRun,
    applied: !dryRun && succeeded > 0,
    counts: {
      total: results.length,
      succeeded,
      failed: results.filter((r) => !ok(r) && r.status !== 424).length,
      notApplied: results.filter((r) => r.status === 424).length,
    },
    items: results,
  };
}

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
    const response = await idempotent(db, req, partner.id, async () => async (tx) => {
      const out = respond(await runAll(tx, req, partner, service, body.items), mode, dryRun);
      const res = { statusCode: 200, headers: {}, body: out };
      // Rolls the transaction back (the Idempotency-Key's claim with it), answer in hand.
      if (!out.applied) throw new NothingApplied(res);
      return res;
    // A bulk request is a transaction of its own: it must not hold neighbours' writes (group commit).
    }, { alone: true });
    return { response, applied: (response.body as BulkResponse).applied };
  } catch (err) {
    if (err instanceof NothingApplied) return { response: err.response, applied: false };
    throw err;
  }
}
