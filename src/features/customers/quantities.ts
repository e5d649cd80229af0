import { CUSTOMER_PACKAGES, QUANTITY_PACKAGES, type CustomerPackage } from '../../domain/packages.ts';
import { ApiError, ErrorCodes, Problems } from '../../http/errors.ts';

/**
 * Package quantity rules of seed 004 ("Limitations d'attribution de quantité de colis"):
 * limits are positive integers, only for user- or workspace-assignable packages; a customer is
 * limited for all its packages or for none; unlimited stays unlimited and limited stays limited;
 * a limit can be raised, never lowered; never above the partner's maximum; never while migrating.
 */
export interface QuantityContext {
  packages: readonly string[];
  /** `provisioningParameters.packages.limits` as sent (undefined when absent). */
  requested: Record<string, number | null> | null | undefined;
  /** The customer's current limits on update: null = unlimited; undefined on create. */
  current?: Record<string, number> | null;
  partnerMax: number | null;
  migrating: boolean;
}

const isKnown = (p: string): p is CustomerPackage => (CUSTOMER_PACKAGES as readonly string[]).includes(p);

/** The limits to store (null = unlimited). Throws ApiError for any broken rule. */
export function resolveLimits(ctx: QuantityContext): Record<string, number> | null {
  const { requested, current } = ctx;
  const isUpdate = current !== undefined;
  const sent = requested !== undefined;

  if (sent && ctx.migrating) {
    throw ApiError.one(409, ErrorCodes.QUANTITY_WHILE_MIGRATING,
      'Package quantities cannot be set while the customer is migrating (Webex for BroadWorks and Wholesale packages).');
  }
  // Explicitly clearing limits is "becoming unlimited".
  const clearsAll = requested === null || (requested !== undefined && Object.keys(requested).length === 0 && isUpdate);
  const clearsSome = requested ? Object.values(requested).some((v) => v === null) : false;
  if (isUpdate && current && (clearsAll || clearsSome)) {
    throw ApiError.one(409, ErrorCodes.QUANTITY_CANNOT_BECOME_UNLIMITED,
      'A customer with package quantities cannot become unlimited.');
  }

  const p = new Problems();
  const given: Record<string, number> = {};
  for (const [name, value] of Object.entries(requested ?? {})) {
    if (!isKnown(name) || !QUANTITY_PACKAGES.has(name)) {
      p.add(ErrorCodes.QUANTITY_NOT_ASSIGNABLE,
        `A quantity cannot be set for "${name}": quantities apply only to packages and add-ons assignable to a user or workspace.`);
      continue;
    }
    if (value === null) continue;
    if (!Number.isInteger(value) || value < 1) {
      p.add(ErrorCodes.INVALID_QUANTITY, `The quantity for ${name} must be a positive whole number (got ${value}).`);
      continue;
    }
    if (ctx.partnerMax !== null && value > ctx.partnerMax) {
      p.add(ErrorCodes.QUANTITY_ABOVE_MAXIMUM, `The quantity for ${name} (${value}) is above the allowed maximum of ${ctx.partnerMax}.`);
      continue;
    }
    given[name] = value;
  }
  p.throwIfAny();

  const wantsLimits = Object.keys(given).length > 0;
  if (isUpdate && current === null) {
    if (wantsLimits) {
      throw ApiError.one(409, ErrorCodes.QUANTITY_CANNOT_BECOME_LIMITED,
        'A customer created without package quantities cannot be given quantities.');
    }
    return null;
  }
  if (!isUpdate && !wantsLimits) return null;

  if (isUpdate && current) {
    for (const [name, value] of Object.entries(given)) {
      const before = current[name];
      if (before !== undefined && value < before) {
        throw ApiError.one(409, ErrorCodes.QUANTITY_LOWERED,
          `The quantity for ${name} can only be raised: enter a number of at least ${before}.`);
      }
    }
  }
  const limits = { ...(current ?? {}), ...given };
  const missing = ctx.packages.filter((name) => QUANTITY_PACKAGES.has(name as CustomerPackage) && limits[name] === undefined);
  if (missing.length > 0) {
    throw ApiError.one(400, ErrorCodes.QUANTITY_MIXED,
      `A customer cannot mix limited and unlimited packages: enter a quantity for ${missing.join(', ')}.`);
  }
  return limits;
}
