import { encodeId } from '../../http/ids.ts';
import { LEGACY_PACKAGES, type Subscriber } from './schemas.ts';
import type { SubscriberView } from './store.ts';

type Pkg = Subscriber['packages'][number];

/** A subscriber in the reference `Subscriber` shape: `package` (deprecated) and `packages` both filled. */
export function presentSubscriber(s: SubscriberView): Subscriber {
  const legacy = (LEGACY_PACKAGES as readonly string[]).includes(s.package);
  return {
    id: encodeId('SUBSCRIBER', s.id),
    ...(s.status === 'provisioned' ? { personId: encodeId('PEOPLE', s.personId) } : {}),
    email: s.email,
    customerId: encodeId('ENTERPRISE', s.customerId),
    externalCustomerId: s.externalCustomerId,
    ...(legacy ? { package: s.package as (typeof LEGACY_PACKAGES)[number] } : {}),
    packages: [s.package, ...s.addOns] as Pkg[],
    status: s.status,
    ...(s.errors.length ? { errors: s.errors } : {}),
    created: s.created.toISOString(),
    lastStatusChange: s.lastStatusChange.toISOString(),
  };
}
