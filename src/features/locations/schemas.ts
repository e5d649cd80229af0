import { z } from 'zod';
import { pageQuery } from '../../http/pagination.ts';
import { AddressSchema } from '../customers/schemas.ts';

/**
 * A Webex-compatible subset of the Locations API, acting on a customer organization by `orgId`.
 * Field names follow the customer's calling location (`timezone`, `language`, `address`) so a
 * partner sends the same object here as in `provisioningParameters.calling.location`.
 * Structural checks only; the rules with their own codes are in service.ts.
 */
const str = z.string().max(1000);

export const OrgQuery = z.object({
  orgId: z.string().describe('The customer organization (the `orgId` shown on the provisioned customer).'),
});

export const ListLocationsQuery = OrgQuery.extend(pageQuery);

export const LocationIdParam = z.object({ locationId: z.string().describe('A unique identifier for the location.') });

export const LocationInputSchema = z
  .object({
    name: str.describe('Location name, unique within the organization (at most 255 characters).'),
    address: AddressSchema,
    timezone: str.describe('IANA time zone, e.g. America/Los_Angeles.'),
    language: str.describe('Locale for generated emails and voice announcements, e.g. en_us.'),
    emergencyLocationIdentifier: str
      .optional()
      .describe('SIP header value for emergency calls from this location (at most 100 characters). Omitted on PUT: cleared.'),
  })
  .meta({ id: 'LocationRequest' });
export type LocationInput = z.infer<typeof LocationInputSchema>;

export const E911Schema = z
  .object({
    provider: z.string().describe('The emergency-services provider (RedSky).'),
    status: z.string(),
    registered: z.string().describe('When the current address was registered.'),
  })
  .describe('Emergency-services registration; US and Canadian locations only, otherwise null.');

export const LocationSchema = z
  .object({
    id: z.string(),
    orgId: z.string(),
    name: z.string(),
    address: AddressSchema,
    timezone: z.string(),
    language: z.string(),
    emergencyLocationIdentifier: z.string().optional(),
    headquarters: z.boolean().describe('The calling location created when the customer was provisioned.'),
    e911: E911Schema.nullable(),
  })
  .meta({ id: 'Location' });
export type Location = z.infer<typeof LocationSchema>;

export const LocationListSchema = z.object({ items: z.array(LocationSchema) }).meta({ id: 'LocationList' });
