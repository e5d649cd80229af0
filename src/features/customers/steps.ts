import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customerPackages, licenses, locations, meetingSites, orgAdmins, organizations, platformServices, templates } from '../../db/schema.ts';
import { defaultMeetingsDialIn, regionForCountry } from '../../domain/countries.ts';
import { CALLING_PACKAGES, PACKAGE_SKUS, type CustomerPackage } from '../../domain/packages.ts';
import { defaultTimezoneForCountry } from '../../domain/timezones.ts';
import { ErrorCodes } from '../../http/errors.ts';
import { newUuid } from '../../http/ids.ts';
import type { ProvisioningParameters } from './schemas.ts';
import { emergencyRegistration } from '../locations/service.ts';
import { notifyNewUser } from '../notifications/service.ts';
import { applyAttach, detach } from '../orgs/attach.ts';
import type { CustomerRow } from './store.ts';

/**
 * The steps of the customer workflows. Each runs inside one transaction together with the row
 * that records it (workflow.ts), and each is safe to run again: it looks before it creates.
 */

/** Packages that cannot be provisioned while the calling service is down. */
export const CALLING_DEPENDENT = new Set<string>([...CALLING_PACKAGES, 'cisco_calling_plan', 'attendant_console']);

const orgName = (c: CustomerRow) => c.customerInfo?.name ?? `Organization ${c.externalId}`;
const params = (c: CustomerRow) => (c.provisioningParameters ?? {}) as ProvisioningParameters;

/** A DNS label from a company name: "John's Pizza" → "johns-pizza". */
const LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l', þ: 'th', ı: 'i' };

export function dnsLabel(name: string, fallback: string): string {
  const label = name
    .toLowerCase()
    .replace(/[øæœßđłþı]/g, (ch) => LETTERS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return label || fallback;
}

/** A new org, with the template's authentication; an attached org is changed as seed 003 says. */
export async function createOrg(tx: DbOrTx, c: CustomerRow): Promise<Record<string, unknown>> {
  if (c.attached) return applyAttach(tx, c);
  const [tpl] = await tx.select({ lang: templates.defaultEmailLanguage, auth: templates.authentication }).from(templates).where(eq(templates.id, c.templateId));
  const region = regionForCountry(c.address.country!);
  await tx.insert(organizations).values({
    id: c.orgId,
    partnerId: c.partnerId,
    name: orgName(c),
    region,
    language: c.customerInfo?.language ?? tpl?.lang ?? null,
    authentication: tpl?.auth ?? { method: 'webex' },
  }).onConflictDoNothing();
  return { region };
}

async function firstFree(tx: DbOrTx, base: string, suffix: string, taken: (candidate: string) => Promise<boolean>) {
  for (let i = 1; i < 1000; i++) {
    const candidate = `${i === 1 ? base : `${base}-${i}`}.${suffix}`;
    if (!(await taken(candidate))) return candidate;
  }
  return `${base}-${newUuid().slice(0, 8)}.${suffix}`;
}

/** The SIP domain is set automatically, unique and DNS-valid, derived from the name. */
export async function assignSipDomain(tx: DbOrTx, c: CustomerRow, suffix: string) {
  const [org] = await tx.select({ sip: organizations.sipDomain }).from(organizations).where(eq(organizations.id, c.orgId));
  if (org?.sip) return { sipDomain: org.sip };
  const base = dnsLabel(orgName(c), `org-${c.orgId.slice(0, 8)}`);
  const sipDomain = await firstFree(tx, base, suffix, async (d) =>
    (await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.sipDomain, d)).limit(1)).length > 0);
  await tx.update(organizations).set({ sipDomain }).where(eq(organizations.id, c.orgId));
  return { sipDomain };
}

export async function callingInMaintenance(tx: DbOrTx): Promise<boolean> {
  const [row] = await tx.select().from(platformServices).where(eq(platformServices.name, 'calling'));
  return row?.maintenance === true;
}

/** Calling is down: its packages fail with the reference's warning 2560, the others go on. */
export async function failCallingPackages(tx: DbOrTx, c: CustomerRow) {
  const warning = {
    errorCode: ErrorCodes.CALLING_MAINTENANCE,
    description: 'One or more Webex Calling services are unavailable due to maintenance, unable to start provisioning. Consult status.webex.com and retry later.',
  };
  const failed = await tx.update(customerPackages)
    .set({ status: 'error', warnings: [warning] })
    .where(and(
      eq(customerPackages.customerId, c.id),
      eq(customerPackages.status, 'provisioning'),
      inArray(customerPackages.name, [...CALLING_DEPENDENT]),
    ))
    .returning({ name: customerPackages.name });
  return { maintenance: true, failed: failed.map((f) => f.name) };
}

export async function createHeadquarters(tx: DbOrTx, c: CustomerRow) {
  const [hq] = await tx.select({ id: locations.id }).from(locations)
    .where(and(eq(locations.orgId, c.orgId), eq(locations.isHeadquarters, true)));
  if (hq) return { locationId: hq.id };
  const loc = params(c).calling?.location;
  if (!loc) throw new Error('calling packages need provisioningParameters.calling.location');
  const id = newUuid();
  await tx.insert(locations).values({
    id,
    orgId: c.orgId,
    name: loc.name,
    address: loc.address as Record<string, string>,
    timezone: loc.timezone,
    language: loc.language,
    emergencyLocationIdentifier: loc.emergencyLocationIdentifier ?? null,
    isHeadquarters: true,
  });
  return { locationId: id };
}

/** US and Canadian locations are registered with the emergency-services provider (RedSky). */
export async function registerEmergencyServices(tx: DbOrTx, c: CustomerRow) {
  const rows = await tx.select().from(locations).where(and(eq(locations.orgId, c.orgId), isNull(locations.e911)));
  const registered: string[] = [];
  for (const loc of rows) {
    const e911 = emergencyRegistration(loc.address.country);
    if (!e911) continue;
    await tx.update(locations).set({ e911 }).where(eq(locations.id, loc.id));
    registered.push(loc.id);
  }
  return { registered };
}

export async function createMeetingsSite(tx: DbOrTx, c: CustomerRow, suffix: string) {
  const [site] = await tx.select().from(meetingSites).where(eq(meetingSites.orgId, c.orgId));
  if (site) return { siteUrl: site.siteUrl };
  const country = c.address.country!;
  const timezone = params(c).meetings?.timezone ?? params(c).calling?.location.timezone ?? defaultTimezoneForCountry(country);
  const base = dnsLabel(orgName(c), `site-${c.orgId.slice(0, 8)}`);
  const siteUrl = await firstFree(tx, base, suffix, async (u) =>
    (await tx.select({ id: meetingSites.id }).from(meetingSites).where(eq(meetingSites.siteUrl, u)).limit(1)).length > 0);
  await tx.insert(meetingSites).values({ id: newUuid(), orgId: c.orgId, siteUrl, timezone, defaultDialIn: defaultMeetingsDialIn(country) });
  return { siteUrl };
}

export async function removeMeetingsSite(tx: DbOrTx, c: CustomerRow) {
  await tx.delete(meetingSites).where(eq(meetingSites.orgId, c.orgId));
  return {};
}

export async function allocateLicenses(tx: DbOrTx, c: CustomerRow, pkg: string) {
  const existing = await tx.select({ id: licenses.id }).from(licenses)
    .where(and(eq(licenses.orgId, c.orgId), eq(licenses.package, pkg), eq(licenses.wholesale, true)));
  let id = existing[0]?.id;
  if (!id) {
    id = newUuid();
    await tx.insert(licenses).values({ id, orgId: c.orgId, package: pkg, sku: PACKAGE_SKUS[pkg as CustomerPackage] });
  }
  await tx.update(customerPackages).set({ status: 'provisioned', errors: [], warnings: [] })
    .where(and(eq(customerPackages.customerId, c.id), eq(customerPackages.name, pkg), ne(customerPackages.status, 'error')));
  return { licenseId: id };
}

export async function deprovisionPackage(tx: DbOrTx, c: CustomerRow, pkg: string) {
  await tx.delete(licenses).where(and(eq(licenses.orgId, c.orgId), eq(licenses.package, pkg), eq(licenses.wholesale, true)));
  await tx.delete(customerPackages).where(and(eq(customerPackages.customerId, c.id), eq(customerPackages.name, pkg)));
  return {};
}

/** The customer's full administrator comes from customerInfo.primaryEmail, and is invited by mail. */
export async function createAdministrator(tx: DbOrTx, c: CustomerRow, publicUrl: string) {
  const email = c.customerInfo?.primaryEmail;
  // An attached org keeps its administrators, and nobody in it is told (seed 003).
  if (!email || c.attached) return { admin: null };
  const added = await tx.insert(orgAdmins).values({ orgId: c.orgId, email, role: 'full_admin' }).onConflictDoNothing().returning();
  if (added.length > 0) await notifyNewUser(tx, c, { email, admin: true, country: c.address.country! }, publicUrl);
  return { admin: email };
}

export async function deleteOrganization(tx: DbOrTx, c: CustomerRow) {
  // An attached org existed before: only the wholesale services go.
  if (c.attached) return detach(tx, c);
  // Licences, locations, the Meetings site and admins go with the org (ON DELETE CASCADE).
  await tx.delete(organizations).where(eq(organizations.id, c.orgId));
}
