import { z } from 'zod';
import { SUBSCRIBER_PACKAGES } from '../../domain/packages.ts';
import { ErrorItemSchema } from '../../http/common-schemas.ts';

/** Wire shapes of the Wholesale Subscriber API (reference `Subscriber`, facts §2.8–§2.11). */
const str = z.string().max(1000);

export const SubscriberPackageSchema = z.enum(SUBSCRIBER_PACKAGES).meta({ id: 'WholesalePackagesSubscriber' });
/** The deprecated single `package` field has only the first six values. */
export const LEGACY_PACKAGES = ['webex_calling', 'webex_meetings', 'webex_suite', 'webex_voice', 'cx_essentials', 'webex_calling_standard'] as const;
const LegacyPackageSchema = z.enum(LEGACY_PACKAGES);

const NumberParams = {
  primaryPhoneNumber: str.optional().describe('E.164 number from the location\'s inventory.'),
  extension: str.optional().describe('2-10 digits, unique within the customer.'),
  locationId: str.optional().describe('A location of the customer; required when it has several.'),
};

export const ProvisionSubscriberSchema = z
  .object({
    customerId: str.describe('The wholesale customer id.'),
    email: str.describe('The subscriber email; unique across the platform.'),
    package: LegacyPackageSchema.optional().describe('Deprecated: use packages.'),
    packages: z.array(SubscriberPackageSchema).optional().describe('Exactly one package.'),
    provisioningParameters: z.object({
      firstName: str.optional(),
      lastName: str.optional(),
      ...NumberParams,
    }),
  })
  .meta({ id: 'SubscriberProvisioningRequest' });
export type ProvisionSubscriberInput = z.infer<typeof ProvisionSubscriberSchema>;

export const UpdateSubscriberSchema = z
  .object({
    package: LegacyPackageSchema.optional(),
    packages: z.array(SubscriberPackageSchema).optional(),
    provisioningParameters: z.object(NumberParams).optional().describe('Needed when moving from a non-calling to a calling package.'),
  })
  .meta({ id: 'SubscriberUpdateRequest' });
export type UpdateSubscriberInput = z.infer<typeof UpdateSubscriberSchema>;

export const PrecheckSubscriberSchema = z
  .object({
    email: str,
    provisioningId: str.optional(),
    customerId: str.optional(),
    package: LegacyPackageSchema.optional(),
    packages: z.array(SubscriberPackageSchema).optional(),
    provisioningParameters: z.object({ firstName: str.optional(), lastName: str.optional(), ...NumberParams }).optional(),
    customerInfo: z.object({ primaryEmail: str }).optional(),
  })
  .meta({ id: 'SubscriberProvisioningPrecheckRequest' });
export type PrecheckSubscriberInput = z.infer<typeof PrecheckSubscriberSchema>;

export const SubscriberSchema = z
  .object({
    id: z.string(),
    personId: z.string().optional(),
    email: z.string(),
    customerId: z.string(),
    externalCustomerId: z.string(),
    package: LegacyPackageSchema.optional(),
    packages: z.array(SubscriberPackageSchema),
    status: z.enum(['provisioned', 'pending_user_migration']),
    errors: z.array(ErrorItemSchema).optional(),
    created: z.string(),
    lastStatusChange: z.string(),
  })
  .meta({ id: 'Subscriber' });
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const SubscriberListSchema = z.object({ items: z.array(SubscriberSchema) }).meta({ id: 'SubscriberListResponse' });

export const ListSubscribersQuery = z.object({
  customerId: z.string().optional(),
  personId: z.string().optional(),
  externalCustomerId: z.string().optional(),
  email: z.string().optional(),
  status: z.string().optional(),
  after: z.string().optional().describe('Created after this time: epoch milliseconds or ISO 8601.'),
  lastStatusChange: z.string().optional().describe('Status changed after this time: epoch milliseconds or ISO 8601.'),
  sortBy: z.enum(['created', 'lastStatusChange']).optional(),
  sortOrder: z.enum(['ASC', 'DESC', 'asc', 'desc']).optional(),
  onBehalfOfSubPartnerOrgId: z.string().optional(),
  offset: z.string().regex(/^\d{1,9}$/, 'offset must be a non-negative integer').optional(),
  max: z.string().regex(/^\d{1,3}$/).refine((v) => Number(v) >= 1 && Number(v) <= 100, 'max must be an integer from 1 to 100').optional(),
});
export type ListSubscribersQuery = z.infer<typeof ListSubscribersQuery>;
