/**
 * The API's own reference tables (pure data, no I/O), shared at build time so that the portal's
 * hints and pickers match what the server enforces. The server remains the authority: every
 * refusal it sends is shown as it is.
 */
import type { CustomerPackage, SubscriberPackage } from '../api/client';
import {
  CALLING_PACKAGES,
  CUSTOMER_PACKAGES,
  MEETINGS_PACKAGES,
  PACKAGE_DEPENDENCIES,
  QUANTITY_PACKAGES,
  SUBSCRIBER_PACKAGES,
  missingDependencies,
} from '../../../src/domain/packages.ts';
import { COUNTRY_CODES, addressRequirements, subdivisionCodes } from '../../../src/domain/countries.ts';
import { SUPPORTED_LOCALES } from '../../../src/domain/locales.ts';
import { defaultTimezoneForCountry } from '../../../src/domain/timezones.ts';

export {
  COUNTRY_CODES,
  SUPPORTED_LOCALES,
  addressRequirements,
  defaultTimezoneForCountry,
  missingDependencies,
  subdivisionCodes,
};

// The domain lists and the generated API types must name the same packages.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _customerPackagesMatch: Same<(typeof CUSTOMER_PACKAGES)[number], CustomerPackage> = true;
const _subscriberPackagesMatch: Same<(typeof SUBSCRIBER_PACKAGES)[number], SubscriberPackage> = true;
void _customerPackagesMatch;
void _subscriberPackagesMatch;

export const PACKAGES: readonly CustomerPackage[] = CUSTOMER_PACKAGES;
/** Add-ons: packages that need one of some base packages (reference §3.4). */
export const ADD_ONS = Object.keys(PACKAGE_DEPENDENCIES) as CustomerPackage[];
export const isAddOn = (p: string): boolean => (ADD_ONS as string[]).includes(p);
export const dependenciesOf = (p: CustomerPackage): readonly CustomerPackage[] => PACKAGE_DEPENDENCIES[p] ?? [];
export const isCalling = (p: string): boolean => CALLING_PACKAGES.has(p as CustomerPackage);
export const isMeetings = (p: string): boolean => MEETINGS_PACKAGES.has(p as CustomerPackage);
/** Seed 004: quantities only for packages assignable to a user or workspace. */
export const takesQuantity = (p: string): boolean => QUANTITY_PACKAGES.has(p as CustomerPackage);

/** Packages a subscriber can be provisioned with directly (attendant_console is added later, by PUT). */
export const USER_PACKAGES: readonly SubscriberPackage[] = SUBSCRIBER_PACKAGES.filter((p) => p !== 'attendant_console');

/**
 * Package tiers, highest first (README "Administrators"): the first user of a new organization
 * becomes its full administrator and must hold the organization's level, its highest tier.
 */
const TIERS: readonly SubscriberPackage[] = [
  'webex_suite', 'cx_premium_agent', 'cx_standard_agent', 'cx_essentials',
  'webex_calling', 'webex_calling_standard', 'webex_voice', 'webex_meetings',
];
export const packageLevel = (packages: readonly string[]): SubscriberPackage | undefined =>
  TIERS.find((p) => packages.includes(p));

/** Extensions: 2–10 digits, never an emergency or service code (README "Subscriber rules"). */
const SERVICE_CODES = new Set(['911', '933', '112', '999', '000', '110', '119', '211', '311', '411', '511', '611', '711', '811', '1911', '9911']);
export function extensionProblem(ext: string): 'format' | 'reserved' | null {
  if (!/^\d{2,10}$/.test(ext)) return 'format';
  return SERVICE_CODES.has(ext) ? 'reserved' : null;
}

/** A lenient address check, the same as the API's first pass. */
export const isEmail = (v: string): boolean =>
  v.length <= 254 &&
  /^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(v);

/**
 * A location language (xx_YY) for a customer language that may be bare ("da"): the same one,
 * else that language in the given country, else its first supported country; '' when none.
 */
export function locationLocaleFor(language: string | undefined, country = ''): string {
  const lang = (language ?? '').toLowerCase();
  if (!lang) return '';
  const exact = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === lang && l.includes('_'));
  if (exact) return exact;
  const base = lang.slice(0, 2);
  return (
    SUPPORTED_LOCALES.find((l) => l.toLowerCase() === `${base}_${country.toLowerCase()}`) ??
    SUPPORTED_LOCALES.find((l) => l.toLowerCase().startsWith(`${base}_`)) ??
    ''
  );
}

/** Every IANA zone the browser knows, for the time zone pickers. */
export function timeZones(): string[] {
  try {
    return [...Intl.supportedValuesOf('timeZone')];
  } catch {
    return ['UTC'];
  }
}
