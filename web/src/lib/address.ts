import type { Schemas } from '../api/client';

type Address = Schemas['Address'];

/** One line per address, the country by name in the current language. */
export function formatAddress(a: Address, country: (code: string) => string): string {
  return [a.addressLine1, a.addressLine2, [a.zipOrPostalCode, a.city].filter(Boolean).join(' '), a.stateOrProvince, country(a.country)]
    .filter((x) => x && x.trim())
    .join(', ');
}
