import { and, asc, desc, eq, gte, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customerPackages, customers, locations, people, subscribers } from '../../db/schema.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import type { Page } from '../../http/pagination.ts';

/** Subscriber, person and quantity queries. Partner-facing reads are scoped by partnerId. */
export type SubscriberRow = typeof subscribers.$inferSelect;
export type PersonRow = typeof people.$inferSelect;
export type SubscriberView = SubscriberRow & { externalCustomerId: string };

export async function findSubscriber(db: DbOrTx, partnerId: string, id: string): Promise<SubscriberView | undefined> {
  const rows = await db
    .select({ s: subscribers, externalCustomerId: customers.externalId })
    .from(subscribers)
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .where(and(eq(subscribers.id, id), eq(subscribers.partnerId, partnerId)))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.s, externalCustomerId: r.externalCustomerId } : undefined;
}

export type SubscriberFilter = {
  customerId?: string;
  personId?: string;
  externalCustomerId?: string;
  email?: string;
  status?: string;
  after?: Date;
  lastStatusChange?: Date;
  sortBy: 'created' | 'lastStatusChange';
  order: 'ASC' | 'DESC';
};

const nextMs = (d: Date) => new Date(Math.floor(d.getTime()) + 1);

export async function listSubscribers(db: DbOrTx, partnerId: string, f: SubscriberFilter, page: Page): Promise<SubscriberView[]> {
  const col = f.sortBy === 'created' ? subscribers.created : subscribers.lastStatusChange;
  const dir = f.order === 'ASC' ? asc : desc;
  const rows = await db
    .select({ s: subscribers, externalCustomerId: customers.externalId })
    .from(subscribers)
    .innerJoin(customers, eq(customers.id, subscribers.customerId))
    .where(and(
      eq(subscribers.partnerId, partnerId),
      f.customerId !== undefined ? eq(subscribers.customerId, f.customerId) : undefined,
      f.personId !== undefined ? eq(subscribers.personId, f.personId) : undefined,
      f.externalCustomerId !== undefined ? eq(customers.externalId, f.externalCustomerId) : undefined,
      f.email !== undefined ? eq(subscribers.email, f.email) : undefined,
      f.status !== undefined ? eq(subscribers.status, f.status as SubscriberRow['status']) : undefined,
      // Times go out with millisecond precision and are stored with microseconds: "after T" means
      // from the next millisecond on, so a returned `created` works as a cursor.
      f.after !== undefined ? gte(subscribers.created, nextMs(f.after)) : undefined,
      f.lastStatusChange !== undefined ? gte(subscribers.lastStatusChange, nextMs(f.lastStatusChange)) : undefined,
    ))
    .orderBy(dir(col), dir(subscribers.id))
    .offset(page.offset)
    .limit(page.max + 1);
  return rows.map((r) => ({ ...r.s, externalCustomerId: r.externalCustomerId }));
}

/**
 * For POST subscriber: the customer locked for the transaction, the status of one of its
 * packages and whether its org has a full administrator, in one round trip.
 */
export async function lockForSubscriber(tx: DbOrTx, customerId: string, pkg: string) {
  const rows = await tx.select({
    customer: customers,
    packageStatus: customerPackages.status,
    orgHasFullAdmin: sql<boolean>`EXISTS (SELECT 1 FROM ${people} WHERE ${people.orgId} = ${customers.orgId} AND 'full_admin' = ANY(${people.roles}))`,
  })
    .from(customers)
    .leftJoin(customerPackages, and(eq(customerPackages.customerId, customers.id), eq(customerPackages.name, pkg)))
    .where(eq(customers.id, customerId))
    .for('update', { of: customers })
    .limit(1);
  return rows[0];
}

/** The person with this email and whether they are already a subscriber, in one round trip. */
export async function personWithSubscriber(tx: DbOrTx, email: string): Promise<{ person: PersonRow; subscribed: boolean } | undefined> {
  const rows = await tx.select({ person: people, sub: subscribers.id }).from(people)
    .leftJoin(subscribers, eq(subscribers.personId, people.id))
    .where(eq(people.email, email)).limit(1);
  return rows[0] ? { person: rows[0].person, subscribed: rows[0].sub !== null } : undefined;
}

export async function personByEmail(tx: DbOrTx, email: string): Promise<PersonRow | undefined> {
  const rows = await tx.select().from(people).where(eq(people.email, email)).limit(1);
  return rows[0];
}

export async function subscriberOfPerson(tx: DbOrTx, personId: string): Promise<SubscriberRow | undefined> {
  const rows = await tx.select().from(subscribers).where(eq(subscribers.personId, personId)).limit(1);
  return rows[0];
}

export async function orgHasFullAdmin(tx: DbOrTx, orgId: string): Promise<boolean> {
  const rows = await tx.select({ id: people.id }).from(people)
    .where(and(eq(people.orgId, orgId), sql`'full_admin' = ANY(${people.roles})`)).limit(1);
  return rows.length > 0;
}

export async function extensionTaken(tx: DbOrTx, orgId: string, extension: string, exceptPersonId?: string): Promise<boolean> {
  const rows = await tx.select({ id: people.id }).from(people)
    .where(and(eq(people.orgId, orgId), eq(people.extension, extension))).limit(2);
  return rows.some((r) => r.id !== exceptPersonId);
}

export async function orgLocations(tx: DbOrTx, orgId: string) {
  return tx.select({ id: locations.id }).from(locations).where(eq(locations.orgId, orgId)).limit(2);
}

export async function locationOfOrg(tx: DbOrTx, orgId: string, locationId: string): Promise<boolean> {
  const rows = await tx.select({ id: locations.id }).from(locations)
    .where(and(eq(locations.id, locationId), eq(locations.orgId, orgId))).limit(1);
  return rows.length > 0;
}

/**
 * Takes one unit of a package from the customer's pool, atomically: the row lock of the UPDATE
 * makes racing requests for the last unit take turns, and only one finds it free.
 */
export async function takeUnit(tx: DbOrTx, customerId: string, pkg: string): Promise<void> {
  const rows = await tx.update(customerPackages)
    .set({ assigned: sql`${customerPackages.assigned} + 1` })
    .where(and(
      eq(customerPackages.customerId, customerId),
      eq(customerPackages.name, pkg),
      or(isNull(customerPackages.quantityLimit), sql`${customerPackages.assigned} < ${customerPackages.quantityLimit}`),
    ))
    .returning({ assigned: customerPackages.assigned });
  if (rows.length > 0) return;
  const [row] = await tx.select({ limit: customerPackages.quantityLimit }).from(customerPackages)
    .where(and(eq(customerPackages.customerId, customerId), eq(customerPackages.name, pkg)));
  throw ApiError.one(409, ErrorCodes.QUANTITY_EXCEEDED,
    `The quantity limit of ${pkg} (${row?.limit ?? 0}) is reached: free a unit or raise the customer's quantity.`);
}

export async function returnUnit(tx: DbOrTx, customerId: string, pkg: string): Promise<void> {
  await tx.update(customerPackages)
    .set({ assigned: sql`greatest(${customerPackages.assigned} - 1, 0)` })
    .where(and(eq(customerPackages.customerId, customerId), eq(customerPackages.name, pkg)));
}
