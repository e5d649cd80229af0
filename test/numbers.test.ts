import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, phoneNumbers } from '../src/db/schema.ts';
import { ApiError } from '../src/http/errors.ts';
import { decodeId, encodeId, newUuid } from '../src/http/ids.ts';
import { assignNumber, releaseNumbers } from '../src/features/numbers/service.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, provision, unique } from './helpers/fixtures.ts';

/** The Numbers API subset (inventory per location) and the assignment used by subscribers. */
let t: TestApp;
let a: { token: string; partner: { id: string } };
let b: { token: string; partner: { id: string } };
type Org = { orgId: string; orgUuid: string; hqId: string; hqUuid: string };
let org: Org;
let otherOrg: Org;
let branch: { id: string; uuid: string };

async function calledCustomer(token: string): Promise<Org> {
  const tpl = await createTemplate(t, token);
  const done = await provision(t, token, customerBody(tpl.provisioningId, { packages: ['webex_calling'] }));
  expect(done.body.status).toBe('provisioned');
  const orgId = done.body.orgId as string;
  const locs = await t.call('GET', `/v1/locations?orgId=${orgId}`, { token });
  const hqId = locs.body.items[0].id as string;
  return { orgId, orgUuid: decodeId('ORGANIZATION', orgId)!, hqId, hqUuid: decodeId('LOCATION', hqId)! };
}

const add = (o: { orgId: string }, locationId: string, phoneNumbers: unknown, token = a.token) =>
  t.call('POST', `/v1/telephony/config/locations/${locationId}/numbers?orgId=${o.orgId}`, { token, body: { phoneNumbers } });
const list = (o: { orgId: string }, q = '', token = a.token) =>
  t.call('GET', `/v1/telephony/config/numbers?orgId=${o.orgId}${q}`, { token });
const numbersOf = (res: { body: { phoneNumbers: Array<{ phoneNumber: string }> } }) => res.body.phoneNumbers.map((n) => n.phoneNumber);
/** Every page of the list (the org holds more than one page of numbers). */
async function allNumbers(o: { orgId: string }, q = '', token = a.token): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const res = await list(o, `${q}&max=100&offset=${offset}`, token);
    expect(res.status).toBe(200);
    out.push(...numbersOf(res));
    if (!String(res.headers.link).includes('rel="next"')) return out;
  }
}

/** A person row, as the People/Subscribers features would make it. */
async function person(orgUuid: string, names: { firstName?: string; lastName?: string } = {}) {
  const id = newUuid();
  await t.database.db.insert(people).values({ id, orgId: orgUuid, email: `${unique('user')}@acme.example`, ...names });
  return id;
}

async function ownerOf(number: string) {
  const [row] = await t.database.db.select({ personId: phoneNumbers.personId }).from(phoneNumbers).where(eq(phoneNumbers.number, number));
  return row?.personId;
}

/** The ApiError a promise rejects with. */
async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

beforeAll(async () => {
  t = await startTestApp();
  a = await createPartner(t);
  b = await createPartner(t);
  org = await calledCustomer(a.token);
  otherOrg = await calledCustomer(a.token);
  const res = await t.call('POST', `/v1/locations?orgId=${org.orgId}`, {
    token: a.token,
    body: { name: 'Branch', address: { addressLine1: '1 Main St', city: 'Austin', stateOrProvince: 'TX', zipOrPostalCode: '73301', country: 'US' }, timezone: 'America/Chicago', language: 'en_us' },
  });
  expect(res.status).toBe(201);
  branch = { id: res.body.id, uuid: decodeId('LOCATION', res.body.id)! };
});
afterAll(() => t.close());

describe('adding numbers to a location', () => {
  it('adds E.164 numbers to the inventory: 201, all available', async () => {
    const res = await add(org, org.hqId, ['+14085550103', '+14085550101', '+14085550102']);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      phoneNumbers: [
        { phoneNumber: '+14085550103', state: 'ACTIVE' },
        { phoneNumber: '+14085550101', state: 'ACTIVE' },
        { phoneNumber: '+14085550102', state: 'ACTIVE' },
      ],
    });
    const listed = await list(org, `&locationId=${org.hqId}`);
    expect(listed.status).toBe(200);
    expect(listed.body.phoneNumbers).toEqual(['+14085550101', '+14085550102', '+14085550103'].map((phoneNumber) => ({
      phoneNumber, state: 'ACTIVE', location: { id: org.hqId, name: 'Head Office' }, available: true,
    })));
  });

  it('refuses numbers that are not E.164, naming each (code 7011), and adds none', async () => {
    const res = await add(org, org.hqId, ['+14085550200', '4085550201', '+0445550202', '+1 408 555 0203', '+123456', '+1234567890123456', '']);
    expectWebexError(res, 400, 7011);
    expect(res.body.errors).toHaveLength(6);
    expect(res.body.errors.every((e: { errorCode: number }) => e.errorCode === 7011)).toBe(true);
    expect(res.body.errors[0].description).toContain('4085550201');
    expect(await allNumbers(org)).not.toContain('+14085550200');
    // The shortest and longest E.164 numbers are fine.
    expect((await add(org, org.hqId, ['+1234567', '+123456789012345'])).status).toBe(201);
  });

  it('refuses a number listed twice (7014) and wrong shapes of the body', async () => {
    const dup = await add(org, org.hqId, ['+14085550300', '+14085550301', '+14085550300', '+14085550300']);
    expectWebexError(dup, 400, 7014);
    expect(dup.body.errors).toHaveLength(1);
    expect(dup.body.errors[0].description).toContain('+14085550300');
    expect(await allNumbers(org)).not.toContain('+14085550301');
    expectWebexError(await add(org, org.hqId, []), 400, 1002);
    const many = Array.from({ length: 101 }, (_, i) => `+1408556${String(i).padStart(4, '0')}`);
    expectWebexError(await add(org, org.hqId, many), 400, 1002);
    expect((await add(org, org.hqId, many.slice(0, 100))).status).toBe(201);
    expectWebexError(await add(org, org.hqId, [14085550400]), 400, 1003);
    expectWebexError(await t.call('POST', `/v1/telephony/config/locations/${org.hqId}/numbers?orgId=${org.orgId}`, { token: a.token, body: {} }), 400, 1001);
  });

  it('a number already on the platform, in any org, refuses the whole request (409, 7010) naming it', async () => {
    expect((await add(otherOrg, otherOrg.hqId, ['+442071230001'])).status).toBe(201);
    const res = await add(org, branch.id, ['+442071230002', '+442071230001', '+14085550101']);
    expectWebexError(res, 409, 7010);
    expect(res.body.errors.map((e: { description: string }) => e.description).join(' ')).toContain('+442071230001');
    expect(res.body.errors.map((e: { description: string }) => e.description).join(' ')).toContain('+14085550101');
    expect(res.body.errors).toHaveLength(2);
    expect(await allNumbers(org)).not.toContain('+442071230002');
    // The number stays where it was.
    const other = await list(otherOrg);
    expect(other.body.phoneNumbers).toEqual([expect.objectContaining({ phoneNumber: '+442071230001', location: { id: otherOrg.hqId, name: 'Head Office' } })]);
    expectWebexError(await add(org, org.hqId, ['+14085550101']), 409, 7010);
  });

  it('concurrent requests for one number: exactly one wins', async () => {
    const results = await Promise.all([add(org, org.hqId, ['+14085550500', '+14085550501']), add(otherOrg, otherOrg.hqId, ['+14085550502', '+14085550500'])]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const mine = await allNumbers(org);
    const theirs = await allNumbers(otherOrg);
    expect([mine.includes('+14085550500'), theirs.includes('+14085550500')].filter(Boolean)).toHaveLength(1);
    // All or nothing: the loser's other number is not there either.
    expect(mine.includes('+14085550501')).toBe(mine.includes('+14085550500'));
    expect(theirs.includes('+14085550502')).toBe(theirs.includes('+14085550500'));
  });

  it('the location must be one of the org\'s', async () => {
    expectWebexError(await add(org, otherOrg.hqId, ['+14085550600']), 404, 4004);
    expectWebexError(await add(org, 'nope', ['+14085550600']), 404, 4004);
    expectWebexError(await add(org, encodeId('LOCATION', '00000000-0000-4000-8000-000000000000'), ['+14085550600']), 404, 4004);
    expectWebexError(await t.call('POST', `/v1/telephony/config/locations/${org.hqId}/numbers`, { token: a.token, body: { phoneNumbers: ['+14085550600'] } }), 400, 1001);
  });
});

describe('listing numbers', () => {
  beforeAll(async () => {
    expect((await add(org, branch.id, ['+15125550002', '+15125550001', '+15125550003'])).status).toBe(201);
  });

  it('lists the org\'s numbers by number with their location, filtered by location', async () => {
    const nums = await allNumbers(org);
    expect(nums.length).toBeGreaterThan(100);
    expect(nums).toEqual([...nums].sort());
    expect(nums).toEqual(expect.arrayContaining(['+14085550101', '+15125550001']));
    expect(nums).not.toContain('+442071230001');
    const atBranch = await list(org, `&locationId=${branch.id}`);
    expect(atBranch.body.phoneNumbers).toEqual(['+15125550001', '+15125550002', '+15125550003'].map((phoneNumber) => ({
      phoneNumber, state: 'ACTIVE', location: { id: branch.id, name: 'Branch' }, available: true,
    })));
    expectWebexError(await list(org, `&locationId=${otherOrg.hqId}`), 404, 4004);
    expectWebexError(await list(org, '&locationId=garbage'), 404, 4004);
    expectWebexError(await t.call('GET', '/v1/telephony/config/numbers', { token: a.token }), 400, 1001);
  });

  it('pages with offset/max and Link headers', async () => {
    const all = numbersOf(await list(org, `&locationId=${branch.id}`));
    const p1 = await list(org, `&locationId=${branch.id}&max=2`);
    expect(numbersOf(p1)).toEqual(all.slice(0, 2));
    expect(p1.headers.link).toContain(`<http://wh.test/v1/telephony/config/numbers?orgId=${org.orgId}&locationId=${branch.id}&max=2&offset=2>; rel="next"`);
    const p2 = await list(org, `&locationId=${branch.id}&max=2&offset=2`);
    expect(numbersOf(p2)).toEqual(all.slice(2));
    expect(p2.headers.link).not.toContain('rel="next"');
    expect(p2.headers.link).toContain('rel="prev"');
    expectWebexError(await list(org, '&max=101'), 400);
  });

  it('shows the owner of an assigned number and filters by availability', async () => {
    const ann = await person(org.orgUuid, { firstName: 'Ann', lastName: 'Lee' });
    const bob = await person(org.orgUuid);
    await t.database.db.transaction(async (tx) => {
      await assignNumber(tx, { orgId: org.orgUuid, locationId: branch.uuid, number: '+15125550002', personId: ann });
      await assignNumber(tx, { orgId: org.orgUuid, locationId: branch.uuid, number: '+15125550003', personId: bob });
    });
    const res = await list(org, `&locationId=${branch.id}`);
    expect(res.body.phoneNumbers).toEqual([
      { phoneNumber: '+15125550001', state: 'ACTIVE', location: { id: branch.id, name: 'Branch' }, available: true },
      { phoneNumber: '+15125550002', state: 'ACTIVE', location: { id: branch.id, name: 'Branch' }, available: false, owner: { id: encodeId('PEOPLE', ann), firstName: 'Ann', lastName: 'Lee' } },
      { phoneNumber: '+15125550003', state: 'ACTIVE', location: { id: branch.id, name: 'Branch' }, available: false, owner: { id: encodeId('PEOPLE', bob) } },
    ]);
    expect(numbersOf(await list(org, `&locationId=${branch.id}&available=false`))).toEqual(['+15125550002', '+15125550003']);
    expect(numbersOf(await list(org, `&locationId=${branch.id}&available=true`))).toEqual(['+15125550001']);
    const free = await allNumbers(org, '&available=true');
    expect(free).toContain('+14085550101');
    expect(free).not.toContain('+15125550002');
    expectWebexError(await list(org, '&available=yes'), 400, 1003);
    await t.database.db.transaction(async (tx) => {
      await releaseNumbers(tx, ann);
      await releaseNumbers(tx, bob);
    });
    expect(numbersOf(await list(org, `&locationId=${branch.id}&available=false`))).toEqual([]);
  });
});

describe('assignNumber and releaseNumbers (inside a transaction)', () => {
  const db = () => t.database.db;
  const assign = (number: string, personId: string, locationId = branch.uuid, orgId = org.orgUuid) =>
    db().transaction((tx) => assignNumber(tx, { orgId, locationId, number, personId }));

  beforeAll(async () => {
    expect((await add(org, branch.id, ['+15125550100', '+15125550101', '+15125550102', '+15125550103'])).status).toBe(201);
  });

  it('assigns an available number of the location; again for the same person is a no-op', async () => {
    const p = await person(org.orgUuid);
    await assign('+15125550100', p);
    expect(await ownerOf('+15125550100')).toBe(p);
    await assign('+15125550100', p);
    expect(await ownerOf('+15125550100')).toBe(p);
    expect(await db().transaction((tx) => releaseNumbers(tx, p))).toEqual(['+15125550100']);
    expect(await ownerOf('+15125550100')).toBeNull();
    expect(await db().transaction((tx) => releaseNumbers(tx, p))).toEqual([]);
  });

  it('a number outside the location\'s inventory is 409 7012', async () => {
    const p = await person(org.orgUuid);
    for (const [number, locationId, orgId] of [
      ['+19995550000', branch.uuid, org.orgUuid], // unknown
      ['+14085550101', branch.uuid, org.orgUuid], // another location of the org
      ['+442071230001', branch.uuid, org.orgUuid], // another org's
      ['+442071230001', otherOrg.hqUuid, org.orgUuid], // another org's, with its location
    ] as const) {
      const err = await apiError(assign(number, p, locationId, orgId));
      expect(err.statusCode).toBe(409);
      expect(err.errors).toEqual([{ errorCode: 7012, description: `${number} is not in the location's inventory.` }]);
    }
    expect(await ownerOf('+442071230001')).toBeNull();
  });

  it('a number someone else holds is 409 7013; a person holds one number (7015)', async () => {
    const p1 = await person(org.orgUuid);
    const p2 = await person(org.orgUuid);
    await assign('+15125550101', p1);
    const taken = await apiError(assign('+15125550101', p2));
    expect(taken.statusCode).toBe(409);
    expect(taken.errors[0]!.errorCode).toBe(7013);
    expect(await ownerOf('+15125550101')).toBe(p1);
    const second = await apiError(assign('+15125550102', p1));
    expect(second.errors[0]!.errorCode).toBe(7015);
    expect(await ownerOf('+15125550102')).toBeNull();
    // Release, then assign: how a subscriber changes number.
    await db().transaction(async (tx) => {
      await releaseNumbers(tx, p1);
      await assignNumber(tx, { orgId: org.orgUuid, locationId: branch.uuid, number: '+15125550102', personId: p1 });
    });
    expect(await ownerOf('+15125550101')).toBeNull();
    expect(await ownerOf('+15125550102')).toBe(p1);
    await db().transaction((tx) => releaseNumbers(tx, p1));
  });

  it('is part of the caller\'s transaction: a rollback undoes the assignment', async () => {
    const p = await person(org.orgUuid);
    await expect(db().transaction(async (tx) => {
      await assignNumber(tx, { orgId: org.orgUuid, locationId: branch.uuid, number: '+15125550103', personId: p });
      throw new Error('later step failed');
    })).rejects.toThrow('later step failed');
    expect(await ownerOf('+15125550103')).toBeNull();
  });

  it('two transactions racing for one number: one gets it, the other 7013', async () => {
    const racers = await Promise.all([person(org.orgUuid), person(org.orgUuid), person(org.orgUuid)]);
    const results = await Promise.allSettled(racers.map((p) => assign('+15125550103', p)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.map((f) => (f.reason as ApiError).errors[0]!.errorCode)).toEqual([7013, 7013]);
    const winner = racers[results.findIndex((r) => r.status === 'fulfilled')];
    expect(await ownerOf('+15125550103')).toBe(winner);
    expect(numbersOf(await list(org, '&available=false'))).toEqual(['+15125550103']);
  });
});

describe('tenancy and scopes', () => {
  it('another partner gets 404 for the first partner\'s orgId or locationId', async () => {
    expectWebexError(await list(org, '', b.token), 404, 4004);
    expectWebexError(await add(org, org.hqId, ['+14085550700'], b.token), 404, 4004);
    const bOrg = await calledCustomer(b.token);
    expectWebexError(await add(bOrg, org.hqId, ['+14085550700'], b.token), 404, 4004);
    expectWebexError(await list(bOrg, `&locationId=${org.hqId}`, b.token), 404, 4004);
    expect((await list(bOrg, '', b.token)).body.phoneNumbers).toEqual([]);
    expect(await allNumbers(org)).not.toContain('+14085550700');
    // B cannot see A's numbers, but a number is unique on the platform.
    expectWebexError(await add(bOrg, bOrg.hqId, ['+14085550101'], b.token), 409, 7010);
  });

  it('listing needs wholesale_customers_read, adding wholesale_customers_write', async () => {
    const reader = (await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_customers_read'] } })).body.token as string;
    expect((await list(org, '', reader)).status).toBe(200);
    expectWebexError(await add(org, org.hqId, ['+14085550800'], reader), 403, 4003);
    const subs = (await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_subscribers_read'] } })).body.token as string;
    expectWebexError(await list(org, '', subs), 403, 4003);
    expectWebexError(await t.call('GET', `/v1/telephony/config/numbers?orgId=${org.orgId}`), 401, 4001);
  });
});
