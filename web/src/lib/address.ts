import type { Schemas } from '../api/client';
import { addressRequirements, subdivisionCodes } from './domain';

type Address = Schemas['Address'];

/** One line per address, the country by name in the current language. */
export function formatAddress(a: Address, country: (code: string) => string): string {
  return [a.addressLine1, a.addressLine2, [a.zipOrPostalCode, a.city].filter(Boolean).join(' '), a.stateOrProvince, country(a.country)]
    .filter((x) => x && x.trim())
    .join(', ');
}

/** A message key (with values) per field that the portal refuses before asking the API. */
export type Problem = { key: string; values?: Record<string, string | number> };

/** The address fields of a form (the country is kept apart: it decides the rules). */
export type AddressForm = { addressLine1: string; addressLine2: string; city: string; stateOrProvince: string; zipOrPostalCode: string };
export const ADDRESS_KEYS = ['addressLine1', 'addressLine2', 'city', 'stateOrProvince', 'zipOrPostalCode'] as const;

export const emptyAddress = (): AddressForm => ({ addressLine1: '', addressLine2: '', city: '', stateOrProvince: '', zipOrPostalCode: '' });

export const addressFormOf = (a: Address): AddressForm => ({
  addressLine1: a.addressLine1 ?? '',
  addressLine2: a.addressLine2 ?? '',
  city: a.city ?? '',
  // The API accepts "CA" and "US-CA"; the pickers list the short codes.
  stateOrProvince: (a.stateOrProvince ?? '').replace(new RegExp(`^${a.country}-`, 'i'), ''),
  zipOrPostalCode: a.zipOrPostalCode ?? '',
});

/** The address as the API takes it: trimmed, empty optional parts left out. */
export function toAddress(a: AddressForm, country: string): Address {
  const trimmed = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v)) as Partial<AddressForm>;
  return { addressLine1: trimmed.addressLine1 ?? '', city: trimmed.city ?? '', country, ...trimmed };
}

/**
 * The API's address rules (README "Rules the API enforces"): line 1 and city, at most 50
 * characters each, and the state or province and the postal code where the country needs them
 * (the state checked against the country's subdivisions where the API knows them).
 */
export function checkAddressForm(a: AddressForm, country: string): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  const req = (field: keyof AddressForm) => {
    if (!a[field].trim()) p[field] = { key: 'validation.required' };
  };
  req('addressLine1');
  req('city');
  for (const k of ADDRESS_KEYS) if (a[k].trim().length > 50) p[k] = { key: 'validation.tooLong', values: { max: 50 } };
  if (!country) return p;
  const need = addressRequirements(country);
  if (need.stateOrProvince) req('stateOrProvince');
  const codes = subdivisionCodes(country);
  if (codes && a.stateOrProvince && !codes.includes(a.stateOrProvince.replace(`${country}-`, '').toUpperCase())) {
    p.stateOrProvince = { key: 'address.notASubdivision', values: { country } };
  }
  if (need.zipOrPostalCode) req('zipOrPostalCode');
  return p;
}
