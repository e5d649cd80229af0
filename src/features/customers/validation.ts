import { addressRequirements, isCountryCode, isValidSubdivision } from '../../domain/countries.ts';
import { normalizeLocale } from '../../domain/locales.ts';
import { isCallingPackage, missingDependencies } from '../../domain/packages.ts';
import { isSupportedTimezone } from '../../domain/timezones.ts';
import { isEmail } from '../../http/common-schemas.ts';
import { ErrorCodes, Problems } from '../../http/errors.ts';
import type { Address, ProvisioningParameters } from './schemas.ts';

/** Rules of the Wholesale Customer API that carry their own error codes (facts §2.2, §5.1, §5.8). */

const MAX_ADDRESS_LINE = 50;
const MAX_DAYS_AHEAD = 90;

export function checkAddress(p: Problems, a: Address, path: string): Address {
  const out: Address = {
    addressLine1: a.addressLine1.trim(),
    city: a.city.trim(),
    country: a.country.trim(),
  };
  for (const k of ['addressLine2', 'stateOrProvince', 'zipOrPostalCode'] as const) {
    const v = a[k]?.trim();
    if (v) out[k] = v;
  }
  for (const k of ['addressLine1', 'city', 'country'] as const) {
    if (!out[k]) p.add(ErrorCodes.NULL_PARAMETER, `Mandatory parameter ${path}.${k} is missing.`);
  }
  for (const k of ['addressLine1', 'addressLine2', 'city', 'stateOrProvince', 'zipOrPostalCode'] as const) {
    const v = out[k];
    if (v && v.length > MAX_ADDRESS_LINE) {
      p.add(ErrorCodes.ADDRESS_LINE_TOO_LONG, `${path}.${k} is longer than ${MAX_ADDRESS_LINE} characters.`);
    }
  }
  if (out.country && !isCountryCode(out.country)) {
    p.add(ErrorCodes.INVALID_COUNTRY, `${path}.country "${out.country}" is not an ISO 3166-1 alpha-2 country code.`);
    return out;
  }
  const need = addressRequirements(out.country);
  if (need.stateOrProvince && !out.stateOrProvince) {
    p.add(ErrorCodes.STATE_REQUIRED, `${path}.stateOrProvince is required for addresses in ${out.country}.`);
  } else if (out.stateOrProvince && !isValidSubdivision(out.country, out.stateOrProvince)) {
    p.add(ErrorCodes.INVALID_STATE, `${path}.stateOrProvince "${out.stateOrProvince}" is not a subdivision of ${out.country}.`);
  }
  if (need.zipOrPostalCode && !out.zipOrPostalCode) {
    p.add(ErrorCodes.POSTAL_CODE_REQUIRED, `${path}.zipOrPostalCode is required for addresses in ${out.country}.`);
  }
  return out;
}

export function checkEmail(p: Problems, value: string, path: string): string {
  const v = value.trim();
  if (!isEmail(v)) p.add(ErrorCodes.INVALID_EMAIL, `${path} "${v}" is not a valid email address.`);
  return v.toLowerCase();
}

export function checkLanguage(p: Problems, value: string | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  const l = normalizeLocale(value.trim());
  if (!l) p.add(ErrorCodes.INVALID_LANGUAGE, `${path} "${value}" is not a supported language locale (xx or xx_YY).`);
  return l ?? undefined;
}

export function checkCustomerName(p: Problems, name: string, path: string): string {
  const n = name.trim();
  if (!n) p.add(ErrorCodes.NULL_PARAMETER, `Mandatory parameter ${path} is missing.`);
  else if (n.includes('%')) p.add(ErrorCodes.INVALID_CUSTOMER_NAME, `${path} cannot include the "%" character.`);
  else if (n.length > 255) p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `${path} is longer than 255 characters.`);
  return n;
}

export function checkPackages(p: Problems, packages: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of packages) {
    if (seen.has(name)) p.add(ErrorCodes.DUPLICATE_PACKAGE, `Package ${name} is listed more than once.`);
    seen.add(name);
  }
  for (const [addOn, needs] of missingDependencies(packages)) {
    p.add(ErrorCodes.PACKAGE_DEPENDENCY, `${addOn} is dependent on one of: ${needs.join(', ')}.`);
  }
}

/** Calling packages need the HQ calling location; every part of it is checked. */
export function checkProvisioningParameters(
  p: Problems,
  packages: readonly string[],
  params: ProvisioningParameters | undefined,
  opts: { locationRequired: boolean },
): ProvisioningParameters | undefined {
  if (!params) {
    if (opts.locationRequired && packages.some(isCallingPackage)) {
      p.add(ErrorCodes.CALLING_LOCATION_REQUIRED, 'provisioningParameters.calling.location is mandatory when provisioning calling packages.');
    }
    return undefined;
  }
  const out: ProvisioningParameters = { ...params };
  const loc = params.calling?.location;
  if (!loc && opts.locationRequired && packages.some(isCallingPackage)) {
    p.add(ErrorCodes.CALLING_LOCATION_REQUIRED, 'provisioningParameters.calling.location is mandatory when provisioning calling packages.');
  }
  if (loc) {
    const base = 'provisioningParameters.calling.location';
    const name = loc.name.trim();
    if (!name) p.add(ErrorCodes.NULL_PARAMETER, `Mandatory parameter ${base}.name is missing.`);
    else if (name.length > 255) p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `${base}.name is longer than 255 characters.`);
    const address = checkAddress(p, loc.address, `${base}.address`);
    if (!isSupportedTimezone(loc.timezone.trim())) {
      p.add(ErrorCodes.INVALID_TIMEZONE, `${base}.timezone "${loc.timezone}" is not a supported IANA time zone.`);
    }
    const language = checkLanguage(p, loc.language, `${base}.language`);
    const eli = loc.emergencyLocationIdentifier?.trim();
    if (eli && eli.length > 100) p.add(ErrorCodes.INVALID_PARAMETER_SIZE, `${base}.emergencyLocationIdentifier is longer than 100 characters.`);
    out.calling = {
      location: {
        name,
        address,
        timezone: loc.timezone.trim(),
        language: language ?? loc.language,
        ...(eli ? { emergencyLocationIdentifier: eli } : {}),
      },
    };
  }
  const mtz = params.meetings?.timezone?.trim();
  if (mtz !== undefined && !isSupportedTimezone(mtz)) {
    p.add(ErrorCodes.INVALID_TIMEZONE, `provisioningParameters.meetings.timezone "${mtz}" is not a supported IANA time zone.`);
  }
  return out;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** billingStartDate: only with delayed billing enabled; today up to 90 days ahead (UTC dates). */
export function checkBillingStartDate(
  p: Problems,
  value: string | undefined,
  delayedBillingEnabled: boolean,
  now: Date,
): string | undefined {
  if (value === undefined) return undefined;
  if (!delayedBillingEnabled) {
    p.add(ErrorCodes.BILLING_START_NOT_ENABLED,
      'billingStartDate applies only when the partner has the enable_wholesale_delayed_billing setting.');
    return undefined;
  }
  const m = DATE_RE.exec(value.trim());
  const day = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  const parsed = m ? new Date(`${day}T00:00:00Z`) : null;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    p.add(ErrorCodes.INVALID_PARAMETER, `billingStartDate "${value}" is not a date (YYYY-MM-DD).`);
    return undefined;
  }
  const today = new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const latest = new Date(today.getTime() + MAX_DAYS_AHEAD * 86_400_000);
  if (parsed < today || parsed > latest) {
    p.add(ErrorCodes.BILLING_START_OUT_OF_RANGE,
      `billingStartDate must be between today and ${MAX_DAYS_AHEAD} days ahead (${latest.toISOString().slice(0, 10)}).`);
    return undefined;
  }
  return day;
}
