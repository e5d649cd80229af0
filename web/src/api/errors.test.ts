import { describe, expect, it } from 'vitest';
import { CUSTOMER_RULES } from '../lib/customerForm';
import { LOCATION_RULES } from '../lib/locationForm';
import { PACKAGES_RULES } from '../lib/packagesForm';
import { SETUP_ASSIST_RULES } from '../lib/setupAssist';
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

  it('places Edit packages errors on the quantity, the switch or the package list', () => {
    expect(place(6025, 'The quantity for webex_calling can only be raised: enter a number of at least 5.', PACKAGES_RULES)).toBe('quantity.webex_calling');
    expect(place(6023, 'A customer created without package quantities cannot be given quantities.', PACKAGES_RULES)).toBe('quantityOn');
    expect(place(6012, 'attendant_console needs one of webex_calling, webex_suite, cx_essentials.', PACKAGES_RULES)).toBe('packages');
    expect(place(6010, 'provisioningParameters.calling.location is mandatory when provisioning calling packages.', PACKAGES_RULES)).toBe('locationName');
    expect(place(6017, 'The customer is updating; try again when it has finished.', PACKAGES_RULES)).toBeNull();
  });

  it('places location errors by the request path, and 7001 on the name', () => {
    expect(place(7001, 'A location named "HQ" already exists in this organization.', LOCATION_RULES)).toBe('name');
    expect(place(1001, 'Mandatory parameter name is missing.', LOCATION_RULES)).toBe('name');
    expect(place(6008, 'address.zipOrPostalCode is required for addresses in DK.', LOCATION_RULES)).toBe('zipOrPostalCode');
    expect(place(6014, 'address.stateOrProvince "ZZ" is not a subdivision of US.', LOCATION_RULES)).toBe('stateOrProvince');
    expect(place(6006, 'address.country "XX" is not an ISO 3166-1 alpha-2 country code.', LOCATION_RULES)).toBe('country');
    expect(place(6011, 'timezone "Mars/Base" is not a supported IANA time zone.', LOCATION_RULES)).toBe('timezone');
    expect(place(1002, 'emergencyLocationIdentifier is longer than 100 characters.', LOCATION_RULES)).toBe('emergencyLocationIdentifier');
  });

  it('places Setup Assist errors on their fields', () => {
    expect(place(6004, 'contactEmail is not a valid email address.', SETUP_ASSIST_RULES)).toBe('contactEmail');
    expect(place(1003, 'preferredDate must be a date (YYYY-MM-DD), today or later.', SETUP_ASSIST_RULES)).toBe('preferredDate');
    expect(place(1002, 'Invalid parameter size for contactPhone: Too big: expected string to have <=40 characters', SETUP_ASSIST_RULES)).toBe('contactPhone');
    expect(place(4004, 'Customer not found.', SETUP_ASSIST_RULES)).toBe('customerId');
  });

  it('leaves what no field claims for the form-level message', () => {
    expect(place(6017, 'The customer is provisioning; try again when it has finished.')).toBeNull();
  });
});
