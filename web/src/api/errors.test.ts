import { describe, expect, it } from 'vitest';
import { CUSTOMER_RULES } from '../lib/customerForm';
import { USER_RULES } from '../lib/userRows';
import { assignErrors } from './errors';

/** The API's real descriptions land next to the right field of the portal's forms. */
describe('assignErrors', () => {
  const place = (errorCode: number, description: string, rules = CUSTOMER_RULES) => {
    const { byField, rest } = assignErrors([{ errorCode, description }], rules);
    return rest.length ? null : Object.keys(byField)[0];
  };

  it('matches the longest request path named in the description', () => {
    expect(place(6009, 'provisioningParameters.calling.location.address.city is longer than 50 characters.')).toBe('city');
    expect(place(6009, 'address.addressLine1 is longer than 50 characters.')).toBe('addressLine1');
    expect(place(6004, 'customerInfo.primaryEmail "x" is not a valid email address.')).toBe('primaryEmail');
    expect(place(6011, 'provisioningParameters.calling.location.timezone "Mars/Base" is not a supported IANA time zone.')).toBe('timezone');
    expect(place(1001, 'Mandatory parameter customerInfo.name is missing.')).toBe('name');
  });

  it('uses codes that belong to one field', () => {
    expect(place(6002, 'A customer with externalId "acme" already exists.')).toBe('externalId');
    expect(place(6001, 'No onboarding template has provisioningId "x".')).toBe('provisioningId');
  });

  it('puts a quantity error on its package, not on a package whose name it contains', () => {
    expect(place(6020, 'The quantity for webex_calling_standard must be a positive whole number (got 0).')).toBe('quantity.webex_calling_standard');
    expect(place(6026, 'The quantity for webex_calling (500) is above the allowed maximum of 100.')).toBe('quantity.webex_calling');
    expect(place(6022, 'A customer cannot mix limited and unlimited packages: enter a quantity for webex_meetings.')).toBe('quantityOn');
  });

  it('places subscriber errors on the row\'s fields', () => {
    expect(place(5020, 'Calling packages need provisioningParameters.primaryPhoneNumber, extension or both.', USER_RULES)).toBe('phoneNumber');
    expect(place(5024, 'Extension 2001 is already used in this customer.', USER_RULES)).toBe('extension');
    expect(place(10022, 'The email is already associated with an existing user.', USER_RULES)).toBe('email');
    expect(place(5030, 'The quantity limit of webex_calling (2) is reached.', USER_RULES)).toBe('pkg');
  });

  it('leaves what no field claims for the form-level message', () => {
    expect(place(6017, 'The customer is provisioning; try again when it has finished.')).toBeNull();
  });
});
