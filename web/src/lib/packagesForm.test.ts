import { describe, expect, it } from 'vitest';
import type { Customer, Location } from '../api/client';
import {
  checkPackagesForm,
  currentLimits,
  needsCallingLocation,
  packagesFormOf,
  quantityMode,
  toUpdateInput,
  type PackagesContext,
} from './packagesForm';

type Detail = Customer['resourceDetails']['packages'][number];
const detail = (name: Detail['name'], limit: number | null, assigned = 0): Detail => ({ name, status: 'provisioned', quantity: { limit, assigned } });
const customer = (details: Detail[]): Customer =>
  ({
    id: 'c1',
    externalId: 'acme-1',
    status: 'provisioned',
    address: { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' },
    packages: details.map((d) => d.name),
    resourceDetails: { packages: details },
    customerInfo: { name: 'Acme', primaryEmail: 'boss@acme.example', language: 'en' },
    created: '2026-01-01T00:00:00Z',
    lastStatusChange: '2026-01-01T00:00:00Z',
  }) as Customer;

const limited = customer([detail('webex_calling', 2, 2), detail('webex_meetings', 3), detail('cisco_calling_plan', null)]);
const unlimited = customer([detail('webex_meetings', null, 4)]);
const ctxOf = (c: Customer, needsLocation = false): PackagesContext => ({ mode: quantityMode(c), limits: currentLimits(c), needsLocation });

describe('Edit packages: the quantity rules of seed 004', () => {
  it('tells limited, unlimited and unknown customers apart', () => {
    expect(quantityMode(limited)).toBe('limited');
    expect(quantityMode(unlimited)).toBe('unlimited');
    expect(quantityMode(customer([detail('cisco_calling_plan', null)]))).toBe('unknown');
  });

  it('pre-fills the current limits of a limited customer', () => {
    const f = packagesFormOf(limited);
    expect(f.quantityOn).toBe(true);
    expect(f.quantities).toEqual({ webex_calling: '2', webex_meetings: '3' });
    expect(f.packages).toEqual(['webex_calling', 'webex_meetings', 'cisco_calling_plan']);
  });

  it('refuses a quantity below the current limit, a missing one and a non-whole one', () => {
    const f = packagesFormOf(limited);
    const p = checkPackagesForm({ ...f, packages: [...f.packages, 'webex_suite'], quantities: { webex_calling: '1', webex_meetings: '3.5' } }, ctxOf(limited));
    expect(p['quantity.webex_calling']).toEqual({ key: 'packagesForm.quantityLower', values: { limit: 2 } });
    expect(p['quantity.webex_meetings']?.key).toBe('customerForm.quantityWhole');
    expect(p['quantity.webex_suite']?.key).toBe('customerForm.quantityRequired');
    expect(p['quantity.cisco_calling_plan']).toBeUndefined();
  });

  it('sends every assignable package with its quantity when limited, raised limits included', () => {
    const f = packagesFormOf(limited);
    const body = toUpdateInput({ ...f, quantities: { ...f.quantities, webex_calling: '5' } }, limited, ctxOf(limited));
    expect(body).toEqual({
      packages: ['webex_calling', 'webex_meetings', 'cisco_calling_plan'],
      provisioningParameters: { packages: { limits: { webex_calling: 5, webex_meetings: 3 } } },
    });
  });

  it('sends no quantities for an unlimited customer (the API keeps it unlimited)', () => {
    const f = { ...packagesFormOf(unlimited), packages: ['webex_meetings', 'webex_suite'] as Customer['packages'] };
    expect(checkPackagesForm(f, ctxOf(unlimited))).toEqual({});
    expect(toUpdateInput(f, unlimited, ctxOf(unlimited))).toEqual({ packages: ['webex_meetings', 'webex_suite'] });
  });

  it('needs a package and the base of an add-on', () => {
    const f = packagesFormOf(unlimited);
    expect(checkPackagesForm({ ...f, packages: [] }, ctxOf(unlimited)).packages?.key).toBe('customerForm.choosePackage');
    expect(checkPackagesForm({ ...f, packages: ['attendant_console'] }, ctxOf(unlimited)).packages?.key).toBe('customerForm.needsBase');
  });

  it('asks for the HQ calling location only when calling comes to a customer without one', () => {
    const hq = { headquarters: true } as Location;
    expect(needsCallingLocation(['webex_meetings', 'webex_calling'], unlimited, [])).toBe(true);
    expect(needsCallingLocation(['webex_meetings', 'webex_calling'], unlimited, [hq])).toBe(false);
    expect(needsCallingLocation(['webex_calling'], limited, [])).toBe(false);
    const f = { ...packagesFormOf(unlimited), packages: ['webex_meetings', 'webex_calling'] as Customer['packages'] };
    expect(Object.keys(checkPackagesForm(f, ctxOf(unlimited, true))).sort()).toEqual(['locationLanguage', 'locationName', 'timezone']);
    const body = toUpdateInput({ ...f, locationName: 'HQ', timezone: 'America/Los_Angeles', locationLanguage: 'en_US' }, unlimited, ctxOf(unlimited, true));
    expect(body.provisioningParameters?.calling?.location).toEqual({
      name: 'HQ', address: unlimited.address, timezone: 'America/Los_Angeles', language: 'en_US',
    });
  });
});
