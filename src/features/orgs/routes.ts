import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { customers, organizations, people } from '../../db/schema.ts';
import { actorOf, partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, notFound } from '../../http/errors.ts';
import { decodeId, encodeId } from '../../http/ids.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { issueActivation } from '../control-hub/accounts.ts';
import { decideAttach, factsFor } from './attach.ts';
import { refuseApiOnlyInPortal } from './api-only.ts';
import { listAudit } from './audit.ts';
import { brandingOfOrg, setKeepCustomerBranding } from './branding.ts';
import { DirectoryOrgSchema, DirectoryOrgViewSchema, createDirectoryOrgs, listDirectoryOrgs, parseOrgCsv, viewOrgs } from './directory.ts';

const tags = ['Organizations (extension)'];
const operator = { auth: 'operator' as const };
const orgParam = z.object({ orgId: z.string() });

const AuditEventSchema = z.object({
  id: z.string(), orgId: z.string().optional(), partnerId: z.string().optional(), customerId: z.string().optional(),
  actor: z.string(), action: z.string(), before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(), created: z.string(),
}).meta({ id: 'AuditEvent' });
export const AuditListSchema = z.object({ items: z.array(AuditEventSchema) });

const MatchSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  suggested: z.boolean().describe('The organization the email administers (else belongs to, else whose domain it has).'),
  match: z.enum(['admin', 'user', 'domain']),
  approvalRequired: z.boolean(),
  approvalReasons: z.array(z.string()),
  partnerRights: z.enum(['full_admin', 'provisioning_admin']),
  trial: z.boolean().describe('Trial organizations cannot be attached.'),
  alreadyYourCustomer: z.boolean(),
}).meta({ id: 'ExistingOrganizationMatch' });

const Branding = z.object({ source: z.enum(['organization', 'partner', 'default']), logoUrl: z.string().optional(), primaryColor: z.string().optional() }).meta({ id: 'EffectiveBranding' });

export function orgRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;

  app.post('/v1/operator/organizations', {
    config: operator,
    schema: { tags, summary: 'Create an existing (directory) organization with its users', body: DirectoryOrgSchema, response: { 201: DirectoryOrgViewSchema, ...errorResponses } },
    bodyLimit: 16 * 1024 * 1024,
  }, async (req, reply) => {
    const [id] = await createDirectoryOrgs(db, [req.body], 'operator');
    return reply.status(201).send((await viewOrgs(db, [id!]))[0]!);
  });

  // JSON ({ organizations: [...] }) or CSV (text/csv, one row per user), all or nothing.
  app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.post('/v1/operator/organizations/import', {
      config: operator,
      bodyLimit: 16 * 1024 * 1024,
      schema: { tags, summary: 'Import existing organizations (JSON or CSV)', description: 'CSV columns: org_id, org_name, country, trial, verified_domains, claimed_domains, org_licenses (name:state;…), email, first_name, last_name, roles (;-separated), licenses, free_account.',
        response: { 201: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), userCount: z.number() })) }), ...errorResponses } },
    }, async (req, reply) => {
      const raw = typeof req.body === 'string' ? parseOrgCsv(req.body) : (req.body as { organizations?: unknown })?.organizations;
      const parsed = z.array(DirectoryOrgSchema).min(1).max(1000).safeParse(raw);
      if (!parsed.success) {
        const items = parsed.error.issues.slice(0, 100).map((i) => ({ errorCode: ErrorCodes.INVALID_ORG_IMPORT, description: `organizations.${i.path.join('.')}: ${i.message}` }));
        throw new ApiError(400, items.length === 1 ? items[0]!.description : 'The organizations have invalid data.', items);
      }
      const ids = await createDirectoryOrgs(db, parsed.data, 'operator');
      const views = await viewOrgs(db, ids);
      return reply.status(201).send({ items: views.map((v) => ({ id: v.id, name: v.name, userCount: v.userCount })) });
    });
  });

  app.get('/v1/operator/organizations', {
    config: operator,
    schema: { tags, summary: 'List organizations (directory and wholesale)', querystring: z.object({ email: z.string().optional(), origin: z.enum(['directory', 'wholesale']).optional(), ...pageQuery }),
      response: { 200: z.object({ items: z.array(DirectoryOrgViewSchema) }), ...errorResponses } },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const { items, hasMore } = await listDirectoryOrgs(db, req.query, page.offset, page.max);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.get('/v1/operator/organizations/:orgId', {
    config: operator,
    schema: { tags, summary: 'Get an organization (with the branding it shows)', params: orgParam,
      response: { 200: DirectoryOrgViewSchema.extend({ effectiveBranding: Branding }), ...errorResponses } },
  }, async (req) => {
    const id = decodeId('ORGANIZATION', req.params.orgId);
    const [view] = id ? await viewOrgs(db, [id]) : [];
    if (!view) throw notFound('Organization');
    return { ...view, effectiveBranding: (await brandingOfOrg(db, id!))! };
  });

  app.post('/v1/operator/organizations/:orgId/admins/activation', {
    config: operator,
    schema: { tags, summary: 'Issue a Control Hub activation link for one of the org\'s full administrators', params: orgParam,
      body: z.object({ email: z.string().trim().toLowerCase() }), response: { 201: z.object({ link: z.string() }), ...errorResponses } },
  }, async (req, reply) => {
    const id = decodeId('ORGANIZATION', req.params.orgId);
    const [admin] = id
      ? await db.select().from(people).where(and(eq(people.orgId, id), eq(people.email, req.body.email), sql`'full_admin' = ANY(${people.roles})`))
      : [];
    if (!admin) throw notFound('Full administrator of this organization');
    return reply.status(201).send({ link: await issueActivation(db, id!, admin.email, config.PUBLIC_URL) });
  });

  app.get('/v1/operator/audit', {
    config: operator,
    schema: { tags, summary: 'The audit log (attach decisions, approvals, rights, consent moves)', querystring: z.object({ orgId: z.string().optional(), before: z.string().regex(/^\d{1,18}$/).optional(), max: pageQuery.max }),
      response: { 200: AuditListSchema, ...errorResponses } },
  }, async (req) => {
    const orgId = req.query.orgId !== undefined ? (decodeId('ORGANIZATION', req.query.orgId) ?? '00000000-0000-0000-0000-000000000000') : undefined;
    return { items: await listAudit(db, { orgId, before: req.query.before ? Number(req.query.before) : undefined, max: req.query.max ? Number(req.query.max) : 100 }) };
  });

  app.put('/v1/wholesale/customers/:customerId/branding', {
    config: { auth: { scope: 'spark-admin:wholesale_customers_write' as const } },
    schema: { tags, summary: 'Keep the customer org\'s own basic branding instead of the partner\'s advanced branding',
      params: z.object({ customerId: z.string() }), body: z.object({ keepCustomerBranding: z.boolean() }),
      response: { 200: z.object({ keepCustomerBranding: z.boolean(), effective: Branding.nullable() }), ...errorResponses } },
  }, async (req) => {
    await refuseApiOnlyInPortal(db, req, { customerId: req.params.customerId });
    return setKeepCustomerBranding(db, partnerOf(req).id, req.params.customerId, req.body.keepCustomerBranding, actorOf(req));
  });

  // Partner Hub's "Create wholesale customer" starts from the customer admin's email (seed 003).
  app.get('/v1/wholesale/organizations/matches', {
    config: { auth: { scope: 'spark-admin:wholesale_customers_read' as const } },
    schema: { tags, summary: 'Existing organizations matching a customer administrator\'s email (suggested first)',
      querystring: z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) }),
      response: { 200: z.object({ items: z.array(MatchSchema) }), ...errorResponses } },
  }, async (req) => {
    const partner = partnerOf(req);
    const email = req.query.email;
    const domain = email.split('@')[1]!;
    const [person] = await db.select().from(people).where(eq(people.email, email));
    const byDomain = await db.select({ id: organizations.id }).from(organizations)
      .where(and(eq(organizations.origin, 'directory'), sql`(${domain} = ANY(${organizations.verifiedDomains}) OR ${domain} = ANY(${organizations.claimedDomains}))`)).limit(20);
    const ids = [...new Set([...(person ? [person.orgId] : []), ...byDomain.map((o) => o.id)])];
    if (ids.length === 0) return { items: [] };
    const orgs = await db.select().from(organizations).where(and(inArray(organizations.id, ids), eq(organizations.origin, 'directory')));
    const custs = await db.select({ orgId: customers.orgId, partnerId: customers.partnerId }).from(customers).where(inArray(customers.orgId, ids));
    const items = [];
    for (const org of orgs) {
      const cust = custs.find((c) => c.orgId === org.id);
      // Another partner's customers are not shown at all.
      if (cust && cust.partnerId !== partner.id) continue;
      const d = decideAttach(await factsFor(db, org, partner.id));
      const match = person?.orgId === org.id ? (person.roles.includes('full_admin') ? 'admin' : 'user') : 'domain';
      items.push({ orgId: encodeId('ORGANIZATION', org.id), name: org.name, suggested: false, match, approvalRequired: d.approvalRequired,
        approvalReasons: d.reasons, partnerRights: d.rights, trial: org.trial, alreadyYourCustomer: Boolean(cust) } as z.infer<typeof MatchSchema>);
    }
    const rank = { admin: 0, user: 1, domain: 2 };
    items.sort((a, b) => rank[a.match] - rank[b.match] || a.name.localeCompare(b.name));
    if (items[0]) items[0].suggested = true;
    return { items };
  });
}
