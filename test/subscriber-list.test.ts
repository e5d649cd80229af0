import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { referenceErrors } from './helpers/reference.ts';
import { partnerWithTemplate, readyCustomer, subscriberBody, type ReadyCustomer } from './helpers/subscribers.ts';

/** Listing, quantities under concurrency, idempotency and tenancy of subscribers. */
let t: TestApp;
let token: string;
let provisioningId: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ token, provisioningId } = await partnerWithTemplate(t));
});
afterAll(() => t.close());

const post = (body: unknown, tok = token, headers: Record<string, string> = {}) => t.call('POST', '/v1/wholesale/subscribers', { token: tok, body, headers });
const assigned = async (customerId: string, pkg: string) => {
  const c = await t.call('GET', `/v1/wholesale/customers/${customerId}`, { token });
  return c.body.resourceDetails.packages.find((p: { name: string }) => p.name === pkg).quantity;
};

describe('GET /v1/wholesale/subscribers', () => {
  let a: ReadyCustomer;
  let b: ReadyCustomer;
  const made: Array<{ id: string; email: string; customerId: string; personId: string }> = [];
  beforeAll(async () => {
    const own = await partnerWithTemplate(t);
    token = own.token;
    provisioningId = own.provisioningId;
    a = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'] });
    b = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'] });
    for (let i = 0; i < 6; i++) {
      const c = i % 2 ? b : a;
      const res = await post(subscriberBody(c.id));
      expect(res.status).toBe(200);
      made.push(res.body);
      await new Promise((r) => setTimeout(r, 5));
    }
  });

  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((s) => s.id);

  it('lists newest first by default, in the reference list shape', async () => {
    const res = await t.call('GET', '/v1/wholesale/subscribers', { token });
    expect(ids(res)).toEqual(made.map((s) => s.id).reverse());
    expect(referenceErrors('SubscriberListResponse', res.body)).toEqual([]);
  });

  it('sorts by created or lastStatusChange, ASC or DESC', async () => {
    expect(ids(await t.call('GET', '/v1/wholesale/subscribers?sortBy=created&sortOrder=ASC', { token }))).toEqual(made.map((s) => s.id));
    expect(ids(await t.call('GET', '/v1/wholesale/subscribers?sortBy=lastStatusChange&sortOrder=DESC', { token }))).toEqual(made.map((s) => s.id).reverse());
    expectWebexError(await t.call('GET', '/v1/wholesale/subscribers?sortBy=name', { token }), 400);
    expectWebexError(await t.call('GET', '/v1/wholesale/subscribers?sortOrder=up', { token }), 400);
  });

  it('filters by customerId, externalCustomerId, personId, email and status', async () => {
    const byA = made.filter((s) => s.customerId === a.id).map((s) => s.id).reverse();
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?customerId=${a.id}`, { token }))).toEqual(byA);
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?externalCustomerId=${a.externalId}`, { token }))).toEqual(byA);
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?personId=${made[2]!.personId}`, { token }))).toEqual([made[2]!.id]);
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?email=${made[3]!.email.toUpperCase()}`, { token }))).toEqual([made[3]!.id]);
    expect(ids(await t.call('GET', '/v1/wholesale/subscribers?status=provisioned', { token }))).toHaveLength(6);
    expect(ids(await t.call('GET', '/v1/wholesale/subscribers?status=pending_user_migration', { token }))).toEqual([]);
    expect(ids(await t.call('GET', '/v1/wholesale/subscribers?customerId=garbage', { token }))).toEqual([]);
    expectWebexError(await t.call('GET', '/v1/wholesale/subscribers?status=active', { token }), 400);
  });

  it('after and lastStatusChange take epoch milliseconds or ISO 8601', async () => {
    const third = await t.call('GET', `/v1/wholesale/subscribers/${made[2]!.id}`, { token });
    const at = new Date(third.body.created);
    const expected = made.slice(3).map((s) => s.id).reverse();
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?after=${at.getTime()}`, { token }))).toEqual(expected);
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?after=${encodeURIComponent(at.toISOString())}`, { token }))).toEqual(expected);
    expect(ids(await t.call('GET', `/v1/wholesale/subscribers?lastStatusChange=${at.getTime()}`, { token }))).toEqual(expected);
    expectWebexError(await t.call('GET', '/v1/wholesale/subscribers?after=yesterday', { token }), 400, 1003);
  });

  it('pages with max (default 50, up to 100) and offset, with Link headers', async () => {
    const p1 = await t.call('GET', '/v1/wholesale/subscribers?max=4', { token });
    expect(ids(p1)).toHaveLength(4);
    const next = /<([^>]+)>; rel="next"/.exec(String(p1.headers.link))![1]!;
    const p2 = await t.call('GET', next.replace('http://wh.test', ''), { token });
    expect(ids(p2)).toEqual(made.map((s) => s.id).reverse().slice(4));
    expect(String(p2.headers.link)).not.toContain('rel="next"');
    expectWebexError(await t.call('GET', '/v1/wholesale/subscribers?max=101', { token }), 400);
  });
});

describe('quantities', () => {
  it('refuses beyond the limit with a code naming the package and the limit; DELETE returns the unit', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_calling'], limits: { webex_calling: 2 }, numbers: 3 });
    const first = await post(subscriberBody(c.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: c.numbers[0] }));
    const second = await post(subscriberBody(c.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: c.numbers[1] }));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await assigned(c.id, 'webex_calling')).toEqual({ limit: 2, assigned: 2 });
    const third = subscriberBody(c.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: c.numbers[2] });
    const refused = await post(third);
    expectWebexError(refused, 409, 5030);
    expect(refused.body.errors[0].description).toContain('webex_calling (2)');
    // Nothing was half-written: the number is still free, the email unused.
    const free = await t.call('GET', `/v1/telephony/config/numbers?orgId=${c.orgId}&available=true`, { token });
    expect(JSON.stringify(free.body)).toContain(c.numbers[2]);
    expect((await t.call('GET', `/v1/wholesale/subscribers?email=${third.email}`, { token })).body.items).toEqual([]);
    expect((await t.call('DELETE', `/v1/wholesale/subscribers/${second.body.id}`, { token })).status).toBe(204);
    expect(await assigned(c.id, 'webex_calling')).toEqual({ limit: 2, assigned: 1 });
    expect((await post(third)).status).toBe(200);
    expect(await assigned(c.id, 'webex_calling')).toEqual({ limit: 2, assigned: 2 });
  });

  it('a package change moves the unit between packages', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_calling', 'webex_meetings'], limits: { webex_calling: 5, webex_meetings: 5 } });
    await post(subscriberBody(c.id, { packages: ['webex_calling'] }, { extension: '100' }));
    const s = await post(subscriberBody(c.id));
    expect(await assigned(c.id, 'webex_meetings')).toEqual({ limit: 5, assigned: 1 });
    await t.call('PUT', `/v1/wholesale/subscribers/${s.body.id}`, { token, body: { packages: ['webex_calling'], provisioningParameters: { extension: '101' } } });
    expect(await assigned(c.id, 'webex_meetings')).toEqual({ limit: 5, assigned: 0 });
    expect(await assigned(c.id, 'webex_calling')).toEqual({ limit: 5, assigned: 2 });
  });

  it('20 requests racing for the last unit: exactly one wins, nothing is oversold', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'], limits: { webex_meetings: 3 } });
    await post(subscriberBody(c.id));
    await post(subscriberBody(c.id));
    const results = await Promise.all(Array.from({ length: 20 }, () => post(subscriberBody(c.id))));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectWebexError(r, 409, 5030);
    expect(await assigned(c.id, 'webex_meetings')).toEqual({ limit: 3, assigned: 3 });
    expect((await t.call('GET', `/v1/wholesale/subscribers?customerId=${c.id}`, { token })).body.items).toHaveLength(3);
  });

  it('raising the limit lets more in', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'], limits: { webex_meetings: 1 } });
    await post(subscriberBody(c.id));
    expectWebexError(await post(subscriberBody(c.id)), 409, 5030);
    await t.call('PUT', `/v1/wholesale/customers/${c.id}`, { token, body: { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 2 } } } } });
    for (let i = 0; i < 100; i++) {
      const cur = await t.call('GET', `/v1/wholesale/customers/${c.id}`, { token });
      if (cur.body.status === 'provisioned') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await post(subscriberBody(c.id))).status).toBe(200);
  });
});

describe('Idempotency-Key and tenancy', () => {
  it('a retried POST with the same key returns the same subscriber once', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'] });
    const body = subscriberBody(c.id);
    const r1 = await post(body, token, { 'idempotency-key': 'sub-1' });
    const r2 = await post(body, token, { 'idempotency-key': 'sub-1' });
    expect(r2.status).toBe(200);
    expect(r2.body).toEqual(r1.body);
    expect((await t.call('GET', `/v1/wholesale/subscribers?customerId=${c.id}`, { token })).body.items).toHaveLength(1);
  });

  it('another partner sees none of it: 404 on every subscriber, people and number route', async () => {
    const c = await readyCustomer(t, token, provisioningId, { packages: ['webex_calling'], numbers: 1 });
    const s = await post(subscriberBody(c.id, { packages: ['webex_calling'] }, { extension: '4242' }));
    const other = await partnerWithTemplate(t);
    const o = other.token;
    expectWebexError(await t.call('GET', `/v1/wholesale/subscribers/${s.body.id}`, { token: o }), 404);
    expectWebexError(await t.call('PUT', `/v1/wholesale/subscribers/${s.body.id}`, { token: o, body: { packages: ['webex_meetings'] } }), 404);
    expectWebexError(await t.call('DELETE', `/v1/wholesale/subscribers/${s.body.id}`, { token: o }), 404);
    expectWebexError(await post(subscriberBody(c.id), o), 404);
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers/validate', { token: o, body: subscriberBody(c.id) }), 404);
    expect((await t.call('GET', `/v1/wholesale/subscribers?customerId=${c.id}`, { token: o })).body.items).toEqual([]);
    expect((await t.call('GET', `/v1/wholesale/subscribers?email=${s.body.email}`, { token: o })).body.items).toEqual([]);
    expectWebexError(await t.call('GET', `/v1/people/${s.body.personId}`, { token: o }), 404);
    expectWebexError(await t.call('GET', `/v1/people?orgId=${c.orgId}`, { token: o }), 404);
    expectWebexError(await t.call('GET', `/v1/telephony/config/numbers?orgId=${c.orgId}`, { token: o }), 404);
    // Still there for its owner.
    expect((await t.call('GET', `/v1/wholesale/subscribers/${s.body.id}`, { token })).status).toBe(200);
  });

  it('scopes: subscriber routes need the subscriber scopes', async () => {
    const p = await t.call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: 'Scoped', adminEmail: 'a@scoped.example' } });
    const tok = await t.call('POST', `/v1/operator/partners/${p.body.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_subscribers_read'] } });
    expect((await t.call('GET', '/v1/wholesale/subscribers', { token: tok.body.token })).status).toBe(200);
    expectWebexError(await post(subscriberBody('x'), tok.body.token), 403, 4003);
  });
});
