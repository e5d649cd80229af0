import type { Customer, CustomerPackage, Location, Schemas } from '../api/client';
import type { FieldRule } from '../api/errors';
import type { Problem } from './address';
import { CUSTOMER_RULES, orderPackages } from './customerForm';
import { dependenciesOf, isCalling, missingDependencies, takesQuantity } from './domain';

/**
 * Edit packages of an existing customer (PUT /v1/wholesale/customers/{id}: the package list is
 * a full replacement) with the quantity rules of seed 004, the same as the API's:
 * - a customer created with quantities stays limited: every assignable package it has needs a
 *   quantity, and a quantity can only be raised, never lowered below the current limit;
 * - a customer created without quantities stays unlimited: no quantity can be set;
 * - packages not assignable to a user or workspace (Cisco Calling Plan…) take none.
 */
export type QuantityMode = 'limited' | 'unlimited' | 'unknown';

/**
 * Limited when a package has a limit; unlimited when an assignable package has none. With no
 * assignable package at all the API does not show which it is ("unknown"): the form offers the
 * switch and the API decides (6023/6024 next to it).
 */
export function quantityMode(c: Customer): QuantityMode {
  const details = c.resourceDetails.packages;
  if (details.some((d) => d.quantity.limit !== null)) return 'limited';
  if (details.some((d) => takesQuantity(d.name))) return 'unlimited';
  return 'unknown';
}

/** The current limit of each package that has one. */
export function currentLimits(c: Customer): Partial<Record<CustomerPackage, number>> {
  const out: Partial<Record<CustomerPackage, number>> = {};
  for (const d of c.resourceDetails.packages) if (d.quantity.limit !== null) out[d.name] = d.quantity.limit;
  return out;
}

export type PackagesForm = {
  packages: CustomerPackage[];
  /** Quantities are sent (always for a limited customer; the switch when unknown). */
  quantityOn: boolean;
  quantities: Partial<Record<CustomerPackage, string>>;
  /** The HQ calling location, when calling is added to a customer that never had one. */
  locationName: string;
  timezone: string;
  locationLanguage: string;
};

export function packagesFormOf(c: Customer): PackagesForm {
  const limits = currentLimits(c);
  return {
    packages: orderPackages(c.packages),
    quantityOn: quantityMode(c) === 'limited',
    quantities: Object.fromEntries(Object.entries(limits).map(([p, n]) => [p, String(n)])),
    locationName: '',
    timezone: '',
    locationLanguage: '',
  };
}

export type PackagesContext = {
  mode: QuantityMode;
  limits: Partial<Record<CustomerPackage, number>>;
  /** Whether the chosen packages need the HQ calling location (see `needsCallingLocation`). */
  needsLocation: boolean;
};

/**
 * Calling added to a customer that has no headquarters location and never had calling: the
 * API then wants `provisioningParameters.calling.location` (6010), at the customer's address.
 */
export function needsCallingLocation(selected: readonly CustomerPackage[], c: Customer, locations: readonly Location[]): boolean {
  return selected.some(isCalling) && !c.packages.some(isCalling) && !locations.some((l) => l.headquarters);
}

export const sendsQuantities = (f: PackagesForm, mode: QuantityMode): boolean => mode === 'limited' || (mode === 'unknown' && f.quantityOn);

export function checkPackagesForm(f: PackagesForm, ctx: PackagesContext): Record<string, Problem> {
  const p: Record<string, Problem> = {};
  if (f.packages.length === 0) p.packages = { key: 'customerForm.choosePackage' };
  for (const [addOn] of missingDependencies(f.packages)) {
    p.packages = { key: 'customerForm.needsBase', values: { addOn, bases: dependenciesOf(addOn).join(', ') } };
  }
  if (sendsQuantities(f, ctx.mode)) {
    const assignable = f.packages.filter(takesQuantity);
    if (ctx.mode === 'unknown' && assignable.length === 0) p.quantityOn = { key: 'customerForm.quantityNoAssignable' };
    for (const pkg of assignable) {
      const v = (f.quantities[pkg] ?? '').trim();
      const limit = ctx.limits[pkg];
      if (!v) p[`quantity.${pkg}`] = { key: 'customerForm.quantityRequired' };
      else if (!/^[1-9]\d{0,8}$/.test(v)) p[`quantity.${pkg}`] = { key: 'customerForm.quantityWhole' };
      else if (limit !== undefined && Number(v) < limit) p[`quantity.${pkg}`] = { key: 'packagesForm.quantityLower', values: { limit } };
    }
  }
  if (ctx.needsLocation) {
    if (!f.locationName.trim()) p.locationName = { key: 'validation.required' };
    else if (f.locationName.trim().length > 255) p.locationName = { key: 'validation.tooLong', values: { max: 255 } };
    if (!f.timezone) p.timezone = { key: 'validation.required' };
    if (!f.locationLanguage) p.locationLanguage = { key: 'validation.required' };
  }
  return p;
}

export type UpdateCustomerInput = Schemas['CustomerUpdateRequest'];

/** The PUT body: the whole package list, the quantities of every assignable package when limited. */
export function toUpdateInput(f: PackagesForm, c: Customer, ctx: PackagesContext): UpdateCustomerInput {
  const packages = orderPackages(f.packages);
  const limits = sendsQuantities(f, ctx.mode)
    ? Object.fromEntries(packages.filter(takesQuantity).map((p) => [p, Number(f.quantities[p])]))
    : undefined;
  const calling = ctx.needsLocation
    ? { location: { name: f.locationName.trim(), address: c.address, timezone: f.timezone, language: f.locationLanguage } }
    : undefined;
  return {
    packages,
    ...(calling || limits ? { provisioningParameters: { ...(calling ? { calling } : {}), ...(limits ? { packages: { limits } } : {}) } } : {}),
  };
}

/** The create form's rules for the fields this form has (6017 "busy" and the rest go to the banner). */
const FIELDS = new Set(['packages', 'quantityOn', 'locationName', 'timezone', 'locationLanguage']);
export const PACKAGES_RULES: FieldRule[] = CUSTOMER_RULES.filter((r) => FIELDS.has(r.field) || r.field.startsWith('quantity.'));
