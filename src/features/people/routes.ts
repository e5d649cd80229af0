import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { customers, licenses, people, phoneNumbers, subscribers } from '../../db/schema.ts';
import { PACKAGE_SKUS, type CustomerPackage } from '../../domain/packages.ts';
import { partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { notFound } from '../../http/errors.ts';
import { decodeId, encodeId, encodeLicenseId } from '../../http/ids.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { customerOrgFor } from '../orgs/access.ts';
import { limitedVisibility } from '../orgs/attach.ts';

/**
 * With provisioning-admin rights in an attached org (seed 003) a partner sees only the users it
 * provisioned, not the org's existing users.
 */
const onlyProvisionedBy = (partnerId: string) =>
  inArray(people.id, sql`(SELECT ${subscribers.personId} FROM ${subscribers} WHERE ${subscribers.partnerId} = ${partnerId})`);

/** A Webex People API subset: the users of a partner's customer organizations. */
const PersonSchema = z.object({
  id: z.string(),
  emails: z.array(z.string()),
  displayName: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  orgId: z.string(),
  roles: z.array(z.string()).describe('full_admin for the organization\'s full administrator.'),
  locationId: z.string().optional(),
  phoneNumbers: z.array(z.object({ type: z.literal('work'), value: z.string(), primary: z.boolean() })),
  extension: z.string().optional(),
  licenses: z.array(z.string()),
  created: z.string(),
}).meta({ id: 'Person' });
type Person = z.infer<typeof PersonSchema>;
type PersonRow = typeof people.$inferSelect;

async function present(db: DbOrTx, rows: PersonRow[]): Promise<Person[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [numbers, subs, lics] = await Promise.all([
    db.select().from(phoneNumbers).where(inArray(phoneNumbers.personId, ids)),
    db.select().from(subscribers).where(inArray(subscribers.personId, ids)),
    db.select().from(licenses).where(inArray(licenses.orgId, [...new Set(rows.map((r) => r.orgId))])),
  ]);
  return rows.map((r) => {
    const sub = subs.find((s) => s.personId === r.id);
    const held = sub ? [sub.package, ...sub.addOns] : [];
    const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
    return {
      id: encodeId('PEOPLE', r.id),
      emails: [r.email],
      displayName: name || r.email,
      ...(r.firstName ? { firstName: r.firstName } : {}),
      ...(r.lastName ? { lastName: r.lastName } : {}),
      orgId: encodeId('ORGANIZATION', r.orgId),
      roles: r.roles,
      ...(r.locationId ? { locationId: encodeId('LOCATION', r.locationId) } : {}),
      phoneNumbers: numbers.filter((n) => n.personId === r.id).map((n) => ({ type: 'work' as const, value: n.number, primary: true })),
      ...(r.extension ? { extension: r.extension } : {}),
      licenses: lics.filter((l) => l.orgId === r.orgId && held.includes(l.package))
        .map((l) => encodeLicenseId(l.orgId, PACKAGE_SKUS[l.package as CustomerPackage], l.id)),
      created: r.created.toISOString(),
    };
  });
}

export function peopleRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const auth = { auth: { scope: 'spark-admin:wholesale_subscribers_read' as const } };
  const tags = ['People (extension)'];

  app.get('/v1/people', {
    config: auth,
    schema: { tags, summary: 'List the users of a customer organization', querystring: z.object({ orgId: z.string().optional(), email: z.string().optional(), ...pageQuery }),
      response: { 200: z.object({ items: z.array(PersonSchema) }), ...errorResponses } },
  }, async (req, reply) => {
    const c = await customerOrgFor(db, partnerOf(req).id, req.query.orgId);
    const page = readPage(req.query, 100);
    const rows = await db.select().from(people)
      .where(and(
        eq(people.orgId, c.orgId),
        req.query.email ? eq(people.email, req.query.email.trim().toLowerCase()) : undefined,
        limitedVisibility(c) ? onlyProvisionedBy(c.partnerId) : undefined,
      ))
      .orderBy(asc(people.created), asc(people.id)).offset(page.offset).limit(page.max + 1);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, rows.length > page.max);
    return { items: await present(db, rows.slice(0, page.max)) };
  });

  app.get('/v1/people/:personId', {
    config: auth,
    schema: { tags, summary: 'Get a user', params: z.object({ personId: z.string() }), response: { 200: PersonSchema, ...errorResponses } },
  }, async (req) => {
    const id = decodeId('PEOPLE', req.params.personId);
    const rows = id
      ? await db.select({ p: people, c: customers }).from(people)
        .innerJoin(customers, eq(customers.orgId, people.orgId))
        .where(and(eq(people.id, id), eq(customers.partnerId, partnerOf(req).id))).limit(1)
      : [];
    if (!rows[0]) throw notFound('Person');
    if (limitedVisibility(rows[0].c)) {
      const [own] = await db.select({ id: subscribers.id }).from(subscribers)
        .where(and(eq(subscribers.personId, rows[0].p.id), eq(subscribers.partnerId, rows[0].c.partnerId))).limit(1);
      if (!own) throw notFound('Person');
    }
    return (await present(db, [rows[0].p]))[0]!;
  });
}
