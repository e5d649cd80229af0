import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { organizations, type OrgAuthentication, type OrgBranding } from '../../db/schema.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { ErrorCodes, Problems, notFound } from '../../http/errors.ts';
import { encodeId } from '../../http/ids.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { LocationInputSchema, LocationListSchema, LocationSchema } from '../locations/schemas.ts';
import { locationService } from '../locations/service.ts';
import { audit, listAudit } from '../orgs/audit.ts';
import { customerAdmin, tags } from './auth-routes.ts';
import { actorOf, adminOf, requireWholesale, wholesaleOf } from './context.ts';

/**
 * The org's locations (through the Locations API's own service, acting for the customer's
 * partner), its settings (authentication and the branding choice, audited with before/after)
 * and its own audit log.
 */
const SettingsSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  authentication: z.object({ method: z.string(), idpEntityId: z.string().optional() }).nullable()
    .describe('How the org\'s users sign in; it wins over a partner template\'s (seed 003).'),
  branding: z.object({ basic: z.boolean(), logoUrl: z.string().optional(), primaryColor: z.string().optional() }),
  effectiveBranding: z.enum(['organization', 'partner', 'default'])
    .describe('partner: the partner\'s advanced branding overrides the basic branding, unless the partner set the org to keep its own.'),
  restrictedByPartner: z.boolean(),
}).meta({ id: 'ControlHubSettings' });

const SettingsInputSchema = z.object({
  authentication: z.object({
    method: z.enum(['webex', 'customer_sso']),
    idpEntityId: z.string().trim().max(1024).optional().describe('Required for customer_sso: the SAML identity provider\'s entity id.'),
  }).optional(),
  branding: z.object({
    basic: z.boolean(),
    logoUrl: z.url().max(2048).optional(),
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1a2b3c').optional(),
  }).optional(),
}).meta({ id: 'ControlHubSettingsEdit' });

const AuditEventSchema = z.object({
  id: z.string(), actor: z.string(), action: z.string(), partnerId: z.string().optional(), customerId: z.string().optional(),
  before: z.record(z.string(), z.unknown()).nullable(), after: z.record(z.string(), z.unknown()).nullable(), created: z.string(),
}).meta({ id: 'ControlHubAuditEvent' });

async function settingsOf(db: DbOrTx, orgId: string): Promise<z.infer<typeof SettingsSchema>> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
  if (!org) throw notFound('Organization');
  const w = await wholesaleOf(db, orgId);
  const partnerBrands = w && w.customer.orgReady && !w.customer.keepCustomerBranding;
  return {
    orgId: encodeId('ORGANIZATION', org.id),
    name: org.name,
    authentication: org.authentication ?? null,
    branding: org.branding,
    effectiveBranding: partnerBrands ? 'partner' : org.branding.basic ? 'organization' : 'default',
    restrictedByPartner: org.restrictedByPartner,
  };
}

export function orgSettingsRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const orgQueryOf = (orgId: string) => encodeId('ORGANIZATION', orgId);

  app.get('/v1/control-hub/locations', {
    config: customerAdmin,
    schema: { tags, summary: 'Locations of the organization (none before wholesale services)', querystring: z.object(pageQuery),
      response: { 200: LocationListSchema, ...errorResponses } },
  }, async (req, reply) => {
    const admin = adminOf(req);
    const w = await wholesaleOf(db, admin.orgId);
    if (!w?.customer.orgReady) return { items: [] };
    const page = readPage(req.query, 100);
    const { items, hasMore } = await locationService.list(db, w.partner, orgQueryOf(admin.orgId), page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.post('/v1/control-hub/locations', {
    config: customerAdmin,
    schema: { tags, summary: 'Add a location (the Locations API\'s rules and codes)', body: LocationInputSchema, response: { 201: LocationSchema, ...errorResponses } },
  }, async (req, reply) => {
    const admin = adminOf(req);
    const w = await requireWholesale(db, admin.orgId);
    return reply.status(201).send(await locationService.create(db, w.partner, orgQueryOf(admin.orgId), req.body));
  });

  app.get('/v1/control-hub/locations/:locationId', {
    config: customerAdmin,
    schema: { tags, summary: 'A location of the organization', params: z.object({ locationId: z.string() }), response: { 200: LocationSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const w = await wholesaleOf(db, admin.orgId);
    if (!w?.customer.orgReady) throw notFound('Location');
    return locationService.get(db, w.partner, orgQueryOf(admin.orgId), req.params.locationId);
  });

  app.put('/v1/control-hub/locations/:locationId', {
    config: customerAdmin,
    schema: { tags, summary: 'Edit a location (full update)', params: z.object({ locationId: z.string() }), body: LocationInputSchema,
      response: { 200: LocationSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const w = await requireWholesale(db, admin.orgId);
    return locationService.update(db, w.partner, orgQueryOf(admin.orgId), req.params.locationId, req.body);
  });

  app.get('/v1/control-hub/settings', {
    config: customerAdmin,
    schema: { tags, summary: 'The organization\'s authentication and branding', response: { 200: SettingsSchema, ...errorResponses } },
  }, async (req) => settingsOf(db, adminOf(req).orgId));

  app.put('/v1/control-hub/settings', {
    config: customerAdmin,
    schema: { tags, summary: 'Change the authentication or the branding choice (written to the audit log with before/after)', body: SettingsInputSchema,
      response: { 200: SettingsSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const b = req.body;
    const p = new Problems();
    if (b.authentication?.method === 'customer_sso' && !b.authentication.idpEntityId) {
      p.add(ErrorCodes.IDP_ENTITY_ID_REQUIRED, 'authentication.idpEntityId is required for customer_sso.');
    }
    p.throwIfAny();
    await db.transaction(async (tx) => {
      const [org] = await tx.select().from(organizations).where(eq(organizations.id, admin.orgId)).for('update');
      if (!org) throw notFound('Organization');
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const set: { authentication?: OrgAuthentication; branding?: OrgBranding } = {};
      if (b.authentication) {
        const next: OrgAuthentication = b.authentication.method === 'customer_sso'
          ? { method: 'customer_sso', idpEntityId: b.authentication.idpEntityId! }
          : { method: 'webex' };
        if (JSON.stringify(next) !== JSON.stringify(org.authentication ?? null)) {
          set.authentication = next;
          before.authentication = org.authentication ?? null;
          after.authentication = next;
        }
      }
      if (b.branding) {
        const next: OrgBranding = {
          basic: b.branding.basic,
          ...(b.branding.logoUrl ? { logoUrl: b.branding.logoUrl } : {}),
          ...(b.branding.primaryColor ? { primaryColor: b.branding.primaryColor.toLowerCase() } : {}),
        };
        const same = (x: OrgBranding, y: OrgBranding) => x.basic === y.basic && (x.logoUrl ?? '') === (y.logoUrl ?? '') && (x.primaryColor ?? '') === (y.primaryColor ?? '');
        if (!same(next, org.branding)) {
          set.branding = next;
          before.branding = org.branding;
          after.branding = next;
        }
      }
      if (Object.keys(set).length === 0) return;
      await tx.update(organizations).set(set).where(eq(organizations.id, org.id));
      await audit(tx, { orgId: org.id, actor: actorOf(admin), action: 'org.settings_changed', before, after });
    });
    return settingsOf(db, admin.orgId);
  });

  app.get('/v1/control-hub/audit', {
    config: customerAdmin,
    schema: { tags, summary: 'The organization\'s own audit events, newest first',
      querystring: z.object({ before: z.string().regex(/^\d{1,18}$/).optional().describe('An event id: older events only.'), max: pageQuery.max }),
      response: { 200: z.object({ items: z.array(AuditEventSchema) }), ...errorResponses } },
  }, async (req) => {
    const items = await listAudit(db, { orgId: adminOf(req).orgId, before: req.query.before ? Number(req.query.before) : undefined, max: req.query.max ? Number(req.query.max) : 50 });
    return { items: items.map(({ orgId: _org, ...e }) => e) };
  });
}
