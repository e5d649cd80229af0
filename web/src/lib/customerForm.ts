import type { CreateCustomerInput, CustomerPackage } from '../api/client';
import type { FieldRule } from '../api/errors';
import { ADDRESS_KEYS, checkAddressForm, emptyAddress, toAddress, type AddressForm, type Problem } from './address';
import { PACKAGES, dependenciesOf, isCalling, isEmail, missingDependencies, takesQuantity } from './domain';

export type { AddressForm, Problem };

/** The Create wholesale customer wizard's values (seeds 002/004) and their mapping to the API. */
export type CustomerForm = {
  provisioningId: string;
  name: string;
  primaryEmail: string;
  externalId: string;
  country: string;
  language: string;
  verified: boolean;
  packages: CustomerPackage[];
  quantityOn: boolean;
  quantities: Partial<Record<CustomerPackage, string>>;
  address: AddressForm;
  locationName: string;
  timezone: string;
  locationLanguage: string;
};

export const emptyCustomer = (): CustomerForm => ({
  provisioningId: '',
  name: '',
  primaryEmail: '',
  externalId: '',
  country: '',
  language: '',
  verified: false,
  packages: [],
  quantityOn: false,
  quantities: {},
  address: emptyAddress(),
  locationName: '',
  timezone: '',
  locationLanguage: '',
});

export const needsCallingLocation = (f: CustomerForm): boolean => f.packages.some(isCalling);

/** Packages in the reference order, as checkbox groups: base packages, then add-ons. */
export const orderPackages = (list: readonly CustomerPackage[]): CustomerPackage[] => PACKAGES.filter((p) => list.includes(p));

export function toCustomerInput(f: CustomerForm): CreateCustomerInput {
  const address = toAddress(f.address, f.country);
  const packages = orderPackages(f.packages);
  const limits = f.quantityOn
    ? Object.fromEntries(packages.filter(takesQuantity).map((p) => [p, Number(f.quantities[p])]))
    : undefined;
  const calling = needsCallingLocation(f)
    ? { location: { name: f.locationName.trim(), address, timezone: f.timezone, language: f.locationLanguage } }
    : undefined;
  return {
    provisioningId: f.provisioningId,
    externalId: f.externalId.trim(),
    packages,
    address,
    customerInfo: { name: f.name.trim(), primaryEmail: f.primaryEmail.trim(), ...(f.language ? { language: f.language } : {}) },
    ...(calling || limits ? { provisioningParameters: { ...(calling ? { calling } : {}), ...(limits ? { packages: { limits } } : {}) } } : {}),
  };
}

const LOCATION = 'provisioningParameters.calling.location';
const QUANTITY_CODES = [6020, 6021, 6025, 6026];

export const CUSTOMER_RULES: FieldRule[] = [
  { field: 'provisioningId', paths: ['provisioningId'] },
  { field: 'provisioningId', codes: [6001] },
  { field: 'name', paths: ['customerInfo.name'] },
  { field: 'name', codes: [6003, 6015] },
  { field: 'primaryEmail', paths: ['customerInfo.primaryEmail'] },
  { field: 'language', paths: ['customerInfo.language'] },
  { field: 'externalId', paths: ['externalId'] },
  { field: 'externalId', codes: [6002] },
  { field: 'country', paths: ['address.country', `${LOCATION}.address.country`] },
  ...ADDRESS_KEYS.map((k) => ({ field: k, paths: [`address.${k}`, `${LOCATION}.address.${k}`] })),
  { field: 'locationName', paths: [`${LOCATION}.name`] },
  { field: 'locationName', codes: [6010] },
  { field: 'timezone', paths: [`${LOCATION}.timezone`] },
  { field: 'locationLanguage', paths: [`${LOCATION}.language`] },
  // "packages" is also a plain word in descriptions: only the structural errors name the field.
  { field: 'packages', paths: ['packages'], codes: [1001, 1002, 1003] },
  { field: 'packages', codes: [6012, 6013] },
  ...PACKAGES.map((p) => ({ field: `quantity.${p}`, paths: [p], codes: QUANTITY_CODES })),
  { field: 'quantityOn', codes: [6022, 6023, 6024, 6027] },
];

export function stepOfField(field: string): number | undefined {
  if (['provisioningId', 'name', 'primaryEmail', 'language', 'externalId', 'country', 'verified'].includes(field)) return 0;
  if (field === 'packages' || field === 'quantityOn' || field.startsWith('quantity.')) return 1;
  if ((ADDRESS_KEYS as readonly string[]).includes(field) || ['locationName', 'timezone', 'locationLanguage'].includes(field)) return 2;
  return undefined;
}

export function checkCustomerStep(step: number, f: CustomerForm): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  const req = (field: string, value: string) => {
    if (!value.trim()) p[field] = { key: 'validation.required' };
  };
  if (step === 0) {
    req('provisioningId', f.provisioningId);
    req('name', f.name);
    if (f.name.includes('%')) p.name = { key: 'validation.noPercent' };
    else if (f.name.trim().length > 255) p.name = { key: 'validation.tooLong', values: { max: 255 } };
    req('primaryEmail', f.primaryEmail);
    if (f.primaryEmail.trim() && !isEmail(f.primaryEmail.trim())) p.primaryEmail = { key: 'validation.email' };
    req('externalId', f.externalId);
    if (f.externalId.trim().length > 255) p.externalId = { key: 'validation.tooLong', values: { max: 255 } };
    req('country', f.country);
    if (!f.verified) p.verified = { key: 'customerForm.verifyRequired' };
  }
  if (step === 1) {
    if (f.packages.length === 0) p.packages = { key: 'customerForm.choosePackage' };
    for (const [addOn] of missingDependencies(f.packages)) {
      p.packages = { key: 'customerForm.needsBase', values: { addOn, bases: dependenciesOf(addOn).join(', ') } };
    }
    if (f.quantityOn) {
      const assignable = f.packages.filter(takesQuantity);
      if (assignable.length === 0) p.quantityOn = { key: 'customerForm.quantityNoAssignable' };
      // Seed 004: a quantity for every package, positive whole numbers, never zero.
      for (const pkg of assignable) {
        const v = (f.quantities[pkg] ?? '').trim();
        if (!v) p[`quantity.${pkg}`] = { key: 'customerForm.quantityRequired' };
        else if (!/^[1-9]\d{0,8}$/.test(v)) p[`quantity.${pkg}`] = { key: 'customerForm.quantityWhole' };
      }
    }
  }
  if (step === 2) {
    Object.assign(p, checkAddressForm(f.address, f.country));
    if (needsCallingLocation(f)) {
      req('locationName', f.locationName);
      req('timezone', f.timezone);
      req('locationLanguage', f.locationLanguage);
    }
  }
  return p;
}
