import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customers } from '../src/db/schema.ts';
import { decodeId, encodeId } from '../src/http/ids.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, provision, usAddress } from './helpers/fixtures.ts';

/** The Locations API subset: a partner manages the locations of a customer org by orgId. */
let t: TestApp;
let a: { token: string; partner: { id: string } };
let b: { token: string; partner: { id: string } };
let org: { customerId: string; orgId: string };
let otherOrg: { customerId: string; orgId: string };
let hqId: string;

async function calledCustomer(token: string) {
  const tpl = await createTemplate(t, token);
  const done = await provision(t, token, customerBody(tpl.provisioningId, { packages: ['webex_calling'] }));
  expect(done.body.status).toBe('provisioned');
  return { customerId: done.body.id as string, orgId: done.body.orgId as string };
}

const locationBody = (over: Record<string, unknown> = {}) => ({
  name: 'Branch',
  address: { addressLine1: '100 Main Street', city: 'Austin', stateOrProvince: 'TX', zipOrPostalCode: '73301', country: 'US' },
  timezone: 'America/Chicago',
  language: 'en_us',
  ...over,
});

const dkAddress = { addressLine1: 'Vesterbrogade 1', city: 'København', zipOrPostalCode: '1620', country: 'DK' };

const list = (orgId: string, token = a.token, q = '') => t.call('GET', `/v1/locations?orgId=${orgId}${q}`, { token });
const create = (orgId: string, body: unknown, token = a.token) => t.call('POST', `/v1/locations?orgId=${orgId}`, { token, body });
const get = (orgId: string, id: string, token = a.token) => t.call('GET', `/v1/locations/${id}?orgId=${orgId}`, { token });
const put = (orgId: string, id: string, body: unknown, token = a.token) => t.call('PUT', `/v1/locations/${id}?orgId=${orgId}`, { token, body });

beforeAll(async () => {
  t = await startTestApp();
  a = await createPartner(t);
  b = await createPartner(t);
  org = await calledCustomer(a.token);
  otherOrg = await calledCustomer(a.token);
  const res = await list(org.orgId);
  hqId = res.body.items[0].id;
});
afterAll(() => t.close());

describe('the headquarters location', () => {
  it('created by customer provisioning appears in the list, registered with emergency services', async () => {
    const res = await list(org.orgId);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const hq = res.body.items[0];
    expect(hq).toEqual({
      id: expect.any(String),
      orgId: org.orgId,
      name: 'Head Office',
      address: usAddress(),
      timezone: 'America/Los_Angeles',
      language: 'en_US',
      emergencyLocationIdentifier: '95547321',
      headquarters: true,
      e911: { provider: 'RedSky', status: 'registered', registered: expect.any(String) },
    });
    expect(decodeId('LOCATION', hq.id)).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(hq.e911.registered))).toBe(false);
    expect((await get(org.orgId, hq.id)).body).toEqual(hq);
  });
});

describe('creating locations', () => {
  it('answers 201 with a Location header; US and Canadian locations are registered with RedSky', async () => {
    const res = await create(org.orgId, locationBody({ name: '  Austin  ', emergencyLocationIdentifier: ' 12345 ' }));
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`http://wh.test/v1/locations/${res.body.id}?orgId=${org.orgId}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      orgId: org.orgId,
      name: 'Austin',
      address: locationBody().address,
      timezone: 'America/Chicago',
      language: 'en_US',
      emergencyLocationIdentifier: '12345',
      headquarters: false,
      e911: { provider: 'RedSky', status: 'registered', registered: expect.any(String) },
    });
    expect((await get(org.orgId, res.body.id)).body).toEqual(res.body);

    const ca = await create(org.orgId, locationBody({
      name: 'Toronto', timezone: 'America/Toronto', language: 'fr_ca',
      address: { addressLine1: '1 Yonge St', city: 'Toronto', stateOrProvince: 'ON', zipOrPostalCode: 'M5E 1E5', country: 'CA' },
    }));
    expect(ca.status).toBe(201);
    expect(ca.body.e911).toMatchObject({ provider: 'RedSky', status: 'registered' });
    expect(ca.body.language).toBe('fr_CA');
  });

  it('other countries have no emergency registration', async () => {
    const res = await create(org.orgId, locationBody({ name: 'Copenhagen', address: dkAddress, timezone: 'Europe/Copenhagen', language: 'da' }));
    expect(res.status).toBe(201);
    expect(res.body.e911).toBeNull();
    expect(res.body.emergencyLocationIdentifier).toBeUndefined();
    expect(res.body.address).toEqual(dkAddress);
  });

  it('validates like the customer calling location, reporting every problem with its code', async () => {
    const bad = (over: Record<string, unknown>) => create(org.orgId, locationBody({ name: 'Invalid', ...over }));
    expectWebexError(await bad({ name: '   ' }), 400, 1001);
    expectWebexError(await bad({ name: 'x'.repeat(256) }), 400, 1002);
    expectWebexError(await create(org.orgId, { address: locationBody().address, timezone: 'UTC', language: 'en' }), 400, 1001);
    expectWebexError(await bad({ address: { ...locationBody().address, country: 'XX' } }), 400, 6006);
    expectWebexError(await bad({ address: { ...locationBody().address, stateOrProvince: undefined } }), 400, 6007);
    expectWebexError(await bad({ address: { ...locationBody().address, zipOrPostalCode: undefined } }), 400, 6008);
    expectWebexError(await bad({ address: { ...locationBody().address, addressLine1: 'x'.repeat(51) } }), 400, 6009);
    expectWebexError(await bad({ address: { ...locationBody().address, stateOrProvince: 'ZZ' } }), 400, 6014);
    expectWebexError(await bad({ address: { ...locationBody().address, city: ' ' } }), 400, 1001);
    expectWebexError(await bad({ timezone: 'Mars/Olympus_Mons' }), 400, 6011);
    expectWebexError(await bad({ timezone: 'PST' }), 400, 6011);
    expectWebexError(await bad({ language: 'en-US' }), 400, 6005);
    expectWebexError(await bad({ emergencyLocationIdentifier: '9'.repeat(101) }), 400, 1002);
    expectWebexError(await bad({ timezone: 42 }), 400, 1003);

    const many = await bad({ timezone: 'Nowhere/Special', language: 'klingon', address: { ...locationBody().address, country: 'USA' } });
    expectWebexError(many, 400);
    expect(many.body.errors.map((e: { errorCode: number }) => e.errorCode).sort()).toEqual([6005, 6006, 6011]);
    expect((await list(org.orgId)).body.items.map((l: { name: string }) => l.name)).not.toContain('Invalid');
  });

  it('names are unique within the org (ignoring case), not across orgs', async () => {
    expect((await create(org.orgId, locationBody({ name: 'Dallas' }))).status).toBe(201);
    expectWebexError(await create(org.orgId, locationBody({ name: 'Dallas' })), 409, 7001);
    expectWebexError(await create(org.orgId, locationBody({ name: ' dallas ' })), 409, 7001);
    expectWebexError(await create(org.orgId, locationBody({ name: 'Head Office' })), 409, 7001);
    expect((await create(otherOrg.orgId, locationBody({ name: 'Dallas' }))).status).toBe(201);
  });

  it('concurrent creates with one name make one location', async () => {
    const results = await Promise.all([0, 1, 2, 3].map(() => create(org.orgId, locationBody({ name: 'Racy' }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const names = (await list(org.orgId)).body.items.map((l: { name: string }) => l.name);
    expect(names.filter((n: string) => n === 'Racy')).toHaveLength(1);
  });
});

describe('listing', () => {
  it('lists the org\'s locations by name with Link headers, and only that org\'s', async () => {
    const all = await list(org.orgId);
    const names = all.body.items.map((l: { name: string }) => l.name);
    expect(names).toEqual([...names].sort((x: string, y: string) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(names).toContain('Head Office');
    expect(all.body.items.every((l: { orgId: string }) => l.orgId === org.orgId)).toBe(true);
    expect(all.headers.link).toBe(`<http://wh.test/v1/locations?orgId=${org.orgId}&offset=0&max=100>; rel="first"`);

    const first = await list(org.orgId, a.token, '&max=2');
    expect(first.body.items.map((l: { name: string }) => l.name)).toEqual(names.slice(0, 2));
    expect(first.headers.link).toContain(`<http://wh.test/v1/locations?orgId=${org.orgId}&max=2&offset=2>; rel="next"`);
    const second = await list(org.orgId, a.token, '&max=2&offset=2');
    expect(second.body.items.map((l: { name: string }) => l.name)).toEqual(names.slice(2, 4));
    expect(second.headers.link).toContain('rel="prev"');
    expectWebexError(await list(org.orgId, a.token, '&max=0'), 400);
    expectWebexError(await list(org.orgId, a.token, '&offset=-1'), 400);

    const other = await list(otherOrg.orgId);
    expect(other.body.items.map((l: { name: string }) => l.name).sort()).toEqual(['Dallas', 'Head Office']);
  });
});

describe('updating a location', () => {
  it('replaces name, address, timezone, language and emergencyLocationIdentifier', async () => {
    const loc = (await create(org.orgId, locationBody({ name: 'Houston', emergencyLocationIdentifier: '777' }))).body;
    const res = await put(org.orgId, loc.id, locationBody({
      name: 'Houston North', timezone: 'America/New_York', language: 'es_mx',
      address: { addressLine1: '9 Elm St', addressLine2: 'Suite 4', city: 'Houston', stateOrProvince: 'TX', zipOrPostalCode: '77001', country: 'US' },
    }));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: loc.id, orgId: org.orgId, name: 'Houston North', timezone: 'America/New_York', language: 'es_MX', headquarters: false,
      address: { addressLine1: '9 Elm St', addressLine2: 'Suite 4', city: 'Houston', stateOrProvince: 'TX', zipOrPostalCode: '77001', country: 'US' },
    });
    // A full update: what is not sent is cleared.
    expect(res.body.emergencyLocationIdentifier).toBeUndefined();
    expect((await get(org.orgId, loc.id)).body).toEqual(res.body);
    // Keeping its own name is fine; taking another location's is not.
    expect((await put(org.orgId, loc.id, locationBody({ name: 'HOUSTON NORTH' }))).status).toBe(200);
    expectWebexError(await put(org.orgId, loc.id, locationBody({ name: 'head office' })), 409, 7001);
  });

  it('registers a changed US/CA address again, keeps the registration of an unchanged one, and clears it abroad', async () => {
    const loc = (await create(org.orgId, locationBody({ name: 'Miami', address: { ...locationBody().address, city: 'Miami', stateOrProvince: 'FL' } }))).body;
    const first = loc.e911.registered as string;
    await new Promise((r) => setTimeout(r, 5));

    const same = await put(org.orgId, loc.id, locationBody({ name: 'Miami Beach', address: { ...loc.address }, timezone: 'America/New_York' }));
    expect(same.body.e911).toEqual(loc.e911);

    const moved = await put(org.orgId, loc.id, locationBody({ name: 'Miami Beach', address: { ...loc.address, addressLine1: '1 Ocean Drive' } }));
    expect(moved.body.e911).toMatchObject({ provider: 'RedSky', status: 'registered' });
    expect(Date.parse(moved.body.e911.registered)).toBeGreaterThan(Date.parse(first));

    const abroad = await put(org.orgId, loc.id, locationBody({ name: 'Miami Beach', address: dkAddress, timezone: 'Europe/Copenhagen' }));
    expect(abroad.body.e911).toBeNull();
    expect((await get(org.orgId, loc.id)).body.e911).toBeNull();

    const back = await put(org.orgId, loc.id, locationBody({ name: 'Miami Beach' }));
    expect(back.body.e911).toMatchObject({ provider: 'RedSky', status: 'registered' });
  });

  it('the headquarters can be updated and stays the headquarters', async () => {
    const res = await put(org.orgId, hqId, {
      name: 'Head Office', address: usAddress(), timezone: 'America/Los_Angeles', language: 'en_US', emergencyLocationIdentifier: '95547321',
    });
    expect(res.status).toBe(200);
    expect(res.body.headquarters).toBe(true);
  });

  it('validates with the same rules as create', async () => {
    expectWebexError(await put(org.orgId, hqId, locationBody({ name: '' })), 400, 1001);
    expectWebexError(await put(org.orgId, hqId, locationBody({ timezone: 'Europe/Nowhere' })), 400, 6011);
    expectWebexError(await put(org.orgId, hqId, locationBody({ address: { ...locationBody().address, zipOrPostalCode: ' ' } })), 400, 6008);
    expect((await get(org.orgId, hqId)).body.name).toBe('Head Office');
  });
});

describe('addressing: orgId and locationId', () => {
  it('orgId is mandatory; unknown, malformed or not-yet-provisioned orgs are 404', async () => {
    expectWebexError(await t.call('GET', '/v1/locations', { token: a.token }), 400, 1001);
    expectWebexError(await t.call('POST', '/v1/locations', { token: a.token, body: locationBody() }), 400, 1001);
    expectWebexError(await list('not-an-id'), 404, 4004);
    expectWebexError(await list(encodeId('ORGANIZATION', '00000000-0000-4000-8000-000000000000')), 404, 4004);
    // A customer id is not an org id.
    expectWebexError(await list(org.customerId), 404, 4004);
  });

  it('a location id of another org, or not a location id, is 404', async () => {
    expectWebexError(await get(otherOrg.orgId, hqId), 404, 4004);
    expectWebexError(await put(otherOrg.orgId, hqId, locationBody({ name: 'Hijack' })), 404, 4004);
    expectWebexError(await get(org.orgId, 'garbage'), 404, 4004);
    expectWebexError(await get(org.orgId, encodeId('LOCATION', '00000000-0000-4000-8000-000000000000')), 404, 4004);
    expectWebexError(await get(org.orgId, org.orgId), 404, 4004);
  });

  it('while the customer is being removed its locations can be read but not changed', async () => {
    const c = await calledCustomer(a.token);
    const uuid = decodeId('ENTERPRISE', c.customerId)!;
    await t.database.db.update(customers).set({ status: 'deleting' }).where(eq(customers.id, uuid));
    try {
      expect((await list(c.orgId)).status).toBe(200);
      const hq = (await list(c.orgId)).body.items[0];
      expectWebexError(await create(c.orgId, locationBody()), 409, 6017);
      expectWebexError(await put(c.orgId, hq.id, locationBody()), 409, 6017);
    } finally {
      await t.database.db.update(customers).set({ status: 'provisioned' }).where(eq(customers.id, uuid));
    }
  });
});

describe('tenancy and scopes', () => {
  it('another partner sees none of it: 404 with the first partner\'s orgId or locationId', async () => {
    expectWebexError(await list(org.orgId, b.token), 404, 4004);
    expectWebexError(await get(org.orgId, hqId, b.token), 404, 4004);
    expectWebexError(await create(org.orgId, locationBody({ name: 'Intruder' }), b.token), 404, 4004);
    expectWebexError(await put(org.orgId, hqId, locationBody({ name: 'Intruder' }), b.token), 404, 4004);
    const bOrg = await calledCustomer(b.token);
    expectWebexError(await get(bOrg.orgId, hqId, b.token), 404, 4004);
    expectWebexError(await put(bOrg.orgId, hqId, locationBody({ name: 'Intruder' }), b.token), 404, 4004);
    const bList = await list(bOrg.orgId, b.token);
    expect(bList.body.items).toHaveLength(1);
    expect(JSON.stringify(bList.body)).not.toContain(hqId);
    expect((await get(org.orgId, hqId)).body.name).toBe('Head Office');
    expect((await list(org.orgId)).body.items.map((l: { name: string }) => l.name)).not.toContain('Intruder');
  });

  it('reads need wholesale_customers_read, writes wholesale_customers_write', async () => {
    const tokenWith = async (scopes: string[]) =>
      (await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes } })).body.token as string;
    const reader = await tokenWith(['spark-admin:wholesale_customers_read']);
    expect((await list(org.orgId, reader)).status).toBe(200);
    expect((await get(org.orgId, hqId, reader)).status).toBe(200);
    expectWebexError(await create(org.orgId, locationBody({ name: 'Reader' }), reader), 403, 4003);
    expectWebexError(await put(org.orgId, hqId, locationBody(), reader), 403, 4003);
    const subscribersOnly = await tokenWith(['spark-admin:wholesale_subscribers_read', 'spark-admin:wholesale_subscribers_write']);
    expectWebexError(await list(org.orgId, subscribersOnly), 403, 4003);
    expectWebexError(await create(org.orgId, locationBody({ name: 'Subs' }), subscribersOnly), 403, 4003);
    expectWebexError(await t.call('GET', `/v1/locations?orgId=${org.orgId}`), 401, 4001);
  });
});
