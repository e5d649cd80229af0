import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { mailOutbox } from '../db/schema.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerOf } from '../http/auth.ts';
import { errorResponses } from '../http/common-schemas.ts';
import { pageQuery, readPage, setLinkHeader } from '../http/pagination.ts';
import type { App, Deps } from '../http/types.ts';

/** The operator's view of the mail outbox: what went out, what is waiting, what failed. */
const tags = ['Operator (extension)'];
const config = { auth: 'operator' as const };

const MAIL_KINDS = ['welcome', 'admin_invitation', 'emergency_notification', 'attach_approval', 'consent_move'] as const;
const MAIL_STATUSES = ['pending', 'sent', 'stored', 'failed'] as const;

const OutboxItemSchema = z
  .object({
    id: z.string(),
    kind: z.enum(MAIL_KINDS),
    to: z.string(),
    fromName: z.string(),
    language: z.string(),
    subject: z.string(),
    text: z.string(),
    status: z.enum(MAIL_STATUSES).describe('pending: waiting to be sent; sent: accepted by the SMTP server; stored: kept here (no SMTP_URL); failed: gave up (see lastError).'),
    attempts: z.number().describe('SMTP delivery attempts so far.'),
    lastError: z.string().optional(),
    created: z.string(),
    sentAt: z.string().optional(),
  })
  .meta({ id: 'OutboxMail' });

const OutboxQuery = z.object({
  to: z.string().trim().min(1).max(254).optional().describe('Only mail to this address (case-insensitive).'),
  kind: z.enum(MAIL_KINDS).optional(),
  status: z.enum(MAIL_STATUSES).optional(),
  ...pageQuery,
});

type OutboxFilter = z.infer<typeof OutboxQuery>;

export function outboxRoutes(app: App, { database, config: cfg }: Deps): void {
  const { db } = database;

  /** One query for both views; a partner's view is limited to its own mail. */
  const list = async (req: FastifyRequest, reply: FastifyReply, q: OutboxFilter, partnerId?: string) => {
    const page = readPage(q, 50);
    const where: SQL[] = [];
    if (partnerId) where.push(eq(mailOutbox.partnerId, partnerId));
    if (q.to) where.push(sql`lower(${mailOutbox.to}) = ${q.to.toLowerCase()}`);
    if (q.kind) where.push(eq(mailOutbox.kind, q.kind));
    if (q.status) where.push(eq(mailOutbox.status, q.status));
    const rows = await db
      .select()
      .from(mailOutbox)
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(mailOutbox.created), desc(mailOutbox.id))
      .limit(page.max + 1)
      .offset(page.offset);
    setLinkHeader(req, reply, cfg.PUBLIC_URL, page, rows.length > page.max);
    return rows.slice(0, page.max).map((m) => ({
      id: m.id,
      kind: m.kind,
      to: m.to,
      fromName: m.fromName,
      language: m.language,
      subject: m.subject,
      text: m.text,
      status: m.status,
      attempts: m.attempts,
      ...(m.lastError ? { lastError: m.lastError } : {}),
      created: m.created.toISOString(),
      ...(m.sentAt ? { sentAt: m.sentAt.toISOString() } : {}),
    }));
  };

  app.get('/v1/operator/outbox', {
    config,
    schema: {
      tags,
      summary: 'Mail sent or waiting to be sent, newest first',
      description: 'Without SMTP_URL this is the development outbox: mail is stored here instead of being sent.',
      querystring: OutboxQuery,
      response: { 200: z.object({ items: z.array(OutboxItemSchema) }), ...errorResponses },
    },
  }, async (req, reply) => ({ items: await list(req, reply, req.query) }));

  app.get('/v1/wholesale/outbox', {
    config: { auth: { scope: 'spark-admin:wholesale_customers_read' } },
    schema: {
      tags: ['Mail (extension)'],
      summary: 'The partner\'s own mail (the dev outbox when no SMTP server is configured)',
      querystring: OutboxQuery,
      response: { 200: z.object({ smtpConfigured: z.boolean(), items: z.array(OutboxItemSchema) }), ...errorResponses },
    },
  }, async (req, reply) => ({ smtpConfigured: Boolean(cfg.SMTP_URL), items: await list(req, reply, req.query, partnerOf(req).id) }));
}
