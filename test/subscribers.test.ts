import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWebexError, PUBLIC_URL, startTestApp, type TestApp } from './helpers/app.ts';
import { customerBody, customerIdOf, waitForCustomer } from './helpers/fixtures.ts';
import { referenceErrors } from './helpers/reference.ts';
import { partnerWithTemplate, readyCustomer, subscriberBody, type ReadyCustomer } from './helpers/subscribers.ts';

/** POST/PUT/DELETE /v1/wholesale/subscribers: every rule of issue 3 §1 with its code. */
let t: TestApp;
let token: string;
let provisioningId: string;
let cust: ReadyCustomer;

beforeAll(async () => {
  t = await startTestApp();
  ({ token, provisioningId } = await partnerWithTemplate(t));
  cust = await readyCustomer(t, token, provisioningId, { numbers: 6 });
  // The first user (the full admin) holds the org's level: webex_calling.
  const admin = await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '1000' }));
  expect(admin.status, JSON.stringify(admin.body)).toBe(200);
});
afterAll(() => t.close());

const post = (body: unknown) => t.call('POST', '/v1/wholesale/subscribers', { token, body });
const put = (id: string, body: unknown) => t.call('PUT', `/v1/wholesale/subscribers/${id}`, { token, body });
const person = async (personId: string) => (await t.call('GET', `/v1/people/${personId}`, { token })).body;

describe('provisioning a subscriber', () => {
  it('answers 200 with the Subscriber (reference schema), a Location header and both package fields', async () => {
    const body = subscriberBody(cust.id);
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(referenceErrors('Subscriber', res.body)).toEqual([]);
    expect(res.body).toMatchObject({
      email: body.email,
      customerId: cust.id,
      externalCustomerId: cust.externalId,
      package: 'webex_meetings',
      packages: ['webex_meetings'],
      status: 'provisioned',
      personId: expect.any(String),
    });
    expect(Buffer.from(res.body.id, 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/SUBSCRIBER\//);
    expect(res.headers.location).toBe(`${PUBLIC_URL}/v1/wholesale/subscribers/${res.body.id}`);
    const got = await t.call('GET', `/v1/wholesale/subscribers/${res.body.id}`, { token });
    expect(got.body).toEqual(res.body);
    // The customer can be found from the subscriber, as the reference app does.
    expect((await t.call('GET', `/v1/wholesale/customers/${res.body.customerId}`, { token })).status).toBe(200);
  });

  it('packages newer than the deprecated enum fill only packages', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_suite', 'cx_premium_agent'], numbers: 1 });
    await post(subscriberBody(c.id, { packages: ['webex_suite'] }, { extension: '2000' }));
    const res = await post(subscriberBody(c.id, { packages: ['cx_premium_agent'] }));
    expect(res.status).toBe(200);
    expect(res.body.package).toBeUndefined();
    expect(res.body.packages).toEqual(['cx_premium_agent']);
    expect(referenceErrors('Subscriber', res.body)).toEqual([]);
  });

  it('takes the deprecated single package field', async () => {
    const { packages: _p, ...rest } = subscriberBody(cust.id);
    const res = await post({ ...rest, package: 'webex_meetings' });
    expect(res.status).toBe(200);
    expect(res.body.packages).toEqual(['webex_meetings']);
  });

  it.each([
    [{ package: 'webex_meetings', packages: ['webex_meetings'] }, 400, 5001],
    [{ packages: ['webex_meetings', 'webex_calling'] }, 400, 5002],
    [{ packages: [] }, 400, 5002],
    [{ packages: undefined }, 400, 1001],
    [{ packages: ['common_area_calling'] }, 400, 1003],
    [{ email: 'not-an-email' }, 400, 6004],
  ])('%o → %i %i', async (over, status, code) => {
    expectWebexError(await post(subscriberBody(cust.id, over)), status, code);
  });

  it('firstName and lastName are required for a new user (400 5050)', async () => {
    const body = subscriberBody(cust.id);
    expectWebexError(await post({ ...body, provisioningParameters: { firstName: 'Only' } }), 400, 5050);
  });

  it('an email that belongs to another user → 409 10022 with the reference description', async () => {
    const body = subscriberBody(cust.id);
    expect((await post(body)).status).toBe(200);
    const again = await post({ ...subscriberBody(cust.id), email: body.email.toUpperCase() });
    expectWebexError(again, 409, 10022);
    expect(again.body.errors[0].description).toBe('The email is already associated with an existing user.');
    const other = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'], numbers: 1 });
    expectWebexError(await post({ ...subscriberBody(other.id), email: body.email }), 409, 10022);
  });

  it('an unknown customer → 404; a customer still provisioning → 409 5010; a package the customer lacks → 409 5011', async () => {
    const unknown = Buffer.from('ciscospark://us/ENTERPRISE/00000000-0000-4000-8000-000000000000').toString('base64url');
    expectWebexError(await post(subscriberBody(unknown)), 404);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_voice'] }, { extension: '3001' })), 409, 5011);
    const res = await t.call('POST', '/v1/wholesale/customers', { token, body: customerBody(provisioningId) });
    const id = customerIdOf(res.body.url);
    const early = await post(subscriberBody(id));
    if (early.status !== 200) expectWebexError(early, 409, 5010);
    await waitForCustomer(t, token, id);
  });
});

describe('calling packages: numbers, extensions, locations', () => {
  it('need a primaryPhoneNumber or an extension (400 5020); formats are checked', async () => {
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] })), 400, 5020);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: '4085551212' })), 400, 5021);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '7' })), 400, 5022);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '12345678901' })), 400, 5022);
    for (const code of ['911', '933', '112', '611', '1911']) {
      expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: code })), 400, 5023);
    }
  });

  it('assigns a number from the location\'s inventory and shows it on the person', async () => {
    const res = await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: cust.numbers[0], extension: '4001' }));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const p = await person(res.body.personId);
    expect(p).toMatchObject({ phoneNumbers: [{ type: 'work', value: cust.numbers[0] }], extension: '4001', locationId: cust.locationId });
    expect(p.licenses).toHaveLength(1);
    const list = await t.call('GET', `/v1/telephony/config/numbers?orgId=${cust.orgId}&available=false`, { token });
    expect(JSON.stringify(list.body)).toContain(cust.numbers[0]);
  });

  it('refuses a number outside the inventory (409 7012) or already assigned (409 7013)', async () => {
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: '+14089999999' })), 409, 7012);
    await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: cust.numbers[1] }));
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: cust.numbers[1] })), 409, 7013);
  });

  it('extensions are unique within the customer (409 5024) but free across customers', async () => {
    expect((await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '5005' }))).status).toBe(200);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '5005' })), 409, 5024);
    const other = await readyCustomer(t, token, provisioningId, { numbers: 1 });
    await post(subscriberBody(other.id, { packages: ['webex_calling'] }, { extension: '9000' }));
    expect((await post(subscriberBody(other.id, { packages: ['webex_calling'] }, { extension: '5005' }))).status).toBe(200);
  });

  it('locationId must be a location of the customer, and is required once it has several', async () => {
    const other = await readyCustomer(t, token, provisioningId, { numbers: 1 });
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '6001', locationId: other.locationId })), 400, 5025);
    expectWebexError(await post(subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '6002', locationId: 'bogus' })), 400, 5025);
    const second = await t.call('POST', `/v1/locations?orgId=${other.orgId}`, {
      token,
      body: { name: 'Branch', address: { addressLine1: '1 Main St', city: 'Austin', stateOrProvince: 'TX', zipOrPostalCode: '73301', country: 'US' }, timezone: 'America/Chicago', language: 'en_US' },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    await post(subscriberBody(other.id, { packages: ['webex_calling'] }, { extension: '9100' })).then((r) => expectWebexError(r, 400, 5026));
    const ok = await post(subscriberBody(other.id, { packages: ['webex_calling'] }, { extension: '9101', locationId: second.body.id }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await person(ok.body.personId)).locationId).toBe(second.body.id);
  });

  it('non-calling packages ignore number parameters', async () => {
    const res = await post(subscriberBody(cust.id, { packages: ['webex_meetings'] }, { primaryPhoneNumber: 'garbage', extension: '1' }));
    expect(res.status).toBe(200);
    expect((await person(res.body.personId)).phoneNumbers).toEqual([]);
  });
});

describe('administrators', () => {
  it('the first subscriber of a new organization becomes its full administrator; later ones do not', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'], numbers: 1 });
    const first = await post(subscriberBody(c.id));
    const second = await post(subscriberBody(c.id));
    expect((await person(first.body.personId)).roles).toEqual(['full_admin']);
    expect((await person(second.body.personId)).roles).toEqual([]);
    const list = await t.call('GET', `/v1/people?orgId=${c.orgId}`, { token });
    expect(list.body.items.map((p: { roles: string[] }) => p.roles)).toEqual([['full_admin'], []]);
  });

  it('the full admin must hold the organization\'s package level (409 5040) and cannot be downgraded (409 5041)', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_suite', 'webex_meetings'], numbers: 1 });
    expectWebexError(await post(subscriberBody(c.id, { packages: ['webex_meetings'] })), 409, 5040);
    const admin = await post(subscriberBody(c.id, { packages: ['webex_suite'] }, { extension: '1100' }));
    expect(admin.status).toBe(200);
    expectWebexError(await put(admin.body.id, { packages: ['webex_meetings'] }), 409, 5041);
    // Other users may hold any package.
    const user = await post(subscriberBody(c.id, { packages: ['webex_meetings'] }));
    expect(user.status).toBe(200);
  });
});

describe('updating and removing', () => {
  it('PUT changes the package; moving to calling needs a number or extension; leaving calling frees the number', async () => {
    const s = await post(subscriberBody(cust.id));
    expectWebexError(await put(s.body.id, { packages: ['webex_calling'] }), 400, 5020);
    const up = await put(s.body.id, { packages: ['webex_calling'], provisioningParameters: { primaryPhoneNumber: cust.numbers[2] } });
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect(up.body).toMatchObject({ package: 'webex_calling', packages: ['webex_calling'] });
    expect(referenceErrors('Subscriber', up.body)).toEqual([]);
    expect((await person(s.body.personId)).phoneNumbers[0].value).toBe(cust.numbers[2]);
    const down = await put(s.body.id, { package: 'webex_meetings' });
    expect(down.status).toBe(200);
    expect((await person(s.body.personId)).phoneNumbers).toEqual([]);
    expectWebexError(await put(s.body.id, { package: 'webex_meetings', packages: ['webex_meetings'] }), 400, 5001);
  });

  it('attendant_console is an add-on on webex_calling, webex_suite or cx_essentials (5012)', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_calling', 'webex_meetings', 'attendant_console'], numbers: 1 });
    const admin = await post(subscriberBody(c.id, { packages: ['webex_calling'] }, { extension: '1200' }));
    expectWebexError(await post(subscriberBody(c.id, { packages: ['attendant_console'] })), 400, 5012);
    const withAc = await put(admin.body.id, { packages: ['attendant_console'] });
    expect(withAc.status, JSON.stringify(withAc.body)).toBe(200);
    expect(withAc.body).toMatchObject({ package: 'webex_calling', packages: ['webex_calling', 'attendant_console'] });
    const meetings = await post(subscriberBody(c.id));
    expectWebexError(await put(meetings.body.id, { packages: ['attendant_console'] }), 409, 5012);
    const cust2 = await t.call('GET', `/v1/wholesale/customers/${c.id}`, { token });
    const ac = cust2.body.resourceDetails.packages.find((p: { name: string }) => p.name === 'attendant_console');
    expect(ac.quantity.assigned).toBe(1);
    // Naming only the base package again drops the add-on.
    const back = await put(admin.body.id, { packages: ['webex_calling'] });
    expect(back.body.packages).toEqual(['webex_calling']);
  });

  it('DELETE answers 204, the subscriber is gone and the email may be provisioned again', async () => {
    const body = subscriberBody(cust.id);
    const s = await post(body);
    const del = await t.call('DELETE', `/v1/wholesale/subscribers/${s.body.id}`, { token });
    expect(del.status).toBe(204);
    expectWebexError(await t.call('GET', `/v1/wholesale/subscribers/${s.body.id}`, { token }), 404);
    expectWebexError(await t.call('DELETE', `/v1/wholesale/subscribers/${s.body.id}`, { token }), 404);
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body.personId).toBe(s.body.personId);
  });
});

describe('POST /v1/wholesale/subscribers/validate', () => {
  it('answers info code 100 without writing, and the same errors as provisioning', async () => {
    const body = subscriberBody(cust.id);
    const res = await t.call('POST', '/v1/wholesale/subscribers/validate', { token, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'success', info: [{ infoCode: 100, description: 'Provisioning preCheck validation successful.' }] });
    expect((await t.call('GET', `/v1/wholesale/subscribers?email=${body.email}`, { token })).body.items).toEqual([]);
    expect((await t.call('POST', '/v1/wholesale/subscribers/validate', { token, body: { email: 'new.person@example.com' } })).status).toBe(200);
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers/validate', { token, body: { customerId: cust.id } }), 400, 1001);
    await post(body);
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers/validate', { token, body: { email: body.email } }), 409, 10022);
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers/validate', { token, body: subscriberBody(cust.id, { packages: ['webex_voice'] }, { extension: '7777' }) }), 409, 5011);
  });
});
