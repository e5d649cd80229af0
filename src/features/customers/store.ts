import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { attachRequests, customerPackages, customers, licenses, meetingSites, organizations, templates, type ErrorItem } from '../../db/schema.ts';
import type { Page } from '../../http/pagination.ts';

/** Customer aggregate queries. Every read that a partner triggers is scoped by partnerId. */
export type CustomerRow = typeof customers.$inferSelect;
export type PackageRow = typeof customerPackages.$inferSelect;

export type CustomerAggregate = {
  customer: CustomerRow;
  packages: PackageRow[];
  provisioningId: string | null;
  /** package → licence row ids, only when asked for. */
  licenses?: Map<string, string[]>;
  sipDomain?: string | null;
  meetingsSiteUrl?: string | null;
  approval?: typeof attachRequests.$inferSelect;
};

export async function findCustomer(db: DbOrTx, partnerId: string, id: string): Promise<CustomerRow | undefined> {
  const rows = await db
    .select()
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.partnerId, partnerId)))
    .limit(1);
  return rows[0];
}

/** For workers: the customer whatever its partner, locked for the transaction. */
export async function lockCustomer(tx: DbOrTx, id: string): Promise<CustomerRow | undefined> {
  const rows = await tx.select().from(customers).where(eq(customers.id, id)).for('update').limit(1);
  return rows[0];
}

export async function loadAggregates(
  db: DbOrTx,
  rows: CustomerRow[],
  withLicenses: boolean,
): Promise<CustomerAggregate[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const orgIds = rows.filter((r) => r.orgReady).map((r) => r.orgId);
  const attachedIds = rows.filter((r) => r.attached).map((r) => r.id);
  const [pkgs, tpls, lics, orgs, sites, approvals] = await Promise.all([
    db.select().from(customerPackages).where(inArray(customerPackages.customerId, ids)).orderBy(asc(customerPackages.created), asc(customerPackages.name)),
    db.select({ id: templates.id, provisioningId: templates.provisioningId }).from(templates).where(inArray(templates.id, [...new Set(rows.map((r) => r.templateId))])),
    withLicenses
      ? db.select({ id: licenses.id, orgId: licenses.orgId, pkg: licenses.package }).from(licenses).where(and(inArray(licenses.orgId, rows.map((r) => r.orgId)), eq(licenses.wholesale, true)))
      : Promise.resolve([]),
    orgIds.length ? db.select({ id: organizations.id, sip: organizations.sipDomain }).from(organizations).where(inArray(organizations.id, orgIds)) : Promise.resolve([]),
    orgIds.length ? db.select({ orgId: meetingSites.orgId, url: meetingSites.siteUrl }).from(meetingSites).where(inArray(meetingSites.orgId, orgIds)) : Promise.resolve([]),
    attachedIds.length ? db.select().from(attachRequests).where(inArray(attachRequests.customerId, attachedIds)) : Promise.resolve([]),
  ]);
  const tplById = new Map(tpls.map((t) => [t.id, t.provisioningId]));
  return rows.map((customer) => {
    const agg: CustomerAggregate = {
      customer,
      packages: pkgs.filter((p) => p.customerId === customer.id),
      provisioningId: tplById.get(customer.templateId) ?? null,
      sipDomain: orgs.find((o) => o.id === customer.orgId)?.sip ?? null,
      meetingsSiteUrl: sites.find((m) => m.orgId === customer.orgId)?.url ?? null,
      approval: approvals.find((a) => a.customerId === customer.id),
    };
    if (withLicenses) {
      const map = new Map<string, string[]>();
      for (const l of lics) {
        if (l.orgId !== customer.orgId) continue;
        map.set(l.pkg, [...(map.get(l.pkg) ?? []), l.id]);
      }
      agg.licenses = map;
    }
    return agg;
  });
}

export type ListFilter = { externalId?: string; orgId?: string; statuses?: string[]; search?: string };

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listCustomers(db: DbOrTx, partnerId: string, f: ListFilter, page: Page): Promise<CustomerRow[]> {
  return db
    .select()
    .from(customers)
    .where(and(
      eq(customers.partnerId, partnerId),
      f.externalId !== undefined ? eq(customers.externalId, f.externalId) : undefined,
      f.orgId !== undefined ? and(eq(customers.orgId, f.orgId), sql`${customers.orgReady}`) : undefined,
      f.statuses?.length ? inArray(customers.status, f.statuses as CustomerRow['status'][]) : undefined,
      f.search ? sql`(${customers.customerInfo}->>'name' ILIKE ${likePattern(f.search)} OR ${customers.externalId} ILIKE ${likePattern(f.search)})` : undefined,
    ))
    .orderBy(desc(customers.created), desc(customers.id))
    .offset(page.offset)
    .limit(page.max + 1);
}

export async function externalIdTaken(db: DbOrTx, partnerId: string, externalId: string, exceptId?: string): Promise<boolean> {
  const rows = await db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.partnerId, partnerId), eq(customers.externalId, externalId)))
    .limit(2);
  return rows.some((r) => r.id !== exceptId);
}

export async function orgTaken(db: DbOrTx, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: customers.id }).from(customers).where(eq(customers.orgId, orgId)).limit(1);
  return rows.length > 0;
}

export async function setStatus(
  tx: DbOrTx,
  id: string,
  status: CustomerRow['status'],
  extra: Partial<Pick<CustomerRow, 'errors' | 'rplReview' | 'orgReady'>> = {},
): Promise<void> {
  await tx.update(customers).set({ status, lastStatusChange: new Date(), ...extra }).where(eq(customers.id, id));
}

export async function setPackage(
  tx: DbOrTx,
  customerId: string,
  name: string,
  values: { status: PackageRow['status']; warnings?: ErrorItem[]; errors?: ErrorItem[] },
): Promise<void> {
  await tx
    .update(customerPackages)
    .set(values)
    .where(and(eq(customerPackages.customerId, customerId), eq(customerPackages.name, name)));
}

export async function packagesOf(tx: DbOrTx, customerId: string): Promise<PackageRow[]> {
  return tx.select().from(customerPackages).where(eq(customerPackages.customerId, customerId));
}
