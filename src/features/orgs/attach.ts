import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import {
  attachRequests, customerPackages, customers, licenses, orgExternalAdmins, organizations, partners, people, templates,
  type PartnerRights,
} from '../../db/schema.ts';
import { ApiError, ErrorCodes, conflict, notFound } from '../../http/errors.ts';
import { newUuid } from '../../http/ids.ts';
import { enqueue } from '../../jobs/queue.ts';
import { queueMail } from '../../mail/outbox.ts';
import { renderMail, senderName } from '../../mail/templates.ts';
import { JOB_PROVISION, enqueueWorkflow } from '../customers/service.ts';
import { audit } from './audit.ts';
import { issueActivation } from '../control-hub/accounts.ts';

/**
 * Attaching wholesale services to an organization that existed before (seed 003).
 *
 * Approval by the org's administrator is needed when the partner does not already manage the
 * org AND any of: 100 users or more, a verified email domain, a claimed domain. Otherwise the
 * attach is automatic and nobody in the org is told. The partner gets provisioning-admin rights
 * (limited visibility of existing users), or full admin when the org has no licences / only
 * suspended or cancelled ones, or when the org's admin added the partner as an external full
 * administrator.
 */
export const APPROVAL_USER_THRESHOLD = 100;
export const APPROVAL_DAYS = 30;
export const JOB_ATTACH_EXPIRE = 'attach.expire';

export type ApprovalReason = 'users_100_or_more' | 'verified_domain' | 'claimed_domain';

export type AttachFacts = {
  userCount: number;
  verifiedDomains: string[];
  claimedDomains: string[];
  /** The partner already manages the org (its own customer org). */
  managedByPartner: boolean;
  /** The org's admin added the partner as an external full administrator. */
  externalFullAdmin: boolean;
  /** States of the licences the org had before (not wholesale ones). */
  licenceStates: string[];
};

export type AttachDecision = { approvalRequired: boolean; reasons: ApprovalReason[]; rights: PartnerRights; managed: boolean };

/** The rule of seed 003 as a pure function. */
export function decideAttach(f: AttachFacts): AttachDecision {
  const managed = f.managedByPartner || f.externalFullAdmin;
  const reasons: ApprovalReason[] = [];
  if (f.userCount >= APPROVAL_USER_THRESHOLD) reasons.push('users_100_or_more');
  if (f.verifiedDomains.length > 0) reasons.push('verified_domain');
  if (f.claimedDomains.length > 0) reasons.push('claimed_domain');
  return { approvalRequired: !managed && reasons.length > 0, reasons, rights: rightsFor(f), managed };
}

export function rightsFor(f: Pick<AttachFacts, 'managedByPartner' | 'externalFullAdmin' | 'licenceStates'>): PartnerRights {
  if (f.managedByPartner || f.externalFullAdmin) return 'full_admin';
  return f.licenceStates.some((s) => s === 'active') ? 'provisioning_admin' : 'full_admin';
}

export type OrgRow = typeof organizations.$inferSelect;

export async function factsFor(db: DbOrTx, org: OrgRow, partnerId: string): Promise<AttachFacts> {
  const [[users], lics, ext] = await Promise.all([
    db.select({ n: count() }).from(people).where(eq(people.orgId, org.id)),
    db.select({ state: licenses.state }).from(licenses).where(and(eq(licenses.orgId, org.id), eq(licenses.wholesale, false))),
    db.select().from(orgExternalAdmins).where(and(eq(orgExternalAdmins.orgId, org.id), eq(orgExternalAdmins.partnerId, partnerId))),
  ]);
  return {
    userCount: users?.n ?? 0,
    verifiedDomains: org.verifiedDomains,
    claimedDomains: org.claimedDomains,
    managedByPartner: org.partnerId === partnerId,
    externalFullAdmin: ext.length > 0,
    licenceStates: lics.map((l) => l.state),
  };
}

/** The directory org a POST names, or the error that refuses it (404, trial, another partner's). */
export async function attachableOrg(db: DbOrTx, orgId: string, partnerId: string): Promise<OrgRow> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw ApiError.one(404, ErrorCodes.ORG_NOT_FOUND, 'No organization with this orgId exists.');
  const [cust] = await db.select({ partnerId: customers.partnerId }).from(customers).where(eq(customers.orgId, orgId));
  if (cust) {
    throw conflict(ErrorCodes.ORG_ALREADY_CUSTOMER, cust.partnerId === partnerId
      ? 'The organization is already your wholesale customer.'
      : 'The organization is already a wholesale customer of another partner.');
  }
  if (org.origin !== 'directory') throw ApiError.one(404, ErrorCodes.ORG_NOT_FOUND, 'No organization with this orgId exists.');
  if (org.trial) throw conflict(ErrorCodes.TRIAL_ORG, 'Trial organizations cannot be converted to wholesale customers.');
  return org;
}

/** The org's full administrators (who approve, and who may sign in to Control Hub). */
export async function orgFullAdmins(db: DbOrTx, orgId: string) {
  // Filtered in SQL: an org may have thousands of users and a handful of administrators.
  return db.select({ email: people.email, firstName: people.firstName }).from(people)
    .where(and(eq(people.orgId, orgId), sql`'full_admin' = ANY(${people.roles})`));
}

/**
 * In the transaction that accepts the POST: record the approval request (and mail the org's
 * admins when the template allows invite mails on attach), or note the automatic attach.
 */
export async function recordAttach(tx: Tx, a: {
  customerId: string; org: OrgRow; partnerId: string; templateId: string; decision: AttachDecision; actor: string; publicUrl: string;
}): Promise<void> {
  const { org, decision } = a;
  if (!decision.approvalRequired) {
    await audit(tx, { orgId: org.id, partnerId: a.partnerId, customerId: a.customerId, actor: a.actor, action: 'attach.automatic',
      after: { rights: decision.rights, reasons: decision.reasons, managed: decision.managed } });
    return;
  }
  const id = newUuid();
  const expires = new Date(Date.now() + APPROVAL_DAYS * 86_400_000);
  await tx.insert(attachRequests).values({ id, customerId: a.customerId, orgId: org.id, partnerId: a.partnerId, status: 'pending', reasons: decision.reasons, expires });
  await enqueue(tx, { type: JOB_ATTACH_EXPIRE, payload: { requestId: id }, key: `attach-expire:${id}`, maxAttempts: 10, runAt: expires });
  await audit(tx, { orgId: org.id, partnerId: a.partnerId, customerId: a.customerId, actor: a.actor, action: 'attach.approval_requested',
    after: { requestId: id, reasons: decision.reasons, expires: expires.toISOString() } });
  const [tpl] = await tx.select().from(templates).where(eq(templates.id, a.templateId));
  if (!tpl?.emailSettings.allowAdminInviteEmailsOnAttach) return;
  const [partner] = await tx.select({ name: partners.name }).from(partners).where(eq(partners.id, a.partnerId));
  const partnerName = tpl.emailSettings.brandName ?? partner?.name ?? 'Your service provider';
  for (const admin of await orgFullAdmins(tx, org.id)) {
    const link = await issueActivation(tx, org.id, admin.email, a.publicUrl, '/control-hub/approvals');
    const m = renderMail('attach_approval', tpl.defaultEmailLanguage, {
      firstName: admin.firstName ?? undefined, partnerName, orgName: org.name, link, expires: expires.toISOString().slice(0, 10),
    });
    await queueMail(tx, { partnerId: a.partnerId, kind: 'attach_approval', to: admin.email, language: m.language,
      fromName: senderName('attach_approval', partnerName), subject: m.subject, text: m.text, html: m.html });
  }
}

async function lockRequest(tx: Tx, requestId: string, orgId?: string) {
  const [r] = await tx.select().from(attachRequests).where(eq(attachRequests.id, requestId)).for('update');
  if (!r || (orgId && r.orgId !== orgId)) throw notFound('Approval request');
  return r;
}

async function failCustomer(tx: Tx, customerId: string, errorCode: number, description: string) {
  const item = { errorCode, description };
  await tx.update(customerPackages).set({ status: 'error', errors: [item] }).where(eq(customerPackages.customerId, customerId));
  await tx.update(customers).set({ status: 'error', errors: [item], lastStatusChange: new Date() }).where(eq(customers.id, customerId));
}

/** The org's administrator approves (provisioning continues) or rejects (the customer ends in error). */
export async function decideRequest(db: Db, d: { requestId: string; orgId: string; approve: boolean; actor: string; maxAttempts: number }) {
  return db.transaction(async (tx) => {
    const r = await lockRequest(tx, d.requestId, d.orgId);
    if (r.status !== 'pending') throw conflict(ErrorCodes.NOT_PENDING_APPROVAL, `The request is already ${r.status}.`);
    const [c] = await tx.select().from(customers).where(eq(customers.id, r.customerId)).for('update');
    if (!c || c.status !== 'pending_approval') throw conflict(ErrorCodes.NOT_PENDING_APPROVAL, 'The customer no longer waits for approval.');
    const status = d.approve ? 'approved' : 'rejected';
    await tx.update(attachRequests).set({ status, decided: new Date(), decidedBy: d.actor }).where(eq(attachRequests.id, r.id));
    if (d.approve) {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, r.orgId));
      const rights = rightsFor(await factsFor(tx, org!, r.partnerId));
      await tx.update(customers).set({ status: 'provisioning', partnerRights: rights, lastStatusChange: new Date() }).where(eq(customers.id, c.id));
      await enqueueWorkflow(tx, JOB_PROVISION, c.id, c.run, d.maxAttempts);
      await audit(tx, { orgId: r.orgId, partnerId: r.partnerId, customerId: c.id, actor: d.actor, action: 'attach.approved',
        before: { status: 'pending' }, after: { status: 'approved', rights } });
    } else {
      await failCustomer(tx, c.id, ErrorCodes.ATTACH_REJECTED, 'The organization\'s administrator rejected the request to attach wholesale services.');
      await audit(tx, { orgId: r.orgId, partnerId: r.partnerId, customerId: c.id, actor: d.actor, action: 'attach.rejected',
        before: { status: 'pending' }, after: { status: 'rejected' } });
    }
    return { status };
  });
}

/** The job due 30 days after the request: still pending → expired, the customer in error. */
export async function expireRequest(db: Db, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [r] = await tx.select().from(attachRequests).where(eq(attachRequests.id, requestId)).for('update');
    if (!r || r.status !== 'pending') return;
    if (r.expires > new Date()) return;
    await tx.update(attachRequests).set({ status: 'expired', decided: new Date(), decidedBy: 'system' }).where(eq(attachRequests.id, r.id));
    const [c] = await tx.select().from(customers).where(eq(customers.id, r.customerId)).for('update');
    if (c?.status === 'pending_approval') {
      await failCustomer(tx, c.id, ErrorCodes.ATTACH_EXPIRED, `The organization's administrator did not answer within ${APPROVAL_DAYS} days.`);
    }
    await audit(tx, { orgId: r.orgId, partnerId: r.partnerId, customerId: r.customerId, actor: 'system', action: 'attach.expired',
      before: { status: 'pending' }, after: { status: 'expired' } });
  });
}

/**
 * The workflow's first step for an attached customer: what attaching changes in the org. Its
 * name, settings, authentication and existing licences stay; the partner becomes its managing
 * partner and the "restricted by partner" admin mode is switched off.
 */
export async function applyAttach(tx: DbOrTx, c: { id: string; orgId: string; partnerId: string }) {
  const [org] = await tx.select().from(organizations).where(eq(organizations.id, c.orgId));
  if (!org) throw new Error(`attached org ${c.orgId} is gone`);
  const before = { managedByPartner: org.partnerId, restrictedByPartner: org.restrictedByPartner };
  await tx.update(organizations).set({ partnerId: c.partnerId, restrictedByPartner: false }).where(eq(organizations.id, org.id));
  await audit(tx, { orgId: org.id, partnerId: c.partnerId, customerId: c.id, actor: 'system', action: 'attach.applied',
    before, after: { managedByPartner: c.partnerId, restrictedByPartner: false } });
  return { attached: true };
}

/** Deleting an attached customer removes the wholesale services only: the org and its users stay. */
export async function detach(tx: DbOrTx, c: { id: string; orgId: string; partnerId: string; apiOnly: boolean }) {
  await tx.delete(licenses).where(and(eq(licenses.orgId, c.orgId), eq(licenses.wholesale, true)));
  if (!c.apiOnly) await tx.update(organizations).set({ partnerId: null }).where(eq(organizations.id, c.orgId));
  await audit(tx, { orgId: c.orgId, partnerId: c.partnerId, customerId: c.id, actor: 'system', action: 'attach.detached', after: { wholesale: false } });
}

/** Control Hub: the org's admin adds (or removes) a partner as an external full administrator. */
export async function setExternalFullAdmin(db: Db, g: { orgId: string; partnerId: string; grant: boolean; actor: string }) {
  return db.transaction(async (tx) => {
    const [partner] = await tx.select({ id: partners.id }).from(partners).where(eq(partners.id, g.partnerId));
    if (!partner) throw notFound('Partner');
    if (g.grant) {
      await tx.insert(orgExternalAdmins).values({ orgId: g.orgId, partnerId: g.partnerId, grantedBy: g.actor }).onConflictDoNothing();
    } else {
      await tx.delete(orgExternalAdmins).where(and(eq(orgExternalAdmins.orgId, g.orgId), eq(orgExternalAdmins.partnerId, g.partnerId)));
    }
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, g.orgId));
    const [c] = await tx.select().from(customers).where(and(eq(customers.orgId, g.orgId), eq(customers.partnerId, g.partnerId)));
    const before = c ? { rights: c.partnerRights } : { externalFullAdmin: !g.grant };
    let rights: PartnerRights | undefined;
    if (c && c.attached && org) {
      // After the attach the org's managing partner is this partner: what counts is whether it
      // managed the org before (its own customer org, `apiOnly`).
      rights = rightsFor({ ...(await factsFor(tx, org, g.partnerId)), managedByPartner: c.apiOnly });
      await tx.update(customers).set({ partnerRights: rights }).where(eq(customers.id, c.id));
    }
    await audit(tx, { orgId: g.orgId, partnerId: g.partnerId, customerId: c?.id ?? null, actor: g.actor, action: g.grant ? 'rights.granted' : 'rights.revoked',
      before, after: rights ? { rights, externalFullAdmin: g.grant } : { externalFullAdmin: g.grant } });
    return { rights };
  });
}

/** People of an org that a partner may see: all of them with full admin; with provisioning-admin rights only its subscribers. */
export function limitedVisibility(c: { partnerRights: PartnerRights }): boolean {
  return c.partnerRights === 'provisioning_admin';
}

export async function pendingRequestsOf(db: DbOrTx, customerIds: string[]) {
  if (customerIds.length === 0) return [];
  return db.select().from(attachRequests).where(inArray(attachRequests.customerId, customerIds));
}
