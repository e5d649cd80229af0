import { CALLING_PACKAGES, SUBSCRIBER_PACKAGES, type CustomerPackage } from '../../domain/packages.ts';
import { ErrorCodes, Problems } from '../../http/errors.ts';

/** Pure rules of the Subscriber API (facts §2.9–§2.10, seeds 002/004). */

export type SubscriberPackage = (typeof SUBSCRIBER_PACKAGES)[number];

/** Subscriber packages that need a number or an extension at a location. */
export const isSubscriberCalling = (p: string): boolean => CALLING_PACKAGES.has(p as CustomerPackage);

/** attendant_console is an add-on on top of one of these base packages (reference §3.4). */
export const ATTENDANT_CONSOLE_BASES: readonly string[] = ['webex_calling', 'webex_suite', 'cx_essentials'];
export const ADD_ONS: readonly string[] = ['attendant_console'];

/**
 * Package tiers, highest first. The organization's package level is the highest-tier package
 * the customer has; its full administrator must hold that level (seeds 002/004: "the same
 * package level as the one used to create the customer organization; downgrading the
 * administrator's package is not supported").
 */
export const PACKAGE_TIERS: readonly SubscriberPackage[] = [
  'webex_suite',
  'cx_premium_agent',
  'cx_standard_agent',
  'cx_essentials',
  'webex_calling',
  'webex_calling_standard',
  'webex_voice',
  'webex_meetings',
];

export const tierOf = (p: string): number => {
  const i = PACKAGE_TIERS.indexOf(p as SubscriberPackage);
  return i === -1 ? Number.POSITIVE_INFINITY : i;
};

/** The organization's package level: its highest-tier base package (undefined if none). */
export function packageLevel(customerPackages: readonly string[]): SubscriberPackage | undefined {
  return [...PACKAGE_TIERS].find((p) => customerPackages.includes(p));
}

/** Emergency and service codes that can never be extensions. */
const SERVICE_CODES = new Set(['911', '933', '112', '999', '000', '110', '119', '211', '311', '411', '511', '611', '711', '811', '1911', '9911']);

export function checkExtension(p: Problems, ext: string): void {
  if (!/^\d{2,10}$/.test(ext)) {
    p.add(ErrorCodes.INVALID_EXTENSION, `extension "${ext}" must be 2 to 10 digits.`);
  } else if (SERVICE_CODES.has(ext)) {
    p.add(ErrorCodes.RESERVED_EXTENSION, `extension ${ext} is an emergency or service code and cannot be assigned.`);
  }
}

export { isE164 } from '../../domain/phone.ts';

/** `package` (deprecated) or `packages` with exactly one element, never both. */
export function onePackage(p: Problems, body: { package?: string; packages?: string[] }): string | undefined {
  if (body.package !== undefined && body.packages !== undefined) {
    p.add(ErrorCodes.PACKAGE_AND_PACKAGES, 'Send either package or packages, not both.');
    return undefined;
  }
  if (body.packages !== undefined) {
    if (body.packages.length !== 1) {
      p.add(ErrorCodes.ONE_PACKAGE, `packages must contain exactly one package (got ${body.packages.length}).`);
      return undefined;
    }
    return body.packages[0];
  }
  if (body.package === undefined) {
    p.add(ErrorCodes.NULL_PARAMETER, 'Mandatory parameter packages is missing.');
    return undefined;
  }
  return body.package;
}

/** Epoch milliseconds (preferred) or ISO 8601; null when neither. */
export function parseInstant(v: string): Date | null {
  if (/^\d{1,15}$/.test(v)) return new Date(Number(v));
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}
