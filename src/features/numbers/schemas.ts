import { z } from 'zod';
import { pageQuery } from '../../http/pagination.ts';

/** A Webex-compatible subset of the telephony Numbers API, on a customer organization by `orgId`. */

export const OrgQuery = z.object({
  orgId: z.string().describe('The customer organization (the `orgId` shown on the provisioned customer).'),
});

export const LocationIdParam = z.object({ locationId: z.string().describe('A location of the organization.') });

export const AddNumbersSchema = z
  .object({
    phoneNumbers: z
      .array(z.string().max(1000))
      .min(1)
      .max(100)
      .describe('1-100 E.164 numbers (+ and 7-15 digits) new to the platform; all are added or none.'),
  })
  .meta({ id: 'AddPhoneNumbersRequest' });
export type AddNumbersInput = z.infer<typeof AddNumbersSchema>;

export const AddedNumbersSchema = z
  .object({
    phoneNumbers: z.array(z.object({ phoneNumber: z.string(), state: z.literal('ACTIVE') })),
  })
  .meta({ id: 'AddPhoneNumbersResponse' });
export type AddedNumbers = z.infer<typeof AddedNumbersSchema>;

export const ListNumbersQuery = OrgQuery.extend({
  locationId: z.string().optional().describe('Only the numbers of this location.'),
  available: z.enum(['true', 'false']).optional().describe('true: only unassigned numbers; false: only assigned ones.'),
  ...pageQuery,
});
export type ListNumbersFilter = z.infer<typeof ListNumbersQuery>;

export const PhoneNumberSchema = z
  .object({
    phoneNumber: z.string(),
    state: z.literal('ACTIVE'),
    location: z.object({ id: z.string(), name: z.string() }),
    owner: z
      .object({ id: z.string(), firstName: z.string().optional(), lastName: z.string().optional() })
      .optional()
      .describe('The person the number is assigned to; absent when it is available.'),
    available: z.boolean().describe('Not assigned to anyone.'),
  })
  .meta({ id: 'PhoneNumber' });
export type PhoneNumber = z.infer<typeof PhoneNumberSchema>;

export const PhoneNumberListSchema = z.object({ phoneNumbers: z.array(PhoneNumberSchema) }).meta({ id: 'PhoneNumberList' });
