import { afterAll, beforeAll, expect, it } from 'vitest';
import { expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, customerIdOf, waitForCustomer } from './helpers/fixtures.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';

/**
 * The README's curl journey, step by step: template, customer with webex_calling limited to 2,
 * two numbers, two subscribers (the first is admin), the third refused, one deleted, the third
 * provisioned — and the mail arrives at an SMTP sink in the template's language.
 */
let sink: SmtpSink;
let t: TestApp;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: sink.url });
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

it('runs the README journey end to end', async () => {
  const { token } = await createPartner(t);
  const addr = { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' };
  const tpl = await t.call('POST', '/v1/wholesale/templates', { token, body: { name: 'SMB', serviceProviderAdminEmail: 'sp@telcox.example', country: 'US', defaultEmailLanguage: 'fr_FR', wholesaleSubscriptionId: 'Sub1', emailSettings: { brandName: 'TelcoX' } } });
  const created = await t.call('POST', '/v1/wholesale/customers', { token, body: {
    provisioningId: tpl.body.provisioningId, packages: ['webex_calling'], externalId: 'acme-1', address: addr,
    customerInfo: { name: 'Acme', primaryEmail: 'boss@acme.example' },
    provisioningParameters: { calling: { location: { name: 'HQ', address: addr, timezone: 'America/Los_Angeles', language: 'en_US' } }, packages: { limits: { webex_calling: 2 } } },
  } });
  const cid = customerIdOf(created.body.url);
  const customer = await waitForCustomer(t, token, cid);
  expect(customer.body.status).toBe('provisioned');
  const org = customer.body.orgId;
  const loc = (await t.call('GET', `/v1/locations?orgId=${org}`, { token })).body.items[0].id;
  const nums = ['+14085550101', '+14085550102'];
  expect((await t.call('POST', `/v1/telephony/config/locations/${loc}/numbers?orgId=${org}`, { token, body: { phoneNumbers: nums } })).status).toBe(201);
  const sub = (email: string, firstName: string, params: Record<string, string>) =>
    t.call('POST', '/v1/wholesale/subscribers', { token, body: { customerId: cid, email, packages: ['webex_calling'], provisioningParameters: { firstName, lastName: 'Doe', ...params } } });
  const ann = await sub('ann@acme.example', 'Ann', { primaryPhoneNumber: nums[0]! });
  const bob = await sub('bob@acme.example', 'Bob', { primaryPhoneNumber: nums[1]! });
  expect([ann.status, bob.status]).toEqual([200, 200]);
  const people = (await t.call('GET', `/v1/people?orgId=${org}`, { token })).body.items;
  expect(people.map((p: { emails: string[]; roles: string[] }) => [p.emails[0], p.roles])).toEqual([['ann@acme.example', ['full_admin']], ['bob@acme.example', []]]);
  expectWebexError(await sub('cy@acme.example', 'Cy', { extension: '2001' }), 409, 5030);
  expect((await t.call('DELETE', `/v1/wholesale/subscribers/${bob.body.id}`, { token })).status).toBe(204);
  expect((await sub('cy@acme.example', 'Cy', { extension: '2001' })).status).toBe(200);
  expect((await waitForCustomer(t, token, cid)).body.resourceDetails.packages[0].quantity).toEqual({ limit: 2, assigned: 2 });

  // Mail, in French, under the brand: invitations for the admins, welcomes for the users.
  const expected: Array<[string, RegExp]> = [
    ['boss@acme.example', /^Invitation à administrer Acme sur TelcoX$/],
    ['ann@acme.example', /^Invitation à administrer Acme sur TelcoX$/],
    ['bob@acme.example', /^Bienvenue sur TelcoX$/],
    ['cy@acme.example', /^Bienvenue sur TelcoX$/],
  ];
  for (const [to, subject] of expected) {
    await sink.waitFor((m) => m.envelopeTo.includes(to) && subject.test(m.subject));
    await sink.waitFor((m) => m.envelopeTo.includes(to) && m.fromName === 'RedSky E911 Notifications');
  }
  expect(sink.messages.filter((m) => m.subject.startsWith('Bienvenue') && ['boss@acme.example', 'ann@acme.example'].some((a) => m.envelopeTo.includes(a)))).toEqual([]);
});
