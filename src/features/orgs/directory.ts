import { and, asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { customers, licenses, orgExternalAdmins, organizations, partners, people } from '../../db/schema.ts';
import { isCountryCode, regionForCountry } from '../../domain/countries.ts';
import { ApiError, ErrorCodes, conflict, type ErrorItem } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import { audit } from './audit.ts';

/**
 * The directory of organizations that existed before any wholesale customer: direct and free
 * accounts with their users, domains, licences and settings. The operator creates and imports
 * them; partners attach wholesale services to them (attach.ts).
 */
const email = z.string().trim().toLowerCase().pipe(z.email()).describe('A user\'s email (unique across the platform).');
const domain = z.string().trim().toLowerCase().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name');

export const DirectoryUserSchema = z.object({
  email,
  firstName: z.string().trim().max(64).optional(),
  lastName: z.string().trim().max(64).optional(),
  roles: z.array(z.enum(['full_admin', 'user_admin', 'read_only_admin'])).max(3).default([]),
  licenses: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
  freeAccount: z.boolean().default(false).describe('A free (consumer) account: moving it into a customer org needs the user\'s consent.'),
});

export const DirectoryOrgSchema = z.object({
  id: z.string().optional().describe('The Webex org id (or uuid) to keep when migrating; new otherwise.'),
  name: z.string().trim().min(1).max(256),
  country: z.string().trim().toUpperCase().refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code').default('US'),
  trial: z.boolean().default(false).describe('Trial organizations cannot become wholesale customers.'),
  verifiedDomains: z.array(domain).max(50).default([]),
  claimedDomains: z.array(domain).max(50).default([]),
  authentication: z.object({
    method: z.enum(['webex', 'customer_sso', 'partner_saml', 'partner_oidc']),
    idpEntityId: z.string().trim().min(1).max(1024).optional(),
  }).default({ method: 'webex' }),
  branding: z.object({
    basic: z.boolean(),
    logoUrl: z.url().max(2048).optional(),
    primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  }).default({ basic: false }),
  restrictedByPartner: z.boolean().default(false),
  managedByPartnerId: z.string().optional().describe('The partner that already manages this org (a partner\'s own customer org).'),
  externalFullAdminPartnerIds: z.array(z.string()).max(20).default([]),
  licenses: z.array(z.object({
    name: z.string().trim().min(1).max(64),
    state: z.enum(['active', 'suspended', 'cancelled']).default('active'),
  })).max(100).default([]),
  users: z.array(DirectoryUserSchema).max(10_000).default([]),
}).meta({ id: 'NewDirectoryOrganization' });
export type DirectoryOrgInput = z.output<typeof DirectoryOrgSchema>;

export const DirectoryOrgViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  origin: z.enum(['wholesale', 'directory']),
  trial: z.boolean(),
  verifiedDomains: z.array(z.string()),
  claimedDomains: z.array(z.string()),
  authentication: z.object({ method: z.string(), idpEntityId: z.string().optional() }).nullable(),
  branding: z.object({ basic: z.boolean(), logoUrl: z.string().optional(), primaryColor: z.string().optional() }),
  restrictedByPartner: z.boolean(),
  managedByPartnerId: z.string().optional(),
  externalFullAdminPartnerIds: z.array(z.string()),
  licenses: z.array(z.object({ name: z.string(), state: z.string(), wholesale: z.boolean() })),
  userCount: z.number(),
  wholesaleCustomerId: z.string().optional(),
  created: z.string(),
}).meta({ id: 'DirectoryOrganization' });
export type DirectoryOrgView = z.infer<typeof DirectoryOrgViewSchema>;

const uuidOf = (kind: 'ORGANIZATION' | 'PARTNER', id: string) =>
  /^[0-9a-f-]{36}$/i.test(id) ? id.toLowerCase() : decodeId(kind, id.trim());

/** Problems of one org, with a prefix (`organizations[3].`) for imports. */
async function resolveRefs(db: DbOrTx, o: DirectoryOrgInput, where: string, problems: ErrorItem[]) {
  const bad = (description: string) => problems.push({ errorCode: ErrorCodes.INVALID_ORG_IMPORT, description: `${where}${description}` });
  const id = o.id !== undefined ? uuidOf('ORGANIZATION', o.id) : newUuid();
  if (!id) bad(`id "${o.id}" is not an organization id.`);
  const partnerIds = [...(o.managedByPartnerId ? [o.managedByPartnerId] : []), ...o.externalFullAdminPartnerIds];
  const resolved = new Map<string, string>();
  for (const p of partnerIds) {
    const uuid = uuidOf('PARTNER', p);
    const [row] = uuid ? await db.select({ id: partners.id }).from(partners).where(eq(partners.id, uuid)) : [];
    if (!row) bad(`partner "${p}" does not exist.`);
    else resolved.set(p, row.id);
  }
  const emails = new Set<string>();
  for (const u of o.users) {
    if (emails.has(u.email)) bad(`user ${u.email} is listed twice.`);
    emails.add(u.email);
  }
  return { id, managedBy: o.managedByPartnerId ? resolved.get(o.managedByPartnerId) : undefined, external: o.externalFullAdminPartnerIds.map((p) => resolved.get(p)!).filter(Boolean) };
}

async function insertOrg(tx: Tx, o: DirectoryOrgInput, refs: { id: string; managedBy?: string; external: string[] }, actor: string) {
  await tx.insert(organizations).values({
    id: refs.id, partnerId: refs.managedBy ?? null, name: o.name, region: regionForCountry(o.country), origin: 'directory',
    trial: o.trial, verifiedDomains: o.verifiedDomains, claimedDomains: o.claimedDomains, authentication: o.authentication,
    branding: o.branding, restrictedByPartner: o.restrictedByPartner,
  });
  if (o.licenses.length) {
    await tx.insert(licenses).values(o.licenses.map((l) => ({ id: newUuid(), orgId: refs.id, package: l.name, sku: l.name.toUpperCase(), state: l.state, wholesale: false })));
  }
  for (let i = 0; i < o.users.length; i += 1000) {
    await tx.insert(people).values(o.users.slice(i, i + 1000).map((u) => ({
      id: newUuid(), orgId: refs.id, email: u.email, firstName: u.firstName ?? null, lastName: u.lastName ?? null,
      roles: u.roles, licenses: u.licenses, freeAccount: u.freeAccount,
    })));
  }
  if (refs.external.length) {
    await tx.insert(orgExternalAdmins).values(refs.external.map((partnerId) => ({ orgId: refs.id, partnerId, grantedBy: actor })));
  }
  await audit(tx, { orgId: refs.id, actor, action: 'org.created', after: { name: o.name, users: o.users.length, origin: 'directory' } });
}

function translateUnique(err: unknown): never {
  if (isUniqueViolation(err)) {
    const detail = String((err as { detail?: string }).detail ?? (err as Error).message);
    if (/email/.test(detail)) throw conflict(ErrorCodes.ORG_EXISTS, 'A user with one of these emails already exists on the platform.');
    throw conflict(ErrorCodes.ORG_EXISTS, 'An organization with this id already exists.');
  }
  throw err;
}

export async function createDirectoryOrgs(db: Db, orgs: DirectoryOrgInput[], actor: string): Promise<string[]> {
  const problems: ErrorItem[] = [];
  const refs: Array<Awaited<ReturnType<typeof resolveRefs>>> = [];
  for (const [i, o] of orgs.entries()) refs.push(await resolveRefs(db, o, orgs.length > 1 ? `organizations[${i}]: ` : '', problems));
  const all = orgs.flatMap((o) => o.users.map((u) => u.email));
  if (new Set(all).size !== all.length) problems.push({ errorCode: ErrorCodes.INVALID_ORG_IMPORT, description: 'A user email appears in more than one organization.' });
  if (problems.length) throw new ApiError(400, problems.length === 1 ? problems[0]!.description : 'The organizations have invalid data.', problems.slice(0, 100));
  try {
    await db.transaction(async (tx) => {
      for (const [i, o] of orgs.entries()) await insertOrg(tx, o, { ...refs[i]!, id: refs[i]!.id! }, actor);
    });
  } catch (err) {
    translateUnique(err);
  }
  return refs.map((r) => r.id!);
}

/** CSV import: one row per user; org columns are read from the first row of each `org_name`. */
export function parseOrgCsv(text: string): unknown[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw ApiError.one(400, ErrorCodes.INVALID_ORG_IMPORT, 'The CSV needs a header row and at least one row.');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out.map((s) => s.trim());
  };
  const header = split(lines[0]!).map((h) => h.toLowerCase());
  if (!header.includes('org_name')) throw ApiError.one(400, ErrorCodes.INVALID_ORG_IMPORT, 'The CSV header needs an org_name column.');
  const list = (v: string | undefined) => (v ? v.split(';').map((s) => s.trim()).filter(Boolean) : []);
  const bool = (v: string | undefined) => /^(true|yes|1)$/i.test(v ?? '');
  const orgs = new Map<string, Record<string, unknown> & { users: unknown[] }>();
  for (const line of lines.slice(1)) {
    const cells = split(line);
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    const key = row.org_id || row.org_name!;
    let org = orgs.get(key);
    if (!org) {
      org = {
        ...(row.org_id ? { id: row.org_id } : {}),
        name: row.org_name,
        ...(row.country ? { country: row.country } : {}),
        trial: bool(row.trial),
        verifiedDomains: list(row.verified_domains),
        claimedDomains: list(row.claimed_domains),
        licenses: list(row.org_licenses).map((l) => { const [name, state] = l.split(':'); return { name, ...(state ? { state } : {}) }; }),
        users: [],
      };
      orgs.set(key, org);
    }
    if (row.email) {
      org.users.push({
        email: row.email,
        ...(row.first_name ? { firstName: row.first_name } : {}),
        ...(row.last_name ? { lastName: row.last_name } : {}),
        roles: list(row.roles),
        licenses: list(row.licenses),
        freeAccount: bool(row.free_account),
      });
    }
  }
  return [...orgs.values()];
}

export async function viewOrgs(db: DbOrTx, ids: string[]): Promise<DirectoryOrgView[]> {
  if (ids.length === 0) return [];
  const [orgs, lics, counts, ext, custs] = await Promise.all([
    db.select().from(organizations).where(inArray(organizations.id, ids)),
    db.select().from(licenses).where(inArray(licenses.orgId, ids)),
    db.select({ orgId: people.orgId, n: count() }).from(people).where(inArray(people.orgId, ids)).groupBy(people.orgId),
    db.select().from(orgExternalAdmins).where(inArray(orgExternalAdmins.orgId, ids)),
    db.select({ id: customers.id, orgId: customers.orgId }).from(customers).where(inArray(customers.orgId, ids)),
  ]);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return ids.map((id) => byId.get(id)).filter((o) => o !== undefined).map((o) => {
    const cust = custs.find((c) => c.orgId === o.id);
    return {
      id: encodeId('ORGANIZATION', o.id),
      name: o.name,
      region: o.region,
      origin: o.origin,
      trial: o.trial,
      verifiedDomains: o.verifiedDomains,
      claimedDomains: o.claimedDomains,
      authentication: o.authentication ?? null,
      branding: o.branding,
      restrictedByPartner: o.restrictedByPartner,
      ...(o.partnerId ? { managedByPartnerId: encodeId('PARTNER', o.partnerId) } : {}),
      externalFullAdminPartnerIds: ext.filter((e) => e.orgId === o.id).map((e) => encodeId('PARTNER', e.partnerId)),
      licenses: lics.filter((l) => l.orgId === o.id).map((l) => ({ name: l.package, state: l.state, wholesale: l.wholesale })),
      userCount: counts.find((c) => c.orgId === o.id)?.n ?? 0,
      ...(cust ? { wholesaleCustomerId: encodeId('ENTERPRISE', cust.id) } : {}),
      created: o.created.toISOString(),
    };
  });
}

/** Directory orgs for the operator, oldest first, keyset-paged by created/id. */
export async function listDirectoryOrgs(db: DbOrTx, f: { email?: string; origin?: 'directory' | 'wholesale' }, offset: number, max: number) {
  const byEmail = f.email
    ? sql`${organizations.id} IN (SELECT org_id FROM people WHERE email = ${f.email.trim().toLowerCase()})`
    : undefined;
  const rows = await db.select({ id: organizations.id }).from(organizations)
    .where(and(f.origin ? eq(organizations.origin, f.origin) : undefined, byEmail, gt(organizations.created, new Date(0))))
    .orderBy(asc(organizations.created), asc(organizations.id)).offset(offset).limit(max + 1);
  return { items: await viewOrgs(db, rows.slice(0, max).map((r) => r.id)), hasMore: rows.length > max };
}
