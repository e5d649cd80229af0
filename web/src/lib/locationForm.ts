import type { Customer, Location, Schemas } from '../api/client';
import type { FieldRule } from '../api/errors';
import { ADDRESS_KEYS, addressFormOf, checkAddressForm, emptyAddress, toAddress, type AddressForm, type Problem } from './address';
import { defaultTimezoneForCountry, locationLocaleFor } from './domain';

/**
 * Add location / Edit location (POST /v1/locations, PUT /v1/locations/{id}: a full update):
 * the same rules as the customer's headquarters location.
 */
export type LocationForm = {
  name: string;
  country: string;
  address: AddressForm;
  timezone: string;
  language: string;
  emergencyLocationIdentifier: string;
};

export type LocationInput = Schemas['LocationRequest'];

/** A new location starts in the customer's country, with that country's time zone and the headquarters' language. */
export function newLocationForm(c: Customer, locations: readonly Location[]): LocationForm {
  const hq = locations.find((l) => l.headquarters) ?? locations[0];
  const language = hq?.language ?? locationLocaleFor(c.customerInfo?.language, c.address.country);
  return {
    name: '',
    country: c.address.country,
    address: emptyAddress(),
    timezone: defaultTimezoneForCountry(c.address.country),
    language,
    emergencyLocationIdentifier: '',
  };
}

export const locationFormOf = (l: Location): LocationForm => ({
  name: l.name,
  country: l.address.country,
  address: addressFormOf(l.address),
  timezone: l.timezone,
  language: l.language,
  emergencyLocationIdentifier: l.emergencyLocationIdentifier ?? '',
});

/** Another country: its own state list, and its time zone when the zone was the old country's default. */
export function changeCountry(f: LocationForm, country: string): LocationForm {
  const timezone = !f.timezone || f.timezone === defaultTimezoneForCountry(f.country) ? defaultTimezoneForCountry(country) : f.timezone;
  return { ...f, country, timezone, address: { ...f.address, stateOrProvince: '' } };
}

export function toLocationInput(f: LocationForm): LocationInput {
  const eli = f.emergencyLocationIdentifier.trim();
  return {
    name: f.name.trim(),
    address: toAddress(f.address, f.country),
    timezone: f.timezone,
    language: f.language,
    // Left out on PUT, the API clears it: an emptied field means "none".
    ...(eli ? { emergencyLocationIdentifier: eli } : {}),
  };
}

export function checkLocationForm(f: LocationForm): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  if (!f.name.trim()) p.name = { key: 'validation.required' };
  else if (f.name.trim().length > 255) p.name = { key: 'validation.tooLong', values: { max: 255 } };
  if (!f.country) p.country = { key: 'validation.required' };
  Object.assign(p, checkAddressForm(f.address, f.country));
  if (!f.timezone) p.timezone = { key: 'validation.required' };
  if (!f.language) p.language = { key: 'validation.required' };
  if (f.emergencyLocationIdentifier.trim().length > 100) p.emergencyLocationIdentifier = { key: 'validation.tooLong', values: { max: 100 } };
  return p;
}

/** Where the API's errors go: it names the field by its request path (`address.city …`); 7001 is the name. */
export const LOCATION_RULES: FieldRule[] = [
  { field: 'name', paths: ['name'] },
  { field: 'name', codes: [7001] },
  { field: 'country', paths: ['address.country'] },
  ...ADDRESS_KEYS.map((k) => ({ field: k, paths: [`address.${k}`] })),
  { field: 'timezone', paths: ['timezone'] },
  { field: 'language', paths: ['language'] },
  { field: 'emergencyLocationIdentifier', paths: ['emergencyLocationIdentifier'] },
];
