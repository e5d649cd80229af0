import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { customerPackages, customers, platformServices, restrictedParties } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { SCOPES } from '../../http/auth.ts';
import { emailString, errorResponses, text } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, conflict, notFound } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import type { App, Deps } from '../../http/types.ts';
import { normalizePartyName } from '../compliance/restricted-parties.ts';
import { enqueueWorkflow, JOB_PROVISION } from '../customers/service.ts';
import { lockCustomer, setStatus } from '../customers/store.ts';
import { partnerService } from '../partners/service.ts';
import { PartnerSettingsSchema } from '../partners/settings.ts';

/** The platform operator's API (our extension), authorised by OPERATOR_TOKEN. */
const tags = ['Operator (extension)'];
const config = { auth: 'operator' as const };

const PartnerSchema = z.object({
  id: z.string(), orgId: z.string(), name: z.string(), adminEmail: z.string(),
  settings: z.object({
    enable_wholesale_delayed_billing: z.boolean(), package_quantity_max: z.number().nullable(),
    advanced_branding: z.object({ logoUrl: z.string().optional(), primaryColor: z.string().optional() }).nullable(),
  }),
  created: z.string(),
}).meta({ id: 'Partner' });
const PartnerInput = z.object({ name: text(200), adminEmail: emailString.pipe(z.email()), settings: PartnerSettingsSchema.optional() });
const PartnerPatch = z.object({ name: text(200).optional(), adminEmail: emailString.pipe(z.email()).optional(), settings: PartnerSettingsSchema.optional() });
const TokenInput = z.object({ scopes: z.array(z.enum(SCOPES)).min(1), name: text(100).optional() });
const partnerParam = z.object({ partnerId: z.string() });
const ServiceSchema = z.object({ name: z.enum(['calling']), maintenance: z.boolean() });
const PartySchema = z.object({ id: z.string(), name: z.string(), created: z.string() });
const ReviewSchema = z.object({ customerId: z.string(), partnerId: z.string(), name: z.string().optional(), externalId: z.string(), created: z.string() });

export function operatorRoutes(app: App, { database, config: cfg, onEnqueued }: Deps): void {
  const { db } = database;

  app.post('/v1/operator/partners', { config, schema: { tags, summary: 'Create a partner', body: PartnerInput, response: { 201: PartnerSchema, ...errorResponses } } },
    async (req, reply) => reply.status(201).send(await partnerService.create(db, req.body)));
  app.get('/v1/operator/partners', { config, schema: { tags, summary: 'List partners', response: { 200: z.object({ items: z.array(PartnerSchema) }), ...errorResponses } } },
    async () => ({ items: await partnerService.list(db) }));
  app.get('/v1/operator/partners/:partnerId', { config, schema: { tags, summary: 'Get a partner', params: partnerParam, response: { 200: PartnerSchema, ...errorResponses } } },
    async (req) => partnerService.get(db, req.params.partnerId));
  app.patch('/v1/operator/partners/:partnerId', { config, schema: { tags, summary: 'Update a partner and its settings', params: partnerParam, body: PartnerPatch, response: { 200: PartnerSchema, ...errorResponses } } },
    async (req) => partnerService.update(db, req.params.partnerId, req.body));

  app.post('/v1/operator/partners/:partnerId/tokens', {
    config, schema: { tags, summary: 'Create a partner API token (shown once)', params: partnerParam, body: TokenInput,
      response: { 201: z.object({ id: z.string(), token: z.string(), scopes: z.array(z.string()), name: z.string().optional() }), ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await partnerService.createToken(db, req.params.partnerId, req.body)));
  app.get('/v1/operator/partners/:partnerId/tokens', {
    config, schema: { tags, summary: 'List active tokens (without secrets)', params: partnerParam,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), scopes: z.array(z.string()), name: z.string().optional(), created: z.string() })) }), ...errorResponses } },
  }, async (req) => ({ items: await partnerService.listTokens(db, req.params.partnerId) }));
  app.delete('/v1/operator/partners/:partnerId/tokens/:tokenId', {
    config, schema: { tags, summary: 'Revoke a token', params: z.object({ partnerId: z.string(), tokenId: z.string() }), response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await partnerService.revokeToken(db, req.params.partnerId, req.params.tokenId);
    return reply.status(204).send(null);
  });

  app.get('/v1/operator/services', { config, schema: { tags, summary: 'Platform services and their maintenance state', response: { 200: z.object({ items: z.array(ServiceSchema) }), ...errorResponses } } },
    async () => {
      const rows = await db.select().from(platformServices).where(eq(platformServices.name, 'calling'));
      return { items: [{ name: 'calling' as const, maintenance: rows[0]?.maintenance ?? false }] };
    });
  app.patch('/v1/operator/services/:name', {
    config, schema: { tags, summary: 'Put a service into (or out of) maintenance', description: 'While calling is in maintenance, calling packages fail with warning 2560.',
      params: z.object({ name: z.enum(['calling']) }), body: z.object({ maintenance: z.boolean() }), response: { 200: ServiceSchema, ...errorResponses } },
  }, async (req) => {
    await db.insert(platformServices).values({ name: req.params.name, maintenance: req.body.maintenance })
      .onConflictDoUpdate({ target: platformServices.name, set: { maintenance: req.body.maintenance, updated: new Date() } });
    return { name: req.params.name, maintenance: req.body.maintenance };
  });

  app.get('/v1/operator/restricted-parties', { config, schema: { tags, summary: 'The restricted-party list', response: { 200: z.object({ items: z.array(PartySchema) }), ...errorResponses } } },
    async () => ({ items: (await db.select().from(restrictedParties).orderBy(asc(restrictedParties.created))).map((r) => ({ id: encodeId('RESTRICTED_PARTY', r.id), name: r.name, created: r.created.toISOString() })) }));
  app.post('/v1/operator/restricted-parties', { config, schema: { tags, summary: 'Add a name to the restricted-party list', body: z.object({ name: text(300) }), response: { 201: PartySchema, ...errorResponses } } },
    async (req, reply) => {
      const normalized = normalizePartyName(req.body.name);
      if (!normalized) throw ApiError.one(400, ErrorCodes.INVALID_PARAMETER, 'name must contain letters or digits.');
      try {
        const [r] = await db.insert(restrictedParties).values({ id: newUuid(), name: req.body.name, normalized }).returning();
        return reply.status(201).send({ id: encodeId('RESTRICTED_PARTY', r!.id), name: r!.name, created: r!.created.toISOString() });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(ErrorCodes.INVALID_PARAMETER, 'That name is already on the list.');
        throw err;
      }
    });
  app.delete('/v1/operator/restricted-parties/:id', { config, schema: { tags, summary: 'Remove a name from the list', params: z.object({ id: z.string() }), response: { 204: z.null(), ...errorResponses } } },
    async (req, reply) => {
      const uuid = decodeId('RESTRICTED_PARTY', req.params.id);
      const gone = uuid ? await db.delete(restrictedParties).where(eq(restrictedParties.id, uuid)).returning({ id: restrictedParties.id }) : [];
      if (!gone.length) throw notFound('Restricted party');
      return reply.status(204).send(null);
    });

  app.get('/v1/operator/rpl-reviews', { config, schema: { tags, summary: 'Customers waiting for a restricted-party review', response: { 200: z.object({ items: z.array(ReviewSchema) }), ...errorResponses } } },
    async () => {
      const rows = await db.select().from(customers).where(eq(customers.status, 'pending_rpl_review')).orderBy(asc(customers.created));
      return { items: rows.map((c) => ({ customerId: encodeId('ENTERPRISE', c.id), partnerId: encodeId('PARTNER', c.partnerId), ...(c.customerInfo?.name ? { name: c.customerInfo.name } : {}), externalId: c.externalId, created: c.created.toISOString() })) };
    });
  app.post('/v1/operator/rpl-reviews/:customerId/:decision', {
    config, schema: { tags, summary: 'Approve (provisioning continues) or reject (error) a held customer',
      params: z.object({ customerId: z.string(), decision: z.enum(['approve', 'reject']) }), response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const id = decodeId('ENTERPRISE', req.params.customerId);
    if (!id) throw notFound('Customer');
    await db.transaction(async (tx) => {
      const c = await lockCustomer(tx, id);
      if (!c) throw notFound('Customer');
      if (c.status !== 'pending_rpl_review') throw conflict(ErrorCodes.NOT_PENDING_REVIEW, `The customer is ${c.status}, not pending_rpl_review.`);
      if (req.params.decision === 'approve') {
        await setStatus(tx, c.id, 'provisioning', { rplReview: 'approved' });
        await enqueueWorkflow(tx, JOB_PROVISION, c.id, c.run, cfg.JOB_MAX_ATTEMPTS, ':rpl-approved');
      } else {
        const item = { errorCode: ErrorCodes.RPL_REJECTED, description: 'Provisioning was refused after the restricted party list (compliance) review.' };
        await tx.update(customerPackages).set({ status: 'error', errors: [item] }).where(and(eq(customerPackages.customerId, c.id), inArray(customerPackages.status, ['provisioning'])));
        await setStatus(tx, c.id, 'error', { rplReview: 'rejected', errors: [item] });
      }
    });
    onEnqueued();
    return reply.status(204).send(null);
  });

  app.patch('/v1/operator/customers/:customerId', {
    config, schema: { tags, summary: 'Operator flags on a customer', description: 'migrating: the customer has both Webex for BroadWorks and Wholesale packages; quantities cannot be set.',
      params: z.object({ customerId: z.string() }), body: z.object({ migrating: z.boolean() }), response: { 200: z.object({ customerId: z.string(), migrating: z.boolean() }), ...errorResponses } },
  }, async (req) => {
    const id = decodeId('ENTERPRISE', req.params.customerId);
    const rows = id ? await db.update(customers).set({ migrating: req.body.migrating }).where(eq(customers.id, id)).returning({ id: customers.id }) : [];
    if (!rows.length) throw notFound('Customer');
    return { customerId: req.params.customerId, migrating: req.body.migrating };
  });
}
