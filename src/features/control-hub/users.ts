import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { customerAdminAccounts, orgAdmins, people, subscribers } from '../../db/schema.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, Problems, conflict, notFound } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { checkEmail } from '../customers/validation.ts';
import { SubscriberPackageSchema } from '../subscribers/schemas.ts';
import { subscriberService } from '../subscribers/service.ts';
import { customerAdmin, tags } from './auth-routes.ts';
import { actorOf, adminOf, requireWholesale, wholesaleOf, type Wholesale } from './context.ts';
import { ControlHubUserSchema, PendingUserSchema, WholesaleInfoSchema, listPeople, pendingUsers, presentUsers, wholesaleInfo } from './users-view.ts';

/**
 * Users of the admin's own organization. Packages go through the Subscriber API's own service,
 * acting for the customer's partner: package quantities, the admin package level, numbers and
 * extensions follow exactly the partner's rules (and answer with the same codes).
 */
const str = z.string().max(1000);
const NumberFields = {
  primaryPhoneNumber: str.optional(),
  extension: str.optional(),
  locationId: str.optional(),
};
const AddUserSchema = z.object({
  email: str,
  firstName: str.optional(),
  lastName: str.optional(),
  package: SubscriberPackageSchema.optional().describe('A wholesale package; without one the user is added without a licence.'),
  ...NumberFields,
}).meta({ id: 'ControlHubNewUser' });
const EditUserSchema = z.object({
  firstName: str.optional(),
  lastName: str.optional(),
  package: SubscriberPackageSchema.nullable().optional().describe('Another package; null removes the user\'s wholesale package; absent keeps it.'),
  ...NumberFields,
}).meta({ id: 'ControlHubUserEdit' });
const personParam = z.object({ personId: z.string() });

const numberParams = (b: { primaryPhoneNumber?: string; extension?: string; locationId?: string }) => ({
  ...(b.primaryPhoneNumber?.trim() ? { primaryPhoneNumber: b.primaryPhoneNumber.trim() } : {}),
  ...(b.extension?.trim() ? { extension: b.extension.trim() } : {}),
  ...(b.locationId?.trim() ? { locationId: b.locationId.trim() } : {}),
});

const name = (p: Problems, v: string | undefined, field: string) => {
  const s = v?.trim();
  if (s && s.length > 64) p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `${field} is longer than 64 characters.`);
  return s || undefined;
};

export function userRoutes(app: App, { database, config, onEnqueued }: Deps): void {
  const { db } = database;
  const subs = subscriberService({ publicUrl: config.PUBLIC_URL });

  const personOf = async (orgId: string, personId: string) => {
    const id = decodeId('PEOPLE', personId);
    const [p] = id ? await db.select().from(people).where(and(eq(people.id, id), eq(people.orgId, orgId))) : [];
    if (!p) throw notFound('User');
    return p;
  };
  const view = async (personId: string, me: string) => {
    const [p] = await db.select().from(people).where(eq(people.id, personId));
    return (await presentUsers(db, [p!], me))[0]!;
  };

  /** Provisions a package for an email of the org (new or existing user) as the customer's partner. */
  const provision = async (w: Wholesale, actor: string, b: { email: string; firstName?: string; lastName?: string; pkg: string; numbers: ReturnType<typeof numberParams> }) => {
    const accept = await subs.provision(db, w.partner, {
      customerId: encodeId('ENTERPRISE', w.customer.id),
      email: b.email,
      packages: [b.pkg as z.infer<typeof SubscriberPackageSchema>],
      provisioningParameters: { ...(b.firstName ? { firstName: b.firstName } : {}), ...(b.lastName ? { lastName: b.lastName } : {}), ...b.numbers },
    }, actor);
    return accept;
  };

  app.get('/v1/control-hub/users', {
    config: customerAdmin,
    schema: { tags, summary: 'Users of the organization, with the wholesale packages and their quantities',
      querystring: z.object({ search: z.string().max(200).optional(), ...pageQuery }),
      response: { 200: z.object({ items: z.array(ControlHubUserSchema), total: z.number(), wholesale: WholesaleInfoSchema.nullable(), pending: z.array(PendingUserSchema) }), ...errorResponses } },
  }, async (req, reply) => {
    const admin = adminOf(req);
    const page = readPage(req.query, 50);
    const { rows, hasMore, total } = await listPeople(db, admin.orgId, req.query.search, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    const w = await wholesaleOf(db, admin.orgId);
    return {
      items: await presentUsers(db, rows, admin.email),
      total,
      wholesale: w ? await wholesaleInfo(db, w) : null,
      pending: w ? await pendingUsers(db, w.customer.id) : [],
    };
  });

  app.get('/v1/control-hub/users/:personId', {
    config: customerAdmin,
    schema: { tags, summary: 'A user of the organization', params: personParam, response: { 200: ControlHubUserSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    return view((await personOf(admin.orgId, req.params.personId)).id, admin.email);
  });

  app.post('/v1/control-hub/users', {
    config: customerAdmin,
    schema: { tags, summary: 'Add a user (with a wholesale package: the Subscriber API\'s rules and codes apply)', body: AddUserSchema,
      response: { 201: ControlHubUserSchema, 202: z.object({ status: z.literal('pending_user_migration'), email: z.string() }), ...errorResponses } },
  }, async (req, reply) => {
    const admin = adminOf(req);
    const b = req.body;
    if (b.package) {
      const w = await requireWholesale(db, admin.orgId);
      const accept = await provision(w, actorOf(admin), { email: b.email, firstName: b.firstName, lastName: b.lastName, pkg: b.package, numbers: numberParams(b) });
      const sub = await db.transaction((tx) => accept(tx));
      onEnqueued();
      // A free account elsewhere moves in only once its holder accepts (consent mail).
      if (sub.status === 'pending_user_migration') return reply.status(202).send({ status: 'pending_user_migration', email: sub.email });
      return reply.status(201).send(await view(decodeId('PEOPLE', sub.personId!)!, admin.email));
    }
    const p = new Problems();
    const email = checkEmail(p, b.email, 'email');
    const firstName = name(p, b.firstName, 'firstName');
    const lastName = name(p, b.lastName, 'lastName');
    if (!firstName || !lastName) p.add(ErrorCodes.NAME_REQUIRED, 'firstName and lastName are required for a new user.');
    p.throwIfAny();
    try {
      const [row] = await db.insert(people).values({ id: newUuid(), orgId: admin.orgId, email, firstName: firstName!, lastName: lastName! }).returning();
      return reply.status(201).send(await view(row!.id, admin.email));
    } catch (err) {
      if (isUniqueViolation(err)) throw ApiError.one(409, ErrorCodes.EMAIL_TAKEN, 'The email is already associated with an existing user.');
      throw err;
    }
  });

  app.put('/v1/control-hub/users/:personId', {
    config: customerAdmin,
    schema: { tags, summary: 'Edit a user: name, and the wholesale package (changed, added or removed)', params: personParam, body: EditUserSchema,
      response: { 200: ControlHubUserSchema, ...errorResponses } },
  }, async (req) => {
    const admin = adminOf(req);
    const person = await personOf(admin.orgId, req.params.personId);
    const b = req.body;
    const p = new Problems();
    const firstName = name(p, b.firstName, 'firstName');
    const lastName = name(p, b.lastName, 'lastName');
    p.throwIfAny();
    const [sub] = await db.select().from(subscribers).where(eq(subscribers.personId, person.id));
    let change: ((tx: Tx) => Promise<unknown>) | undefined;
    if (b.package === null && sub) {
      const w = await requireWholesale(db, admin.orgId);
      change = await subs.remove(db, w.partner, encodeId('SUBSCRIBER', sub.id));
    } else if (b.package && sub) {
      const w = await requireWholesale(db, admin.orgId);
      change = await subs.update(db, w.partner, encodeId('SUBSCRIBER', sub.id), { packages: [b.package], provisioningParameters: numberParams(b) });
    } else if (b.package) {
      const w = await requireWholesale(db, admin.orgId);
      change = await provision(w, actorOf(admin), { email: person.email, pkg: b.package, numbers: numberParams(b) });
    }
    await db.transaction(async (tx) => {
      if (firstName || lastName) {
        await tx.update(people).set({ firstName: firstName ?? person.firstName, lastName: lastName ?? person.lastName, updated: new Date() }).where(eq(people.id, person.id));
      }
      if (change) await change(tx);
    });
    onEnqueued();
    return view(person.id, admin.email);
  });

  app.delete('/v1/control-hub/users/:personId', {
    config: customerAdmin,
    schema: { tags, summary: 'Remove a user from the organization (their package returns to the pool)', params: personParam,
      response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const admin = adminOf(req);
    const person = await personOf(admin.orgId, req.params.personId);
    if (person.email === admin.email) throw conflict(ErrorCodes.CANNOT_REMOVE_SELF, 'You cannot remove yourself: ask another full administrator.');
    await removeUser(db, subs, admin.orgId, person);
    return reply.status(204).send(null);
  });
}

async function removeUser(db: Db, subs: ReturnType<typeof subscriberService>, orgId: string, person: typeof people.$inferSelect) {
  const [sub] = await db.select().from(subscribers).where(eq(subscribers.personId, person.id));
  const w = sub ? await requireWholesale(db, orgId) : undefined;
  const release = sub && w ? await subs.remove(db, w.partner, encodeId('SUBSCRIBER', sub.id)) : undefined;
  await db.transaction(async (tx) => {
    if (release) await release(tx);
    await tx.delete(people).where(eq(people.id, person.id));
    // Their administrator roles and Control Hub access go with them.
    await tx.delete(orgAdmins).where(and(eq(orgAdmins.orgId, orgId), eq(orgAdmins.email, person.email)));
    await tx.delete(customerAdminAccounts).where(and(eq(customerAdminAccounts.orgId, orgId), eq(customerAdminAccounts.email, person.email)));
  });
}
