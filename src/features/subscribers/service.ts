import { and, eq } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { locations, orgAdmins, people, subscribers } from '../../db/schema.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { ApiError, ErrorCodes, Problems, conflict, notFound } from '../../http/errors.ts';
import { decodeId, newUuid } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import { findCustomer, lockCustomer, packagesOf, type CustomerRow } from '../customers/store.ts';
import { checkEmail } from '../customers/validation.ts';
import { notifyNewUser } from '../notifications/service.ts';
import { assignNumber, releaseNumbers } from '../numbers/service.ts';
import { presentSubscriber } from './present.ts';
import {
  ADD_ONS,
  ATTENDANT_CONSOLE_BASES,
  checkExtension,
  isE164,
  isSubscriberCalling,
  onePackage,
  packageLevel,
  parseInstant,
  tierOf,
} from './rules.ts';
import type { ListSubscribersQuery, PrecheckSubscriberInput, ProvisionSubscriberInput, Subscriber, UpdateSubscriberInput } from './schemas.ts';
import { requestMove } from './consent.ts';
import * as store from './store.ts';

type NumberParams = { primaryPhoneNumber?: string; extension?: string; locationId?: string };

const emailTaken = () =>
  ApiError.one(409, ErrorCodes.EMAIL_TAKEN, 'The email is already associated with an existing user.');

/** Format checks of the number parameters (the inventory is checked in the transaction). */
function checkNumberParams(p: Problems, params: NumberParams | undefined, needed: boolean) {
  const phone = params?.primaryPhoneNumber?.trim() || undefined;
  const extension = params?.extension?.trim() || undefined;
  if (needed && !phone && !extension) {
    p.add(ErrorCodes.NUMBER_OR_EXTENSION_REQUIRED, 'Calling packages need provisioningParameters.primaryPhoneNumber, extension or both.');
  }
  if (phone && !isE164(phone)) p.add(ErrorCodes.INVALID_PHONE_NUMBER, `primaryPhoneNumber "${phone}" is not an E.164 number (+ and 7-15 digits).`);
  if (extension) checkExtension(p, extension);
  let locationId: string | undefined;
  if (params?.locationId !== undefined) {
    locationId = decodeId('LOCATION', params.locationId.trim()) ?? undefined;
    if (!locationId) p.add(ErrorCodes.UNKNOWN_LOCATION, `locationId "${params.locationId}" is not a location of the customer.`);
  }
  return { phone, extension, locationId };
}

async function customerFor(db: Db, partnerId: string, customerId: string): Promise<CustomerRow> {
  const uuid = decodeId('ENTERPRISE', customerId.trim());
  const c = uuid ? await findCustomer(db, partnerId, uuid) : undefined;
  if (!c) throw notFound('Customer');
  return c;
}

/** The customer may take users of this package now, given the package's status (or none). */
function checkReady(c: CustomerRow, pkg: string, packageStatus: string | null | undefined): void {
  if (c.status !== 'provisioned' && c.status !== 'provisioned_with_errors') {
    throw conflict(ErrorCodes.CUSTOMER_NOT_READY, `The customer is ${c.status}: subscribers can be added once it is provisioned.`);
  }
  if (packageStatus !== 'provisioned') {
    throw conflict(ErrorCodes.PACKAGE_NOT_PROVISIONED, `Package ${pkg} is not provisioned for this customer.`);
  }
}

/** The same check, reading the package (checked again under the customer's lock). */
async function checkCustomerReady(tx: DbOrTx, c: CustomerRow, pkg: string): Promise<void> {
  checkReady(c, pkg, (await packagesOf(tx, c.id)).find((x) => x.name === pkg)?.status);
}

/** The calling location: the one named, else the org's only one. */
async function resolveLocation(tx: Tx, c: CustomerRow, locationId: string | undefined): Promise<string> {
  if (locationId) {
    if (!(await store.locationOfOrg(tx, c.orgId, locationId))) {
      throw ApiError.one(400, ErrorCodes.UNKNOWN_LOCATION, 'locationId is not a location of the customer.');
    }
    return locationId;
  }
  const locs = await store.orgLocations(tx, c.orgId);
  if (locs.length === 0) throw conflict(ErrorCodes.NO_CALLING_LOCATION, 'The customer has no calling location.');
  if (locs.length > 1) throw ApiError.one(400, ErrorCodes.LOCATION_REQUIRED, 'The customer has several locations: provisioningParameters.locationId is required.');
  return locs[0]!.id;
}

/** Number, extension and location for a calling user (releasing what they had). */
async function giveCalling(tx: Tx, c: CustomerRow, personId: string, n: ReturnType<typeof checkNumberParams>) {
  const locationId = await resolveLocation(tx, c, n.locationId);
  if (n.extension && (await store.extensionTaken(tx, c.orgId, n.extension, personId))) {
    throw conflict(ErrorCodes.EXTENSION_TAKEN, `Extension ${n.extension} is already used in this customer.`);
  }
  await releaseNumbers(tx, personId);
  if (n.phone) await assignNumber(tx, { orgId: c.orgId, locationId, number: n.phone, personId });
  try {
    await tx.update(people).set({ locationId, extension: n.extension ?? null, updated: new Date() }).where(eq(people.id, personId));
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(ErrorCodes.EXTENSION_TAKEN, `Extension ${n.extension} is already used in this customer.`);
    throw err;
  }
  const [loc] = await tx.select({ address: locations.address }).from(locations).where(eq(locations.id, locationId));
  return { country: loc?.address.country };
}

async function takeCalling(tx: Tx, personId: string) {
  await releaseNumbers(tx, personId);
  await tx.update(people).set({ locationId: null, extension: null, updated: new Date() }).where(eq(people.id, personId));
}

function checkAdminLevel(c: CustomerRow, pkg: string, code: number, what: string) {
  const level = packageLevel(c.packages);
  if (level && tierOf(pkg) > tierOf(level)) {
    throw conflict(code, `${what} must hold the organization's package level (${level}); ${pkg} is lower.`);
  }
}

export function subscriberService(opts: { publicUrl: string }) {
  return {
    /** POST: validated, then written in the caller's transaction under the customer's lock. */
    async provision(db: Db, partner: PartnerScope, body: ProvisionSubscriberInput, actor = `partner:${partner.name}`) {
      const p = new Problems();
      const email = checkEmail(p, body.email, 'email');
      const pkg = onePackage(p, body);
      if (pkg && ADD_ONS.includes(pkg)) {
        p.add(ErrorCodes.ADD_ON_NEEDS_BASE, `${pkg} is an add-on: provision the user with ${ATTENDANT_CONSOLE_BASES.join(', ')} first, then add it with PUT.`);
      }
      const calling = pkg !== undefined && isSubscriberCalling(pkg);
      const n = calling ? checkNumberParams(p, body.provisioningParameters, true) : undefined;
      const firstName = body.provisioningParameters.firstName?.trim() || undefined;
      const lastName = body.provisioningParameters.lastName?.trim() || undefined;
      p.throwIfAny();
      const customer = await customerFor(db, partner.id, body.customerId);

      return async (tx: Tx): Promise<Subscriber> => {
        // One round trip each for the customer (locked, with its package and admin state) and the person.
        const { customer: c, packageStatus, orgHasFullAdmin } = (await store.lockForSubscriber(tx, customer.id, pkg!))!;
        checkReady(c, pkg!, packageStatus);
        const found = await store.personWithSubscriber(tx, email);
        let person = found?.person;
        if (found?.subscribed) throw emailTaken();
        if (person && person.orgId !== c.orgId) {
          // A free (consumer) account moves into the org only with its holder's consent.
          if (!person.freeAccount) throw emailTaken();
          return requestMove(tx, { customer: c, person, pkg: pkg!, calling: n ? { ...n, locationId: await resolveLocation(tx, c, n.locationId) } : undefined, partnerId: partner.id, actor, publicUrl: opts.publicUrl });
        }
        if (!person && (!firstName || !lastName)) {
          throw ApiError.one(400, ErrorCodes.NAME_REQUIRED, 'provisioningParameters.firstName and lastName are required for a new user.');
        }
        // The first subscriber of a new organization becomes its full administrator; in an
        // attached organization nobody does (it has its administrators, seed 003).
        const firstUser = !c.attached && !orgHasFullAdmin;
        if (firstUser) checkAdminLevel(c, pkg!, ErrorCodes.ADMIN_PACKAGE_LEVEL, 'The first user becomes the full administrator and');
        await store.takeUnit(tx, c.id, pkg!);
        const roles = firstUser ? [...new Set([...(person?.roles ?? []), 'full_admin'])] : (person?.roles ?? []);
        if (person) {
          [person] = await tx.update(people).set({ roles, firstName: firstName ?? person.firstName, lastName: lastName ?? person.lastName, updated: new Date() })
            .where(eq(people.id, person.id)).returning();
        } else {
          try {
            [person] = await tx.insert(people).values({ id: newUuid(), orgId: c.orgId, email, firstName: firstName!, lastName: lastName!, roles }).returning();
          } catch (err) {
            if (isUniqueViolation(err)) throw emailTaken();
            throw err;
          }
        }
        const calling = n ? await giveCalling(tx, c, person!.id, n) : undefined;
        // An administrator already invited when the customer was created is not invited twice.
        const invited = firstUser && (await tx.select().from(orgAdmins).where(and(eq(orgAdmins.orgId, c.orgId), eq(orgAdmins.email, email)))).length > 0;
        if (!(firstUser && invited)) {
          await notifyNewUser(tx, c, {
            email, firstName: person!.firstName, admin: firstUser, country: calling?.country ?? c.address.country!,
            phoneNumber: n?.phone, extension: n?.extension,
          }, opts.publicUrl);
        }
        const [row] = await tx.insert(subscribers).values({
          id: newUuid(), partnerId: partner.id, customerId: c.id, personId: person!.id, email, package: pkg!, status: 'provisioned',
        }).returning();
        return presentSubscriber({ ...row!, externalCustomerId: c.externalId });
      };
    },

    /** PUT: one package (base, or the attendant_console add-on on a qualifying base). */
    async update(db: Db, partner: PartnerScope, subscriberId: string, body: UpdateSubscriberInput) {
      const id = decodeId('SUBSCRIBER', subscriberId.trim());
      const current = id ? await store.findSubscriber(db, partner.id, id) : undefined;
      if (!current) throw notFound('Subscriber');
      const p = new Problems();
      const pkg = onePackage(p, body);
      const toCalling = pkg !== undefined && isSubscriberCalling(pkg) && !isSubscriberCalling(current.package);
      const n = toCalling ? checkNumberParams(p, body.provisioningParameters, true) : undefined;
      p.throwIfAny();

      return async (tx: Tx): Promise<Subscriber> => {
        const c = (await lockCustomer(tx, current.customerId))!;
        const [sub] = await tx.select().from(subscribers).where(eq(subscribers.id, current.id));
        if (!sub) throw notFound('Subscriber');
        if (sub.status === 'pending_user_migration') {
          throw conflict(ErrorCodes.NOT_PENDING_MIGRATION, 'The subscriber waits for the user\'s consent to move their account: change it once it is provisioned.');
        }
        const [person] = await tx.select().from(people).where(eq(people.id, sub.personId));
        let base = sub.package;
        let addOns = sub.addOns;
        if (ADD_ONS.includes(pkg!)) {
          if (!ATTENDANT_CONSOLE_BASES.includes(sub.package)) {
            throw conflict(ErrorCodes.ADD_ON_NEEDS_BASE, `${pkg} needs one of ${ATTENDANT_CONSOLE_BASES.join(', ')} on the same user (the user has ${sub.package}).`);
          }
          if (!addOns.includes(pkg!)) {
            await checkCustomerReady(tx, c, pkg!);
            await store.takeUnit(tx, c.id, pkg!);
            addOns = [...addOns, pkg!];
          }
        } else {
          // The user's packages become exactly this one: add-ons not named are removed.
          for (const a of addOns) await store.returnUnit(tx, c.id, a);
          addOns = [];
          if (pkg !== sub.package) {
            await checkCustomerReady(tx, c, pkg!);
            if (person?.roles.includes('full_admin')) checkAdminLevel(c, pkg!, ErrorCodes.ADMIN_DOWNGRADE, 'The full administrator');
            await store.takeUnit(tx, c.id, pkg!);
            await store.returnUnit(tx, c.id, sub.package);
            if (n) await giveCalling(tx, c, sub.personId, n);
            else if (!isSubscriberCalling(pkg!) && isSubscriberCalling(sub.package)) await takeCalling(tx, sub.personId);
            base = pkg!;
          }
        }
        const changed = base !== sub.package || addOns.join() !== sub.addOns.join();
        const [row] = await tx.update(subscribers)
          .set({ package: base, addOns, ...(changed ? { lastStatusChange: new Date() } : {}) })
          .where(eq(subscribers.id, sub.id)).returning();
        return presentSubscriber({ ...row!, externalCustomerId: c.externalId });
      };
    },

    /** DELETE: the mapping goes, the licences return to the customer's pool, the number is freed. */
    async remove(db: Db, partner: PartnerScope, subscriberId: string) {
      const id = decodeId('SUBSCRIBER', subscriberId.trim());
      const current = id ? await store.findSubscriber(db, partner.id, id) : undefined;
      if (!current) throw notFound('Subscriber');
      return async (tx: Tx): Promise<void> => {
        await lockCustomer(tx, current.customerId);
        const [sub] = await tx.delete(subscribers).where(eq(subscribers.id, current.id)).returning();
        if (!sub) throw notFound('Subscriber');
        for (const pkg of [sub.package, ...sub.addOns]) await store.returnUnit(tx, sub.customerId, pkg);
        await takeCalling(tx, sub.personId);
      };
    },

    async get(db: Db, partner: PartnerScope, subscriberId: string): Promise<Subscriber> {
      const id = decodeId('SUBSCRIBER', subscriberId.trim());
      const row = id ? await store.findSubscriber(db, partner.id, id) : undefined;
      if (!row) throw notFound('Subscriber');
      return presentSubscriber(row);
    },

    async list(db: Db, partner: PartnerScope, q: ListSubscribersQuery, page: Page) {
      const p = new Problems();
      const instant = (name: 'after' | 'lastStatusChange') => {
        const v = q[name];
        if (v === undefined) return undefined;
        const d = parseInstant(v.trim());
        if (!d) p.add(ErrorCodes.INVALID_PARAMETER, `${name} must be epoch milliseconds or an ISO 8601 time.`);
        return d ?? undefined;
      };
      const after = instant('after');
      const lastStatusChange = instant('lastStatusChange');
      if (q.status !== undefined && q.status !== 'provisioned' && q.status !== 'pending_user_migration') {
        p.add(ErrorCodes.INVALID_PARAMETER, 'status must be provisioned or pending_user_migration.');
      }
      p.throwIfAny();
      // An id that cannot be one matches nothing (a filter is not an error).
      const nothing = '00000000-0000-0000-0000-000000000000';
      const rows = await store.listSubscribers(db, partner.id, {
        customerId: q.customerId !== undefined ? (decodeId('ENTERPRISE', q.customerId) ?? nothing) : undefined,
        personId: q.personId !== undefined ? (decodeId('PEOPLE', q.personId) ?? nothing) : undefined,
        externalCustomerId: q.externalCustomerId,
        email: q.email?.trim().toLowerCase(),
        status: q.status,
        after,
        lastStatusChange,
        sortBy: q.sortBy ?? 'created',
        order: (q.sortOrder?.toUpperCase() as 'ASC' | 'DESC' | undefined) ?? 'DESC',
      }, page);
      return { items: rows.slice(0, page.max).map(presentSubscriber), hasMore: rows.length > page.max };
    },

    /** POST /validate: the checks of POST that need no customer lock, without writing. */
    async precheck(db: Db, partner: PartnerScope, body: PrecheckSubscriberInput): Promise<void> {
      const p = new Problems();
      const email = checkEmail(p, body.email, 'email');
      const pkg = body.package !== undefined || body.packages !== undefined ? onePackage(p, body) : undefined;
      if (pkg && body.customerId && isSubscriberCalling(pkg)) checkNumberParams(p, body.provisioningParameters, true);
      if (body.customerInfo) checkEmail(p, body.customerInfo.primaryEmail, 'customerInfo.primaryEmail');
      p.throwIfAny();
      const existing = await store.personByEmail(db, email);
      if (body.customerId !== undefined) {
        const c = await customerFor(db, partner.id, body.customerId);
        if (existing && (existing.orgId !== c.orgId || (await store.subscriberOfPerson(db, existing.id)))) throw emailTaken();
        if (pkg) await checkCustomerReady(db, c, pkg);
      } else if (existing && (await store.subscriberOfPerson(db, existing.id))) {
        throw emailTaken();
      }
    },
  };
}

