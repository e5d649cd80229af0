import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { customers, organizations, partners, people, subscribers, templates } from '../../db/schema.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { ApiError, ErrorCodes, conflict, notFound } from '../../http/errors.ts';
import { decodeId, newUuid } from '../../http/ids.ts';
import { sha256 } from '../control-hub/accounts.ts';
import { lockCustomer, type CustomerRow } from '../customers/store.ts';
import { notifyConsentMove, notifyNewUser } from '../notifications/service.ts';
import { assignNumber } from '../numbers/service.ts';
import { audit } from '../orgs/audit.ts';
import { presentSubscriber } from './present.ts';
import type { Subscriber } from './schemas.ts';
import * as store from './store.ts';

/**
 * `pending_user_migration` (reference: 202 on POST subscriber): the email belongs to an active
 * free (consumer) account. The subscriber waits, holding its quantity unit and its number, until
 * the account's holder accepts to move it into the customer organization (a link in a mail).
 */
type Calling = { phone?: string; extension?: string; locationId: string };

const invalidLink = () => ApiError.one(404, ErrorCodes.CONSENT_LINK_INVALID, 'This link is not valid any more: ask your administrator to send it again.');

async function sendConsent(tx: Tx, c: CustomerRow, email: string, publicUrl: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await notifyConsentMove(tx, c, email, `${publicUrl}/consent/${token}`);
  return sha256(token);
}

export async function requestMove(tx: Tx, m: {
  customer: CustomerRow; person: typeof people.$inferSelect; pkg: string; calling?: Calling; partnerId: string; actor: string; publicUrl: string;
}): Promise<Subscriber> {
  const c = m.customer;
  if (m.calling?.extension && (await store.extensionTaken(tx, c.orgId, m.calling.extension))) {
    throw conflict(ErrorCodes.EXTENSION_TAKEN, `Extension ${m.calling.extension} is already used in this customer.`);
  }
  await store.takeUnit(tx, c.id, m.pkg);
  // The number is reserved for the user now, so that it is still theirs when they accept.
  if (m.calling?.phone) await assignNumber(tx, { orgId: c.orgId, locationId: m.calling.locationId, number: m.calling.phone, personId: m.person.id });
  const consentTokenHash = await sendConsent(tx, c, m.person.email, m.publicUrl);
  const [row] = await tx.insert(subscribers).values({
    id: newUuid(), partnerId: m.partnerId, customerId: c.id, personId: m.person.id, email: m.person.email, package: m.pkg,
    status: 'pending_user_migration', consentTokenHash, pendingCalling: m.calling ?? null,
  }).returning();
  await audit(tx, { orgId: c.orgId, partnerId: m.partnerId, customerId: c.id, actor: m.actor, action: 'consent.requested',
    after: { email: m.person.email, subscriberId: row!.id } });
  return presentSubscriber({ ...row!, externalCustomerId: c.externalId });
}

/** POST /v1/subscribers/{id}/emails/consentMove: a new link (the old one stops working). */
export async function resendConsent(db: Db, partner: PartnerScope, subscriberId: string, publicUrl: string, actor: string): Promise<void> {
  const id = decodeId('SUBSCRIBER', subscriberId.trim());
  const current = id ? await store.findSubscriber(db, partner.id, id) : undefined;
  if (!current) throw notFound('Subscriber');
  await db.transaction(async (tx) => {
    const c = (await lockCustomer(tx, current.customerId))!;
    const [sub] = await tx.select().from(subscribers).where(eq(subscribers.id, current.id));
    if (!sub) throw notFound('Subscriber');
    if (sub.status !== 'pending_user_migration') {
      throw conflict(ErrorCodes.NOT_PENDING_MIGRATION, `The subscriber is ${sub.status}: a consent email is only sent while it is pending_user_migration.`);
    }
    const consentTokenHash = await sendConsent(tx, c, sub.email, publicUrl);
    await tx.update(subscribers).set({ consentTokenHash }).where(eq(subscribers.id, sub.id));
    await audit(tx, { orgId: c.orgId, partnerId: partner.id, customerId: c.id, actor, action: 'consent.resent', after: { email: sub.email } });
  });
}

async function pendingByToken(tx: Tx | Db, token: string) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw invalidLink();
  const [sub] = await tx.select().from(subscribers).where(eq(subscribers.consentTokenHash, sha256(token))).limit(1);
  if (!sub || sub.status !== 'pending_user_migration') throw invalidLink();
  return sub;
}

/** What the consent page shows. */
export async function consentInfo(db: Db, token: string) {
  const sub = await pendingByToken(db, token);
  const [row] = await db.select({ c: customers, orgName: organizations.name, email: templates.emailSettings, partner: partners.name }).from(customers)
    .innerJoin(organizations, eq(organizations.id, customers.orgId))
    .innerJoin(templates, eq(templates.id, customers.templateId))
    .innerJoin(partners, eq(partners.id, customers.partnerId))
    .where(eq(customers.id, sub.customerId));
  return { email: sub.email, orgName: row?.orgName ?? '', brandName: row?.email.brandName ?? row?.partner ?? '', status: 'pending' as const };
}

/** The user accepts: the account moves into the customer org and the subscriber is provisioned. */
export async function acceptConsent(db: Db, token: string, publicUrl: string): Promise<void> {
  await db.transaction(async (tx) => {
    const found = await pendingByToken(tx, token);
    const c = (await lockCustomer(tx, found.customerId))!;
    const [sub] = await tx.select().from(subscribers).where(eq(subscribers.id, found.id)).for('update');
    if (!sub || sub.status !== 'pending_user_migration' || sub.consentTokenHash !== found.consentTokenHash) throw invalidLink();
    const [person] = await tx.select().from(people).where(eq(people.id, sub.personId)).for('update');
    const calling = sub.pendingCalling;
    try {
      await tx.update(people).set({
        orgId: c.orgId, freeAccount: false, roles: [], updated: new Date(),
        locationId: calling?.locationId ?? null, extension: calling?.extension ?? null,
      }).where(eq(people.id, sub.personId));
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(ErrorCodes.EXTENSION_TAKEN, 'The extension reserved for you was taken meanwhile: ask your administrator to send the link again.');
      throw err;
    }
    await tx.update(subscribers).set({ status: 'provisioned', consentTokenHash: null, pendingCalling: null, errors: [], lastStatusChange: new Date() })
      .where(eq(subscribers.id, sub.id));
    await notifyNewUser(tx, c, { email: sub.email, firstName: person?.firstName, admin: false, country: c.address.country!, phoneNumber: calling?.phone, extension: calling?.extension }, publicUrl);
    await audit(tx, { orgId: c.orgId, partnerId: sub.partnerId, customerId: c.id, actor: `user:${sub.email}`, action: 'consent.accepted',
      before: { orgId: person?.orgId, freeAccount: true }, after: { orgId: c.orgId, freeAccount: false } });
  });
}

/** The user declines: the subscriber stays pending, with an error entry saying so. */
export async function declineConsent(db: Db, token: string): Promise<void> {
  await db.transaction(async (tx) => {
    const sub = await pendingByToken(tx, token);
    const item = { errorCode: ErrorCodes.CONSENT_DECLINED, description: 'The user declined to move their account into the organization.' };
    const updated = await tx.update(subscribers).set({ errors: [...sub.errors, item], consentTokenHash: null })
      .where(and(eq(subscribers.id, sub.id), eq(subscribers.status, 'pending_user_migration'))).returning({ id: subscribers.id });
    if (updated.length === 0) throw invalidLink();
    const [c] = await tx.select({ orgId: customers.orgId }).from(customers).where(eq(customers.id, sub.customerId));
    await audit(tx, { orgId: c?.orgId, partnerId: sub.partnerId, customerId: sub.customerId, actor: `user:${sub.email}`, action: 'consent.declined',
      after: { email: sub.email } });
  });
}
