import { PACKAGE_SKUS, type CustomerPackage } from '../../domain/packages.ts';
import { encodeId, encodeLicenseId, encodeProvisioningId } from '../../http/ids.ts';
import type { Address, Customer } from './schemas.ts';
import type { CustomerAggregate } from './store.ts';

/** Packages in the order the partner listed them; ones being removed come last. */
function inRequestOrder<T extends { name: string }>(rows: T[], order: string[]): T[] {
  const rank = (name: string) => {
    const i = order.indexOf(name);
    return i === -1 ? order.length : i;
  };
  return [...rows].sort((a, b) => rank(a.name) - rank(b.name));
}

/** A customer aggregate in the wire shape of the reference `Customer` schema (plus extensions). */
export function presentCustomer(agg: CustomerAggregate): Customer {
  const c = agg.customer;
  const info = c.customerInfo ?? undefined;
  return {
    id: encodeId('ENTERPRISE', c.id),
    ...(c.orgReady ? { orgId: encodeId('ORGANIZATION', c.orgId) } : {}),
    externalId: c.externalId,
    address: c.address as Address,
    status: c.status,
    packages: c.packages as CustomerPackage[],
    resourceDetails: {
      packages: inRequestOrder(agg.packages, c.packages).map((p) => {
        const ids = agg.licenses?.get(p.name);
        return {
          name: p.name as CustomerPackage,
          status: p.status,
          ...(p.warnings.length ? { warnings: p.warnings } : {}),
          ...(p.errors.length ? { errors: p.errors } : {}),
          ...(agg.licenses && p.status === 'provisioned'
            ? { licenseIds: (ids ?? []).map((id) => encodeLicenseId(c.orgId, PACKAGE_SKUS[p.name as CustomerPackage], id)) }
            : {}),
          quantity: { limit: p.quantityLimit, assigned: p.assigned },
        };
      }),
    },
    ...(c.errors.length ? { errors: c.errors } : {}),
    ...(info ? { customerInfo: info } : {}),
    ...(agg.provisioningId ? { provisioningId: encodeProvisioningId(agg.provisioningId) } : {}),
    ...(c.billingStartDate ? { billingStartDate: c.billingStartDate } : {}),
    ...(c.subPartnerAdminEmail ? { subPartnerAdminEmail: c.subPartnerAdminEmail } : {}),
    ...(agg.sipDomain ? { sipDomain: agg.sipDomain } : {}),
    ...(agg.meetingsSiteUrl ? { meetingsSiteUrl: agg.meetingsSiteUrl } : {}),
    ...(c.attached ? {
      attachment: {
        partnerRights: c.partnerRights,
        apiOnly: c.apiOnly,
        ...(agg.approval ? {
          approval: {
            status: agg.approval.status,
            reasons: agg.approval.reasons,
            requested: agg.approval.requested.toISOString(),
            expires: agg.approval.expires.toISOString(),
            ...(agg.approval.decided ? { decided: agg.approval.decided.toISOString() } : {}),
          },
        } : {}),
      },
    } : {}),
    created: c.created.toISOString(),
    lastStatusChange: c.lastStatusChange.toISOString(),
  };
}
