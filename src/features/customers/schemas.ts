import { z } from 'zod';
import { CUSTOMER_PACKAGES } from '../../domain/packages.ts';
import { ErrorItemSchema } from '../../http/common-schemas.ts';
import { pageQuery } from '../../http/pagination.ts';

/**
 * Wire shapes of the Wholesale Customer API, following
 * reference/webex-wholesale-provisioning.openapi.yml. Structural checks live here; the rules
 * with their own error codes (lengths, countries, quantities…) are in validation.ts.
 */
const str = z.string().max(1000);

export const AddressSchema = z
  .object({
    addressLine1: str.describe('Address line 1 (at most 50 characters).'),
    addressLine2: str.optional().describe('Address line 2 (at most 50 characters).'),
    city: str.describe("Customer's city."),
    stateOrProvince: str.optional().describe('State or province; required in some countries (see README).'),
    zipOrPostalCode: str.optional().describe('Postal/Zip code; required in some countries (see README).'),
    country: str.describe('ISO 3166-1 alpha-2 country code.'),
  })
  .meta({ id: 'Address' });
export type Address = z.infer<typeof AddressSchema>;

export const PackageNameSchema = z.enum(CUSTOMER_PACKAGES).meta({ id: 'WholesalePackagesCustomer' });

const LocationSchema = z.object({
  name: str.describe('Name of the wholesale customer office.'),
  address: AddressSchema,
  timezone: str.describe('IANA time zone, e.g. America/Los_Angeles.'),
  language: str.describe('Locale for generated emails and voice announcements, e.g. en_us.'),
  emergencyLocationIdentifier: str.optional().describe('SIP header value for emergency calls from this location.'),
});

export const ProvisioningParametersSchema = z.object({
  calling: z
    .object({ location: LocationSchema })
    .optional()
    .describe('Mandatory when provisioning calling packages.'),
  meetings: z.object({ timezone: str.optional() }).optional(),
  packages: z
    .object({
      limits: z
        .record(z.string(), z.number().nullable())
        .nullable()
        .optional()
        .describe('Packages followed by their respective limits (positive integers).'),
    })
    .optional(),
});
export type ProvisioningParameters = z.infer<typeof ProvisioningParametersSchema>;

export const CustomerInfoSchema = z.object({
  name: str.describe('The name of the Wholesale customer. Name cannot include the "%" character.'),
  primaryEmail: str.describe('The primary email address of the customer.'),
  language: str.optional().describe('{ISO-639-1}_{ISO-3166} or {ISO-639-1} locale.'),
});

const common = {
  packages: z.array(PackageNameSchema).min(1).describe('The complete list of Webex Wholesale packages to be assigned to the customer.'),
  externalId: z.string().trim().min(1).max(255).describe('External ID of the Wholesale customer.'),
  address: AddressSchema,
  provisioningParameters: ProvisioningParametersSchema.optional(),
  subPartnerAdminEmail: str.optional().describe('The email of the sub partner organization admin.'),
};

export const CreateCustomerSchema = z
  .object({
    provisioningId: str.describe('The Provisioning ID of an onboarding template.'),
    orgId: str.optional().describe('The organization ID of the enterprise. Mandatory for existing customers.'),
    customerInfo: CustomerInfoSchema.optional().describe('Mandatory for new customer. Optional if Organization ID is provided.'),
    billingStartDate: str
      .optional()
      .describe('YYYY-MM-DD, today to 90 days ahead; only with enable_wholesale_delayed_billing.'),
    ...common,
  })
  .meta({ id: 'CustomerProvisioningRequest' });
export type CreateCustomerInput = z.infer<typeof CreateCustomerSchema>;

export const UpdateCustomerSchema = z
  .object({
    ...common,
    externalId: common.externalId.optional(),
    address: AddressSchema.optional(),
  })
  .meta({ id: 'CustomerUpdateRequest' });
export type UpdateCustomerInput = z.infer<typeof UpdateCustomerSchema>;

export const PrecheckCustomerSchema = z
  .object({
    provisioningId: str.optional(),
    packages: z.array(PackageNameSchema).optional(),
    orgId: str.optional(),
    externalId: str.optional(),
    address: AddressSchema,
    customerInfo: z
      .object({ name: str.optional(), primaryEmail: str, language: str.optional() })
      .optional(),
    provisioningParameters: ProvisioningParametersSchema.optional(),
    billingStartDate: str.optional(),
    subPartnerAdminEmail: str.optional(),
  })
  .meta({ id: 'CustomerProvisioningPrecheckRequest' });
export type PrecheckCustomerInput = z.infer<typeof PrecheckCustomerSchema>;

export const PackageDetailSchema = z
  .object({
    name: PackageNameSchema,
    status: z.enum(['provisioned', 'provisioning', 'deleting', 'error']),
    warnings: z.array(ErrorItemSchema).optional(),
    errors: z.array(ErrorItemSchema).optional(),
    licenseIds: z.array(z.string()).optional().describe('Only with includePackageLicenseInfo=true.'),
    quantity: z
      .object({ limit: z.number().int().nullable(), assigned: z.number().int() })
      .describe('Extension: quantity limit (null when unlimited) and units assigned.'),
  })
  .meta({ id: 'Package' });

export const CUSTOMER_STATUSES = [
  'provisioned',
  'provisioned_with_errors',
  'provisioning',
  'updating',
  'deleting',
  'error',
  'pending_rpl_review',
  // Extension (seed 003): attaching to an existing organization waits for its administrator.
  'pending_approval',
] as const;

export const CustomerSchema = z
  .object({
    id: z.string().describe('Use as customerId in the Wholesale Customers and Subscribers APIs.'),
    orgId: z.string().optional().describe('Present once the customer is provisioned.'),
    externalId: z.string(),
    address: AddressSchema,
    status: z.enum(CUSTOMER_STATUSES),
    packages: z.array(PackageNameSchema),
    resourceDetails: z.object({ packages: z.array(PackageDetailSchema) }),
    errors: z.array(ErrorItemSchema).optional(),
    customerInfo: CustomerInfoSchema.partial().optional(),
    provisioningId: z.string().optional(),
    billingStartDate: z.string().optional(),
    subPartnerAdminEmail: z.string().optional(),
    sipDomain: z.string().optional().describe('Extension: the SIP domain set automatically during provisioning.'),
    meetingsSiteUrl: z.string().optional().describe('Extension: the Meetings site, for packages with meetings.'),
    attachment: z.object({
      partnerRights: z.enum(['full_admin', 'provisioning_admin']).describe('provisioning_admin: limited visibility of the org\'s existing users.'),
      apiOnly: z.boolean().describe('The partner\'s own customer org: provisioned through the API only (Partner Hub shows it read-only).'),
      approval: z.object({
        status: z.enum(['pending', 'approved', 'rejected', 'expired']),
        reasons: z.array(z.string()),
        requested: z.string(),
        expires: z.string(),
        decided: z.string().optional(),
      }).optional(),
    }).optional().describe('Extension: present when the customer was attached to an existing organization (seed 003).'),
    created: z.string(),
    lastStatusChange: z.string(),
  })
  .meta({ id: 'Customer' });
export type Customer = z.infer<typeof CustomerSchema>;

export const CustomerListSchema = z.object({ items: z.array(CustomerSchema) }).meta({ id: 'CustomerListResponse' });

export const ResourceUrlSchema = z.object({ url: z.string() }).meta({ id: 'ResourceURL' });

export const PrecheckResponseSchema = z
  .object({
    message: z.string(),
    info: z.array(z.object({ infoCode: z.number(), description: z.string() })),
  })
  .meta({ id: 'CustomerProvisioningPrecheckResponse' });

/** `status` may be repeated (?status=a&status=b) or comma-joined (?status=a,b) — wxc_sdk does the latter. */
export const ListCustomersQuery = z.object({
  externalId: z.string().optional(),
  search: z.string().max(200).optional().describe('Extension: part of the customer name or external ID (case-insensitive).'),
  orgId: z.string().optional(),
  status: z.union([z.string(), z.array(z.string())]).optional(),
  onBehalfOfSubPartnerOrgId: z.string().optional(),
  ...pageQuery,
});

export const GetCustomerQuery = z.object({
  onBehalfOfSubPartnerOrgId: z.string().optional(),
  includePackageLicenseInfo: z.enum(['true', 'false']).optional(),
});
