import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/client.ts';
import { customers, subscribers } from '../../db/schema.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { decodeId } from '../../http/ids.ts';

/**
 * Seed 003: after a partner attaches wholesale services to its own customer organization,
 * further provisioning of it happens through the public API only, not Partner Hub. Partner Hub
 * shows such a customer read-only, and its session's changes are refused here.
 */
export async function refuseApiOnlyInPortal(
  db: Db,
  req: FastifyRequest,
  ref: { customerId?: string; subscriberId?: string; orgId?: string },
): Promise<void> {
  if (!req.portalSession || !req.partner) return;
  const partnerId = req.partner.id;
  let where;
  if (ref.customerId !== undefined) {
    const id = decodeId('ENTERPRISE', ref.customerId.trim());
    if (!id) return;
    where = and(eq(customers.id, id), eq(customers.partnerId, partnerId));
  } else if (ref.orgId !== undefined) {
    const id = decodeId('ORGANIZATION', ref.orgId.trim());
    if (!id) return;
    where = and(eq(customers.orgId, id), eq(customers.partnerId, partnerId));
  } else if (ref.subscriberId !== undefined) {
    const id = decodeId('SUBSCRIBER', ref.subscriberId.trim());
    if (!id) return;
    const [s] = await db.select({ customerId: subscribers.customerId }).from(subscribers).where(and(eq(subscribers.id, id), eq(subscribers.partnerId, partnerId)));
    if (!s) return;
    where = eq(customers.id, s.customerId);
  } else {
    return;
  }
  const [c] = await db.select({ apiOnly: customers.apiOnly }).from(customers).where(where).limit(1);
  if (c?.apiOnly) {
    throw ApiError.one(403, ErrorCodes.CUSTOMER_API_ONLY,
      'This customer is your own organization with wholesale services attached: provision it through the API, not Partner Hub.');
  }
}
