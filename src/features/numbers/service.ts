import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { locations, people, phoneNumbers } from '../../db/schema.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { ApiError, ErrorCodes, Problems, conflict } from '../../http/errors.ts';
import { encodeId } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import { assertOrgWritable, locationOfOrg } from '../locations/service.ts';
import { customerOrgFor } from '../orgs/access.ts';
import type { AddedNumbers, ListNumbersFilter, PhoneNumber } from './schemas.ts';
import { isE164 } from '../../domain/phone.ts';

/** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all. */

function checkNumbers(numbers: readonly string[]): void {
  const p = new Problems();
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const n of numbers) {
    if (!isE164(n)) {
      p.add(ErrorCodes.NUMBER_FORMAT_INVALID, `"${n}" is not an E.164 phone number (+ and 7-15 digits).`);
    } else if (seen.has(n) && !reported.has(n)) {
      p.add(ErrorCodes.NUMBER_DUPLICATE_IN_REQUEST, `${n} is listed more than once.`);
      reported.add(n);
    }
    seen.add(n);
  }
  p.throwIfAny();
}

export const numberService = {
  /**
   * Adds numbers to a location's inventory, all or none. A number is unique on the whole
   * platform: the insert skips numbers that exist (or are being added by a concurrent request,
   * which it waits for), and any skipped number rolls the whole batch back.
   */
  async add(db: Db, partner: PartnerScope, encodedOrgId: string, locationId: string, numbers: string[]): Promise<AddedNumbers> {
    const c = await customerOrgFor(db, partner.id, encodedOrgId);
    assertOrgWritable(c);
    return db.transaction(async (tx) => {
      // FOR SHARE keeps the location (and so its org) from being deleted under the insert.
      const loc = await locationOfOrg(tx, c.orgId, locationId, 'share');
      checkNumbers(numbers);
      const inserted = await tx.insert(phoneNumbers)
        .values(numbers.map((number) => ({ number, orgId: c.orgId, locationId: loc.id })))
        .onConflictDoNothing()
        .returning({ number: phoneNumbers.number });
      if (inserted.length < numbers.length) {
        const added = new Set(inserted.map((r) => r.number));
        const taken = numbers.filter((n) => !added.has(n));
        throw new ApiError(
          409,
          taken.length === 1 ? `${taken[0]} is already in use.` : 'Some numbers are already in use.',
          taken.map((n) => ({ errorCode: ErrorCodes.NUMBER_IN_USE, description: `${n} is already in use.` })),
        );
      }
      return { phoneNumbers: numbers.map((phoneNumber) => ({ phoneNumber, state: 'ACTIVE' as const })) };
    });
  },

  /** The org's numbers by number, optionally of one location and by availability. */
  async list(db: Db, partner: PartnerScope, q: ListNumbersFilter, page: Page): Promise<{ phoneNumbers: PhoneNumber[]; hasMore: boolean }> {
    const c = await customerOrgFor(db, partner.id, q.orgId);
    const loc = q.locationId !== undefined ? await locationOfOrg(db, c.orgId, q.locationId) : undefined;
    const rows = await db
      .select({
        number: phoneNumbers.number,
        locationId: phoneNumbers.locationId,
        locationName: locations.name,
        personId: phoneNumbers.personId,
        firstName: people.firstName,
        lastName: people.lastName,
      })
      .from(phoneNumbers)
      .innerJoin(locations, eq(locations.id, phoneNumbers.locationId))
      .leftJoin(people, eq(people.id, phoneNumbers.personId))
      .where(and(
        eq(phoneNumbers.orgId, c.orgId),
        loc ? eq(phoneNumbers.locationId, loc.id) : undefined,
        q.available === 'true' ? isNull(phoneNumbers.personId) : undefined,
        q.available === 'false' ? isNotNull(phoneNumbers.personId) : undefined,
      ))
      .orderBy(asc(phoneNumbers.number))
      .offset(page.offset)
      .limit(page.max + 1);
    return {
      phoneNumbers: rows.slice(0, page.max).map((r) => ({
        phoneNumber: r.number,
        state: 'ACTIVE' as const,
        location: { id: encodeId('LOCATION', r.locationId), name: r.locationName },
        ...(r.personId
          ? {
              owner: {
                id: encodeId('PEOPLE', r.personId),
                ...(r.firstName ? { firstName: r.firstName } : {}),
                ...(r.lastName ? { lastName: r.lastName } : {}),
              },
            }
          : {}),
        available: r.personId === null,
      })),
      hasMore: rows.length > page.max,
    };
  },
};

export type AssignNumber = { orgId: string; locationId: string; number: string; personId: string };

/**
 * Assigns a number of a location's inventory to a person, inside the caller's transaction (ids
 * are uuids). The conditional UPDATE is the claim, so two transactions racing for one number
 * cannot both win: the second waits for the first and then finds it taken. A person holds at
 * most one number (unique index): release theirs first (releaseNumbers). Assigning the number
 * a person already holds is a no-op.
 */
export async function assignNumber(tx: DbOrTx, a: AssignNumber): Promise<void> {
  const inLocation = and(
    eq(phoneNumbers.number, a.number),
    eq(phoneNumbers.orgId, a.orgId),
    eq(phoneNumbers.locationId, a.locationId),
  );
  const [held] = await tx.select({ number: phoneNumbers.number, locationId: phoneNumbers.locationId })
    .from(phoneNumbers).where(eq(phoneNumbers.personId, a.personId)).limit(1);
  if (held) {
    if (held.number === a.number && held.locationId === a.locationId) return;
    throw personHasNumber(held.number);
  }
  let claimed: { number: string }[];
  try {
    claimed = await tx.update(phoneNumbers).set({ personId: a.personId })
      .where(and(inLocation, isNull(phoneNumbers.personId)))
      .returning({ number: phoneNumbers.number });
  } catch (err) {
    // A concurrent transaction gave this person another number first.
    if (isUniqueViolation(err)) throw personHasNumber();
    throw err;
  }
  if (claimed.length > 0) return;
  const [row] = await tx.select({ personId: phoneNumbers.personId }).from(phoneNumbers).where(inLocation).limit(1);
  if (!row) {
    throw conflict(ErrorCodes.NUMBER_NOT_IN_INVENTORY, `${a.number} is not in the location's inventory.`);
  }
  throw conflict(ErrorCodes.NUMBER_ALREADY_ASSIGNED, `${a.number} is already assigned.`);
}

const personHasNumber = (number?: string) =>
  conflict(
    ErrorCodes.PERSON_HAS_NUMBER,
    number ? `The person already has the number ${number}; release it first.` : 'The person already has a number; release it first.',
  );

/** Makes the person's numbers available again (inside the caller's transaction); returns them. */
export async function releaseNumbers(tx: DbOrTx, personId: string): Promise<string[]> {
  const rows = await tx.update(phoneNumbers).set({ personId: null })
    .where(eq(phoneNumbers.personId, personId))
    .returning({ number: phoneNumbers.number });
  return rows.map((r) => r.number).sort();
}
