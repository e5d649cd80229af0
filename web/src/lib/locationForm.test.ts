import { describe, expect, it } from 'vitest';
import type { Customer, Location } from '../api/client';
import { changeCountry, checkLocationForm, locationFormOf, newLocationForm, toLocationInput } from './locationForm';

const acme = { address: { addressLine1: 'x', city: 'y', country: 'US' }, customerInfo: { name: 'Acme', primaryEmail: 'a@b.example', language: 'da' } } as Customer;

describe('Add / Edit location', () => {
  it('starts in the customer country with its time zone and the headquarters language', () => {
    const f = newLocationForm(acme, [{ headquarters: true, language: 'en_US' } as Location]);
    expect(f).toMatchObject({ country: 'US', timezone: 'America/New_York', language: 'en_US' });
    expect(newLocationForm(acme, []).language).toBe('da_DK');
  });

  it('applies the country rules of the headquarters step', () => {
    const f = { ...newLocationForm(acme, []), name: 'Branch' };
    expect(Object.keys(checkLocationForm(f)).sort()).toEqual(['addressLine1', 'city', 'stateOrProvince', 'zipOrPostalCode']);
    const dk = changeCountry({ ...f, address: { ...f.address, addressLine1: 'Vesterbrogade 1', city: 'København', stateOrProvince: 'CA' } }, 'DK');
    expect(dk.timezone).toBe('Europe/Copenhagen');
    expect(dk.address.stateOrProvince).toBe('');
    expect(Object.keys(checkLocationForm(dk))).toEqual(['zipOrPostalCode']);
    expect(checkLocationForm({ ...dk, address: { ...dk.address, zipOrPostalCode: '1620' }, emergencyLocationIdentifier: 'x'.repeat(101) }))
      .toEqual({ emergencyLocationIdentifier: { key: 'validation.tooLong', values: { max: 100 } } });
  });

  it('keeps a time zone the user chose when the country changes', () => {
    expect(changeCountry({ ...newLocationForm(acme, []), timezone: 'America/Chicago' }, 'DK').timezone).toBe('America/Chicago');
  });

  it('round-trips a location, the state without its country prefix, an empty identifier left out', () => {
    const l = {
      id: 'l1', orgId: 'o1', name: 'HQ', headquarters: true, e911: null, timezone: 'America/Los_Angeles', language: 'en_us',
      address: { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'US-CA', zipOrPostalCode: '95035', country: 'US' },
    } as Location;
    const f = locationFormOf(l);
    expect(f.address.stateOrProvince).toBe('CA');
    expect(checkLocationForm(f)).toEqual({});
    expect(toLocationInput(f)).toEqual({
      name: 'HQ', timezone: 'America/Los_Angeles', language: 'en_us',
      address: { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' },
    });
  });
});
