import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { attachRequests, customers, orgExternalAdmins, organizations, partners, templates } from '../../db/schema.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { notFound } from '../../http/errors.ts';
import { decodeId, encodeId } from '../../http/ids.ts';
import type { App, Deps } from '../../http/types.ts';
import { decideRequest, factsFor, rightsFor, setExternalFullAdmin, type AttachFacts } from '../orgs/attach.ts';
import { customerAdmin, tags } from './auth-routes.ts';
import { actorOf, adminOf, isUuid } from './context.ts';

/**
 * Pending partner approval requests (seed 003) with what the partner will be able to do, and
 * the partners' access to the org: rights, and the external full administrators.
 */
const Rights = z.enum(['full_admin', 'provisioning_admin']);

export const EXPLANATIONS = {
  provisioning_admin: 'The partner becomes a provisioning administrator: it can add wholesale services and provision users, '
    + 'with limited visibility of the organization\'s existing users. Add it as an external full administrator to give it full access.',
  full_admin: 'The partner becomes a full administrator of the organization: it can see and manage all users and settings.',
} as const;

/** What attaching changes in the organization, and what it keeps (seed 003, "Betingelser for tilknytning"). */
export const CONDITIONS = ['name_kept', 'settings_kept', 'authentication_kept', 'first_user_not_admin', 'partner_branding', 'restricted_mode_off'] as const;

const ApprovalSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired']),
  partner: z.object({ id: z.string(), name: z.string(), brandName: z.string().optional() }),
  customerId: z.string(),
  reasons: z.array(z.string()).describe('Why approval is needed: users_100_or_more, verified_domain, claimed_domain.'),
  requested: z.string(),
  expires: z.string(),
  decided: z.string().optional(),
  decidedBy: z.string().optional(),
  partnerRights: Rights.describe('What the partner gets (or got) in the organization.'),
  rightsReason: z.enum(['active_licences', 'no_active_licences', 'external_full_admin', 'managed']),
  explanation: z.string(),
}).meta({ id: 'ControlHubApproval' });

const PartnerAccessSchema = z.object({
  partners: z.array(z.object({
    partnerId: z.string(),
    name: z.string(),
    customerId: z.string(),
    status: z.string(),
    rights: Rights,
    attached: z.boolean(),
    keepCustomerBranding: z.boolean(),
    externalFullAdmin: z.boolean(),
  })),
  externalFullAdmins: z.array(z.object({ partnerId: z.string(), name: z.string(), grantedBy: z.string(), created: z.string() })),
  restrictedByPartner: z.boolean(),
}).meta({ id: 'ControlHubPartnerAccess' });

const reasonOf = (f: AttachFacts) =>
  f.managedByPartner ? 'managed' as const
    : f.externalFullAdmin ? 'external_full_admin' as const
      : f.licenceStates.includes('active') ? 'active_licences' as const : 'no_active_licences' as const;

async function listApprovals(db: DbOrTx, orgId: string) {
  const rows = await db.select({ r: attachRequests, name: partners.name, brand: sql<string | null>`${templates.emailSettings}->>'brandName'`, rights: customers.partnerRights })
    .from(attachRequests)
    .innerJoin(partners, eq(partners.id, attachRequests.partnerId))
    .innerJoin(customers, eq(customers.id, attachRequests.customerId))
    .innerJoin(templates, eq(templates.id, customers.templateId))
    .where(eq(attachRequests.orgId, orgId))
    .orderBy(sql`(${attachRequests.status} = 'pending') DESC`, desc(attachRequests.requested))
    .limit(200);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  const items = [];
  for (const { r, name, brand, rights: current } of rows) {
    // A request exists only when the partner did not manage the org; once attached it does.
    const facts = { ...(await factsFor(db, org!, r.partnerId)), managedByPartner: false };
    const rights = r.status === 'approved' ? current : rightsFor(facts);
    items.push({
      id: r.id,
      status: r.status,
      partner: { id: encodeId('PARTNER', r.partnerId), name, ...(brand ? { brandName: brand } : {}) },
      customerId: encodeId('ENTERPRISE', r.customerId),
      reasons: r.reasons,
      requested: r.requested.toISOString(),
      expires: r.expires.toISOString(),
      ...(r.decided ? { decided: r.decided.toISOString() } : {}),
      ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}),
      partnerRights: rights,
      rightsReason: reasonOf(facts),
      explanation: EXPLANATIONS[rights],
    });
  }
  return items;
}

export async function partnerAccess(db: DbOrTx, orgId: string): Promise<z.infer<typeof PartnerAccessSchema>> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  const ext = await db.select({ e: orgExternalAdmins, name: partners.name }).from(orgExternalAdmins)
    .innerJoin(partners, eq(partners.id, orgExternalAdmins.partnerId)).where(eq(orgExternalAdmins.orgId, orgId));
  const custs = await db.select({ c: customers, name: partners.name }).from(customers)
    .innerJoin(partners, eq(partners.id, customers.partnerId)).where(eq(customers.orgId, orgId));
  const extIds = new Set(ext.map((e) => e.e.partnerId));
  return {
    partners: custs.map(({ c, name }) => ({
      partnerId: encodeId('PARTNER', c.partnerId),
      name,
      customerId: encodeId('ENTERPRISE', c.id),
      status: c.status,
      rights: c.partnerRights,
      attached: c.attached,
      keepCustomerBranding: c.keepCustomerBranding,
      externalFullAdmin: extIds.has(c.partnerId),
    })),
    externalFullAdmins: ext.map(({ e, name }) => ({ partnerId: encodeId('PARTNER', e.partnerId), name, grantedBy: e.grantedBy, created: e.created.toISOString() })),
    restrictedByPartner: org?.restrictedByPartner ?? false,
  };
}

export function approvalRoutes(app: App, { database, config, onEnqueued }: Deps): void {
  const { db } = database;
  const idParam = z.object({ requestId: z.string() });

  app.get('/v1/control-hub/approvals', {
    config: customerAdmin,
    schema: { tags, summary: 'Partner requests to attach wholesale services to the organization (pending first)',
      response: { 200: z.object({ items: z.array(ApprovalSchema), conditions: z.array(z.enum(CONDITIONS)) }), ...errorResponses } },
  }, async (req) => ({ items: await listApprovals(db, adminOf(req).orgId), conditions: [...CONDITIONS] }));

  for (const [action, approve] of [['approve', true], ['reject', false]] as const) {
    app.post(`/v1/control-hub/approvals/:requestId/${action}`, {
      config: customerAdmin,
      schema: { tags, summary: approve ? 'Approve: the partner\'s provisioning continues' : 'Reject: the partner\'s customer ends in error (2604)',
        params: idParam, response: { 200: z.object({ status: z.enum(['approved', 'rejected']) }), ...errorResponses } },
    }, async (req) => {
      const admin = adminOf(req);
      if (!isUuid(req.params.requestId)) throw notFound('Approval request');
      const res = await decideRequest(db, { requestId: req.params.requestId.toLowerCase(), orgId: admin.orgId, approve, actor: actorOf(admin), maxAttempts: config.JOB_MAX_ATTEMPTS });
      if (approve) onEnqueued();
      return { status: res.status as 'approved' | 'rejected' };
    });
  }

  app.get('/v1/control-hub/partner-access', {
    config: customerAdmin,
    schema: { tags, summary: 'The partners with access to the organization, their rights, and the external full administrators',
      response: { 200: PartnerAccessSchema, ...errorResponses } },
  }, async (req) => partnerAccess(db, adminOf(req).orgId));

  app.post('/v1/control-hub/partner-access/external-admins', {
    config: customerAdmin,
    schema: { tags, summary: 'Add a partner as an external full administrator (an attached partner becomes full admin)',
      body: z.object({ partnerId: z.string().max(500) }), response: { 200: PartnerAccessSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const partnerId = decodeId('PARTNER', req.body.partnerId.trim());
    if (!partnerId) throw notFound('Partner');
    await setExternalFullAdmin(db, { orgId: admin.orgId, partnerId, grant: true, actor: actorOf(admin) });
    return partnerAccess(db, admin.orgId);
  });

  app.delete('/v1/control-hub/partner-access/external-admins/:partnerId', {
    config: customerAdmin,
    schema: { tags, summary: 'Remove a partner\'s external full administrator rights', params: z.object({ partnerId: z.string() }),
      response: { 200: PartnerAccessSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const partnerId = decodeId('PARTNER', req.params.partnerId);
    const granted = partnerId
      ? await db.select().from(orgExternalAdmins).where(and(eq(orgExternalAdmins.orgId, admin.orgId), inArray(orgExternalAdmins.partnerId, [partnerId])))
      : [];
    if (!granted.length) throw notFound('External administrator');
    await setExternalFullAdmin(db, { orgId: admin.orgId, partnerId: partnerId!, grant: false, actor: actorOf(admin) });
    return partnerAccess(db, admin.orgId);
  });
}
