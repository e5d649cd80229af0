import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { customers, organizations, partners } from '../../db/schema.ts';
import { notFound } from '../../http/errors.ts';
import { decodeId } from '../../http/ids.ts';
import { readSettings } from '../partners/settings.ts';
import { audit } from './audit.ts';

/**
 * Which branding an org shows (seed 003): the partner's advanced branding wins over the org's
 * basic branding once a partner serves it, unless the partner set the org to keep its own
 * ("override" in the partner's advanced branding settings).
 */
export type EffectiveBranding = { source: 'organization' | 'partner' | 'default'; logoUrl?: string; primaryColor?: string };

export function effectiveBranding(
  org: { branding: { basic: boolean; logoUrl?: string; primaryColor?: string } },
  partnerAdvanced: { logoUrl?: string; primaryColor?: string } | null,
  keepCustomerBranding: boolean,
): EffectiveBranding {
  const own = org.branding.basic ? { source: 'organization' as const, logoUrl: org.branding.logoUrl, primaryColor: org.branding.primaryColor } : undefined;
  if (own && keepCustomerBranding) return own;
  if (partnerAdvanced) return { source: 'partner', ...partnerAdvanced };
  return own ?? { source: 'default' };
}

export async function brandingOfOrg(db: DbOrTx, orgId: string): Promise<EffectiveBranding | null> {
  const [row] = await db.select({ org: organizations, keep: customers.keepCustomerBranding, settings: partners.settings })
    .from(organizations)
    .leftJoin(customers, eq(customers.orgId, organizations.id))
    .leftJoin(partners, eq(partners.id, customers.partnerId))
    .where(eq(organizations.id, orgId));
  if (!row) return null;
  const advanced = row.settings ? readSettings(row.settings).advanced_branding : null;
  return effectiveBranding(row.org, advanced, row.keep ?? false);
}

/** The partner sets a customer org to keep its own basic branding (or not). */
export async function setKeepCustomerBranding(db: Db, partnerId: string, customerId: string, keep: boolean, actor: string) {
  const id = decodeId('ENTERPRISE', customerId.trim());
  return db.transaction(async (tx) => {
    const [c] = id ? await tx.select().from(customers).where(and(eq(customers.id, id), eq(customers.partnerId, partnerId))).for('update') : [];
    if (!c) throw notFound('Customer');
    await tx.update(customers).set({ keepCustomerBranding: keep }).where(eq(customers.id, c.id));
    await audit(tx, { orgId: c.orgId, partnerId, customerId: c.id, actor, action: 'org.settings_changed',
      before: { keepCustomerBranding: c.keepCustomerBranding }, after: { keepCustomerBranding: keep } });
    return { keepCustomerBranding: keep, effective: await brandingOfOrg(tx, c.orgId) };
  });
}
