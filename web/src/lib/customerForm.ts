import type { CreateCustomerInput, CustomerPackage } from '../api/client';
import type { FieldRule } from '../api/errors';
import { NEW_ORG } from './attach';
import { ADDRESS_KEYS, checkAddressForm, emptyAddress, toAddress, type AddressForm, type Problem } from './address';
import { PACKAGES, dependenciesOf, isCalling, isEmail, missingDependencies, takesQuantity } from './domain';

export type { AddressForm, Problem };

/**
 * The Create wholesale customer wizard's values (seeds 002/003/004) and their mapping to the API.
 * `orgChoice` is the Customer email screen's answer: an existing organization's id to attach the
 * wholesale services to, `new` (NEW_ORG) for a new organization, '' before the partner chose.
 */
export type CustomerForm = {
  orgChoice: string;
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
  orgChoice: '',
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

/** The wizard's screens, in order (seed 003: the customer email comes first). */
export const STEP = { email: 0, info: 1, packages: 2, headquarters: 3, summary: 4 } as const;

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
  const attach = f.orgChoice && f.orgChoice !== NEW_ORG ? { orgId: f.orgChoice } : {};
  return {
    provisioningId: f.provisioningId,
    ...attach,
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
  // The existing organization chosen on the Customer email screen: unknown, already a customer, trial.
  { field: 'orgChoice', paths: ['orgId'] },
  { field: 'orgChoice', codes: [6016, 6040, 6041] },
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
  if (field === 'primaryEmail' || field === 'orgChoice') return STEP.email;
  if (['provisioningId', 'name', 'language', 'externalId', 'country'].includes(field)) return STEP.info;
  if (field === 'packages' || field === 'quantityOn' || field.startsWith('quantity.')) return STEP.packages;
  if ((ADDRESS_KEYS as readonly string[]).includes(field) || ['locationName', 'timezone', 'locationLanguage', 'verified'].includes(field)) {
    return STEP.headquarters;
  }
  return undefined;
}

export function checkCustomerStep(step: number, f: CustomerForm): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  const req = (field: string, value: string) => {
    if (!value.trim()) p[field] = { key: 'validation.required' };
  };
  if (step === STEP.email) {
    req('primaryEmail', f.primaryEmail);
    if (f.primaryEmail.trim() && !isEmail(f.primaryEmail.trim())) p.primaryEmail = { key: 'validation.email' };
  }
  if (step === STEP.info) {
    req('provisioningId', f.provisioningId);
    req('name', f.name);
    if (f.name.includes('%')) p.name = { key: 'validation.noPercent' };
    else if (f.name.trim().length > 255) p.name = { key: 'validation.tooLong', values: { max: 255 } };
    req('externalId', f.externalId);
    if (f.externalId.trim().length > 255) p.externalId = { key: 'validation.tooLong', values: { max: 255 } };
    req('country', f.country);
  }
  if (step === STEP.packages) {
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
  if (step === STEP.headquarters) {
    Object.assign(p, checkAddressForm(f.address, f.country));
    if (needsCallingLocation(f)) {
      req('locationName', f.locationName);
      req('timezone', f.timezone);
      req('locationLanguage', f.locationLanguage);
    }
    // Seed 003: the supported-location confirmation is on the headquarters screen.
    if (!f.verified) p.verified = { key: 'customerForm.verifyRequired' };
  }
  return p;
}
