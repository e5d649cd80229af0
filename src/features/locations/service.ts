import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { locations, organizations } from '../../db/schema.ts';
import { isSupportedTimezone } from '../../domain/timezones.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { ApiError, ErrorCodes, Problems, conflict, notFound } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import type { Address } from '../customers/schemas.ts';
import type { CustomerRow } from '../customers/store.ts';
import { checkAddress, checkLanguage } from '../customers/validation.ts';
import { customerOrgFor } from '../orgs/access.ts';
import type { Location, LocationInput } from './schemas.ts';

type Row = typeof locations.$inferSelect;
export type E911Registration = NonNullable<Row['e911']>;

const MAX_NAME = 255;
const MAX_ELI = 100;

/**
 * US and Canadian locations are registered with the emergency-services provider (RedSky); other
 * countries have none. The same rule as the provisioning workflow's `e911` step, for one address.
 */
export function emergencyRegistration(country: string | undefined, now = new Date()): E911Registration | null {
  return country === 'US' || country === 'CA'
    ? { provider: 'RedSky', status: 'registered', registered: now.toISOString() }
    : null;
}

const ADDRESS_KEYS = ['addressLine1', 'addressLine2', 'city', 'stateOrProvince', 'zipOrPostalCode', 'country'] as const;

function presentAddress(a: Record<string, string>): Address {
  const out: Record<string, string> = {};
  for (const k of ADDRESS_KEYS) if (a[k]) out[k] = a[k];
  return out as Address;
}

/** jsonb does not keep key order, so compare field by field. */
const sameAddress = (a: Record<string, string>, b: Record<string, string>) =>
  ADDRESS_KEYS.every((k) => (a[k] ?? '') === (b[k] ?? ''));

function present(row: Row): Location {
  return {
    id: encodeId('LOCATION', row.id),
    orgId: encodeId('ORGANIZATION', row.orgId),
    name: row.name,
    address: presentAddress(row.address),
    timezone: row.timezone,
    language: row.language,
    ...(row.emergencyLocationIdentifier ? { emergencyLocationIdentifier: row.emergencyLocationIdentifier } : {}),
    headquarters: row.isHeadquarters,
    e911: row.e911 ?? null,
  };
}

/** The same rules and codes as the customer's calling location (customers/validation.ts). */
function check(input: LocationInput) {
  const p = new Problems();
  const name = input.name.trim();
  if (!name) p.add(ErrorCodes.NULL_PARAMETER, 'Mandatory parameter name is missing.');
  else if (name.length > MAX_NAME) p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `name is longer than ${MAX_NAME} characters.`);
  const address = checkAddress(p, input.address, 'address');
  const timezone = input.timezone.trim();
  if (!isSupportedTimezone(timezone)) {
    p.add(ErrorCodes.INVALID_TIMEZONE, `timezone "${input.timezone}" is not a supported IANA time zone.`);
  }
  const language = checkLanguage(p, input.language, 'language');
  const eli = input.emergencyLocationIdentifier?.trim() || null;
  if (eli && eli.length > MAX_ELI) {
    p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `emergencyLocationIdentifier is longer than ${MAX_ELI} characters.`);
  }
  p.throwIfAny();
  return {
    name,
    address: address as Record<string, string>,
    timezone,
    language: language!,
    emergencyLocationIdentifier: eli,
  };
}

/** The org is going away: its locations and numbers cannot change any more. */
export function assertOrgWritable(c: CustomerRow): void {
  if (c.status === 'deleting') {
    throw conflict(ErrorCodes.CUSTOMER_BUSY, 'The customer is being removed; its locations and numbers cannot change.');
  }
}

/**
 * Serialises location writes of one org (the name check below has no unique index behind it),
 * and keeps the org from being deleted under the transaction. NO KEY UPDATE does not block the
 * key-share locks that inserts referencing the org take.
 */
async function lockOrg(tx: Tx, orgId: string): Promise<void> {
  const rows = await tx.select({ id: organizations.id }).from(organizations)
    .where(eq(organizations.id, orgId)).for('no key update');
  if (!rows[0]) throw ApiError.one(404, ErrorCodes.NOT_FOUND, 'Organization not found.');
}

/** Names are unique per org, ignoring case ("HQ" and "hq" would confuse people picking one). */
async function assertNameFree(tx: Tx, orgId: string, name: string, exceptId?: string): Promise<void> {
  const rows = await tx.select({ id: locations.id }).from(locations)
    .where(and(
      eq(locations.orgId, orgId),
      sql`lower(${locations.name}) = lower(${name})`,
      exceptId ? ne(locations.id, exceptId) : undefined,
    ))
    .limit(1);
  if (rows[0]) throw conflict(ErrorCodes.LOCATION_NAME_EXISTS, `A location named "${name}" already exists in this organization.`);
}

/** A location of the org by its Webex id, or a 404 (also for ids of other orgs). */
export async function locationOfOrg(db: DbOrTx, orgId: string, encodedLocationId: string, lock?: 'update' | 'share'): Promise<Row> {
  const id = decodeId('LOCATION', encodedLocationId.trim());
  const q = id
    ? db.select().from(locations).where(and(eq(locations.id, id), eq(locations.orgId, orgId))).limit(1)
    : undefined;
  const rows = q ? await (lock ? q.for(lock) : q) : [];
  if (!rows[0]) throw notFound('Location');
  return rows[0];
}

export const locationService = {
  async list(db: Db, partner: PartnerScope, encodedOrgId: string, page: Page): Promise<{ items: Location[]; hasMore: boolean }> {
    const c = await customerOrgFor(db, partner.id, encodedOrgId);
    const rows = await db.select().from(locations)
      .where(eq(locations.orgId, c.orgId))
      .orderBy(sql`lower(${locations.name})`, asc(locations.id))
      .offset(page.offset)
      .limit(page.max + 1);
    return { items: rows.slice(0, page.max).map(present), hasMore: rows.length > page.max };
  },

  async get(db: Db, partner: PartnerScope, encodedOrgId: string, locationId: string): Promise<Location> {
    const c = await customerOrgFor(db, partner.id, encodedOrgId);
    return present(await locationOfOrg(db, c.orgId, locationId));
  },

  async create(db: Db, partner: PartnerScope, encodedOrgId: string, input: LocationInput): Promise<Location> {
    const c = await customerOrgFor(db, partner.id, encodedOrgId);
    assertOrgWritable(c);
    const values = check(input);
    return db.transaction(async (tx) => {
      await lockOrg(tx, c.orgId);
      await assertNameFree(tx, c.orgId, values.name);
      const [row] = await tx.insert(locations).values({
        id: newUuid(),
        orgId: c.orgId,
        ...values,
        isHeadquarters: false,
        e911: emergencyRegistration(values.address.country),
      }).returning();
      return present(row!);
    });
  },

  /**
   * Full update. A US/CA location is registered again when its address changes (or was never
   * registered); any other country has no registration.
   */
  async update(db: Db, partner: PartnerScope, encodedOrgId: string, locationId: string, input: LocationInput): Promise<Location> {
    const c = await customerOrgFor(db, partner.id, encodedOrgId);
    assertOrgWritable(c);
    return db.transaction(async (tx) => {
      await lockOrg(tx, c.orgId);
      const row = await locationOfOrg(tx, c.orgId, locationId, 'update');
      const values = check(input);
      await assertNameFree(tx, c.orgId, values.name, row.id);
      const e911 = sameAddress(row.address, values.address) && row.e911
        ? row.e911
        : emergencyRegistration(values.address.country);
      const [updated] = await tx.update(locations)
        .set({ ...values, e911 })
        .where(eq(locations.id, row.id))
        .returning();
      return present(updated!);
    });
  },
};
