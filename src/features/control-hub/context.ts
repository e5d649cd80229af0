import { eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/client.ts';
import { customers, partners } from '../../db/schema.ts';
import { ApiError, ErrorCodes, conflict } from '../../http/errors.ts';
import type { CustomerAdminSession, PartnerScope } from '../../http/auth.ts';
import type { CustomerRow } from '../customers/store.ts';

/**
 * What every Control Hub route works from: the signed-in administrator's own organization
 * (never one named in the request), and, when the org is a wholesale customer, the customer and
 * its partner, for whom the shared services (subscribers, locations) are called.
 */
export function adminOf(req: FastifyRequest): CustomerAdminSession {
  if (!req.customerAdmin) {
    throw ApiError.one(401, ErrorCodes.UNAUTHORIZED, 'The request requires a Control Hub session.');
  }
  return req.customerAdmin;
}

/** How the audit log names a customer administrator. */
export const actorOf = (a: CustomerAdminSession) => `customer_admin:${a.email}`;

export type Wholesale = { customer: CustomerRow; partner: PartnerScope };

export async function wholesaleOf(db: DbOrTx, orgId: string): Promise<Wholesale | null> {
  const rows = await db.select({ c: customers, p: partners }).from(customers)
    .innerJoin(partners, eq(partners.id, customers.partnerId))
    .where(eq(customers.orgId, orgId)).limit(1);
  const r = rows[0];
  if (!r) return null;
  return { customer: r.c, partner: { id: r.p.id, orgId: r.p.orgId, name: r.p.name, settings: r.p.settings } };
}

/** Packages and locations come with a partner's wholesale services. */
export async function requireWholesale(db: DbOrTx, orgId: string): Promise<Wholesale> {
  const w = await wholesaleOf(db, orgId);
  if (!w || !w.customer.orgReady) {
    throw conflict(ErrorCodes.NO_WHOLESALE_SERVICES, 'The organization has no wholesale services yet: packages and locations come with a partner\'s wholesale services.');
  }
  return w;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);
