import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { customerPackages, people, phoneNumbers, subscribers } from '../../db/schema.ts';
import { SUBSCRIBER_PACKAGES } from '../../domain/packages.ts';
import { ErrorItemSchema } from '../../http/common-schemas.ts';
import { encodeId } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import { packageLevel } from '../subscribers/rules.ts';
import type { Wholesale } from './context.ts';

/** What the Users screen shows: the org's people with their package, number and roles; the customer's quantities. */
export const ControlHubUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  displayName: z.string(),
  roles: z.array(z.string()),
  you: z.boolean().describe('The signed-in administrator.'),
  subscriberId: z.string().optional().describe('Set when the user holds a wholesale package.'),
  packages: z.array(z.string()),
  phoneNumber: z.string().optional(),
  extension: z.string().optional(),
  locationId: z.string().optional(),
  existingLicenses: z.array(z.string()).describe('Licences the user held before any wholesale services.'),
  freeAccount: z.boolean(),
}).meta({ id: 'ControlHubUser' });
export type ControlHubUser = z.infer<typeof ControlHubUserSchema>;

export const WholesaleInfoSchema = z.object({
  customerId: z.string(),
  status: z.string(),
  partnerName: z.string(),
  packageLevel: z.string().optional().describe('The full administrator\'s package must be at this level or higher.'),
  packages: z.array(z.object({
    name: z.string(),
    status: z.string(),
    limit: z.number().nullable().describe('null: unlimited.'),
    assigned: z.number(),
    assignable: z.boolean().describe('A package a user can hold.'),
  })),
}).meta({ id: 'ControlHubWholesale' });

export const PendingUserSchema = z.object({
  subscriberId: z.string(),
  email: z.string(),
  packages: z.array(z.string()),
  status: z.string(),
  errors: z.array(ErrorItemSchema).optional(),
});

type PersonRow = typeof people.$inferSelect;

export async function presentUsers(db: DbOrTx, rows: PersonRow[], me: string): Promise<ControlHubUser[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [numbers, subs] = await Promise.all([
    db.select().from(phoneNumbers).where(inArray(phoneNumbers.personId, ids)),
    db.select().from(subscribers).where(inArray(subscribers.personId, ids)),
  ]);
  return rows.map((r) => {
    const sub = subs.find((s) => s.personId === r.id);
    const number = numbers.find((n) => n.personId === r.id);
    return {
      id: encodeId('PEOPLE', r.id),
      email: r.email,
      ...(r.firstName ? { firstName: r.firstName } : {}),
      ...(r.lastName ? { lastName: r.lastName } : {}),
      displayName: [r.firstName, r.lastName].filter(Boolean).join(' ') || r.email,
      roles: r.roles,
      you: r.email === me,
      ...(sub ? { subscriberId: encodeId('SUBSCRIBER', sub.id) } : {}),
      packages: sub ? [sub.package, ...sub.addOns] : [],
      ...(number ? { phoneNumber: number.number } : {}),
      ...(r.extension ? { extension: r.extension } : {}),
      ...(r.locationId ? { locationId: encodeId('LOCATION', r.locationId) } : {}),
      existingLicenses: r.licenses,
      freeAccount: r.freeAccount,
    };
  });
}

const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** People of the org, full administrators first, then oldest first; `search` matches email or name. */
export async function listPeople(db: DbOrTx, orgId: string, search: string | undefined, page: Page) {
  const q = search?.trim();
  const match = q
    ? or(sql`lower(${people.email}) LIKE ${likePattern(q)}`, sql`lower(coalesce(${people.firstName}, '') || ' ' || coalesce(${people.lastName}, '')) LIKE ${likePattern(q)}`)
    : undefined;
  const where = and(eq(people.orgId, orgId), match);
  const [rows, [total]] = await Promise.all([
    db.select().from(people).where(where).orderBy(sql`('full_admin' = ANY(${people.roles})) DESC`, asc(people.created), asc(people.id)).offset(page.offset).limit(page.max + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(people).where(where),
  ]);
  return { rows: rows.slice(0, page.max), hasMore: rows.length > page.max, total: total?.n ?? 0 };
}

export async function wholesaleInfo(db: DbOrTx, w: Wholesale) {
  const pkgs = await db.select().from(customerPackages).where(eq(customerPackages.customerId, w.customer.id)).orderBy(asc(customerPackages.created), asc(customerPackages.name));
  const level = packageLevel(w.customer.packages);
  return {
    customerId: encodeId('ENTERPRISE', w.customer.id),
    status: w.customer.status,
    partnerName: w.partner.name,
    ...(level ? { packageLevel: level } : {}),
    packages: pkgs.map((p) => ({
      name: p.name, status: p.status, limit: p.quantityLimit, assigned: p.assigned,
      assignable: (SUBSCRIBER_PACKAGES as readonly string[]).includes(p.name),
    })),
  };
}

/** Subscribers waiting for the holder of a free account to accept moving into the org. */
export async function pendingUsers(db: DbOrTx, customerId: string) {
  const rows = await db.select().from(subscribers)
    .where(and(eq(subscribers.customerId, customerId), eq(subscribers.status, 'pending_user_migration')))
    .orderBy(asc(subscribers.created)).limit(100);
  return rows.map((s) => ({
    subscriberId: encodeId('SUBSCRIBER', s.id), email: s.email, packages: [s.package, ...s.addOns], status: s.status,
    ...(s.errors.length ? { errors: s.errors } : {}),
  }));
}
