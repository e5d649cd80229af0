import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { partners, setupAssistRequests } from '../../db/schema.ts';
import { partnerOf } from '../../http/auth.ts';
import { emailString, errorResponses, isEmail, text } from '../../http/common-schemas.ts';
import { ErrorCodes, Problems, notFound } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { findCustomer } from '../customers/store.ts';

/** Wholesale Setup Assist requests (seeds 000/002: optional service after provisioning). */
export const SETUP_ASSIST_SERVICES = ['customer_onboarding', 'number_porting', 'device_setup', 'user_training', 'calling_configuration', 'other'] as const;

const RequestInput = z.object({
  customerId: z.string().optional().describe('The wholesale customer the help is for, if it exists already.'),
  customerName: text(255),
  contactName: text(255),
  contactEmail: emailString,
  contactPhone: text(40).optional(),
  services: z.array(z.enum(SETUP_ASSIST_SERVICES)).min(1).describe('The help requested.'),
  details: text(4000).optional(),
  preferredDate: z.string().describe('YYYY-MM-DD, today or later.'),
});
const RequestSchema = RequestInput.extend({ id: z.string(), partnerName: z.string().optional(), created: z.string() }).meta({ id: 'SetupAssistRequest' });
type Row = typeof setupAssistRequests.$inferSelect;

const present = (r: Row, partnerName?: string) => ({
  id: r.id,
  ...(r.customerId ? { customerId: encodeId('ENTERPRISE', r.customerId) } : {}),
  customerName: r.customerName,
  contactName: r.contactName,
  contactEmail: r.contactEmail,
  ...(r.contactPhone ? { contactPhone: r.contactPhone } : {}),
  services: r.services as Array<(typeof SETUP_ASSIST_SERVICES)[number]>,
  ...(r.details ? { details: r.details } : {}),
  preferredDate: r.preferredDate,
  ...(partnerName ? { partnerName } : {}),
  created: r.created.toISOString(),
});

export function setupAssistRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const tags = ['Wholesale Setup Assist (extension)'];

  app.post('/v1/wholesale/setup-assist-requests', {
    config: { auth: { scope: 'spark-admin:wholesale_customers_write' } },
    schema: { tags, summary: 'Submit a Wholesale Setup Assist request', body: RequestInput, response: { 201: RequestSchema, ...errorResponses } },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const b = req.body;
    const p = new Problems();
    if (!isEmail(b.contactEmail)) p.add(ErrorCodes.INVALID_EMAIL, 'contactEmail is not a valid email address.');
    const today = new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(b.preferredDate) || Number.isNaN(Date.parse(`${b.preferredDate}T00:00:00Z`)) || b.preferredDate < today) {
      p.add(ErrorCodes.INVALID_PARAMETER, 'preferredDate must be a date (YYYY-MM-DD), today or later.');
    }
    p.throwIfAny();
    let customerId: string | null = null;
    if (b.customerId !== undefined) {
      const uuid = decodeId('ENTERPRISE', b.customerId);
      if (!uuid || !(await findCustomer(db, partner.id, uuid))) throw notFound('Customer');
      customerId = uuid;
    }
    const [row] = await db.insert(setupAssistRequests).values({
      id: newUuid(), partnerId: partner.id, customerId, customerName: b.customerName, contactName: b.contactName,
      contactEmail: b.contactEmail.toLowerCase(), contactPhone: b.contactPhone ?? null, services: b.services, details: b.details ?? null, preferredDate: b.preferredDate,
    }).returning();
    return reply.status(201).send(present(row!));
  });

  app.get('/v1/wholesale/setup-assist-requests', {
    config: { auth: { scope: 'spark-admin:wholesale_customers_read' } },
    schema: { tags, summary: 'The partner\'s Setup Assist requests', querystring: z.object(pageQuery), response: { 200: z.object({ items: z.array(RequestSchema) }), ...errorResponses } },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const rows = await db.select().from(setupAssistRequests).where(eq(setupAssistRequests.partnerId, partnerOf(req).id))
      .orderBy(desc(setupAssistRequests.created), desc(setupAssistRequests.id)).offset(page.offset).limit(page.max + 1);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, rows.length > page.max);
    return { items: rows.slice(0, page.max).map((r) => present(r)) };
  });

  app.get('/v1/operator/setup-assist-requests', {
    config: { auth: 'operator' },
    schema: { tags: ['Operator (extension)'], summary: 'Every Setup Assist request, newest first', querystring: z.object(pageQuery), response: { 200: z.object({ items: z.array(RequestSchema) }), ...errorResponses } },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const rows = await db.select({ r: setupAssistRequests, name: partners.name }).from(setupAssistRequests)
      .innerJoin(partners, and(eq(partners.id, setupAssistRequests.partnerId)))
      .orderBy(desc(setupAssistRequests.created), desc(setupAssistRequests.id)).offset(page.offset).limit(page.max + 1);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, rows.length > page.max);
    return { items: rows.slice(0, page.max).map((x) => present(x.r, x.name)) };
  });
}
