import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../src/db/schema.ts';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { createPartner, startPartnerApp, unique } from './helpers/fixtures.ts';
import { readyCustomer, subscriberBody, type ReadyCustomer } from './helpers/subscribers.ts';

/** POST /v1/wholesale/subscribers/bulk: per-item results in order, modes, dryRun, idempotency. */
let t: TestApp;
let token: string;
let provisioningId: string;
let cust: ReadyCustomer;

beforeAll(async () => {
  ({ t, token, provisioningId } = await startPartnerApp());
  cust = await readyCustomer(t, token, provisioningId, { numbers: 6 });
  // The full administrator first (webex_calling is the org's level), so meetings users may follow.
  const admin = await t.call('POST', '/v1/wholesale/subscribers', { token, body: subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '1000' }) });
  expect(admin.status, JSON.stringify(admin.body)).toBe(200);
});
afterAll(() => t.close());

const bulk = (body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', '/v1/wholesale/subscribers/bulk', { token, body, headers });
const countOf = async (customerId: string) =>
  (await t.call('GET', `/v1/wholesale/subscribers?customerId=${customerId}&max=100`, { token })).body.items.length as number;
const statuses = (res: { body: { items: { status: number }[] } }) => res.body.items.map((i) => i.status);
const codes = (item: { error?: { errors: { errorCode: number }[] } }) => item.error?.errors.map((e) => e.errorCode);
const outboxSize = async () => (await t.database.db.select({ n: count() }).from(mailOutbox))[0]!.n;

describe('best_effort (the default)', () => {
  it('answers every item in request order; a refused item leaves its neighbours written', async () => {
    const before = await countOf(cust.id);
    const good = [subscriberBody(cust.id), subscriberBody(cust.id), subscriberBody(cust.id)];
    const { email: _e, ...noEmail } = subscriberBody(cust.id);
    const items = [
      good[0],
      subscriberBody(cust.id, { email: 'not-an-email' }),
      good[1],
      subscriberBody('bm90LWEtY3VzdG9tZXI'),
      noEmail,
      'not an object',
      good[2],
    ];
    const res = await bulk({ items });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { index: number }) => i.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(statuses(res)).toEqual([200, 400, 200, 404, 400, 400, 200]);
    expect(codes(res.body.items[1])).toEqual([6004]);
    expect(codes(res.body.items[3])).toEqual([4004]);
    expect(codes(res.body.items[4])).toEqual([1001]);
    expect(res.body.items[4].error.message).toBe('Mandatory parameter email is missing.');
    expect(res.body).toMatchObject({ mode: 'best_effort', dryRun: false, applied: true, counts: { total: 7, succeeded: 3, failed: 4, notApplied: 0 } });
    for (const [n, i] of [0, 2, 6].entries()) {
      expect(res.body.items[i].subscriber).toMatchObject({ email: good[n]!.email, customerId: cust.id, status: 'provisioned', packages: ['webex_meetings'] });
      const got = await t.call('GET', `/v1/wholesale/subscribers/${res.body.items[i].subscriber.id}`, { token });
      expect(got.body).toEqual(res.body.items[i].subscriber);
    }
    expect(await countOf(cust.id)).toBe(before + 3);
  });

  it('runs the items in order, as if posted one after another: duplicates within one request', async () => {
    const twin = subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '3001', primaryPhoneNumber: cust.numbers[0] });
    const res = await bulk({ items: [
      twin,
      { ...twin, provisioningParameters: { ...twin.provisioningParameters, extension: '3002', primaryPhoneNumber: cust.numbers[1] } },
      subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '3001' }),
      subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '3003', primaryPhoneNumber: cust.numbers[0] }),
    ] });
    expect(statuses(res)).toEqual([200, 409, 409, 409]);
    expect(codes(res.body.items[1])).toEqual([10022]);
    expect(codes(res.body.items[2])).toEqual([5024]);
    expect(codes(res.body.items[3])).toEqual([7013]);
  });

  it('takes units of a limited package in order: the item beyond the quantity gets 409 5030', async () => {
    const limited = await readyCustomer(t, token, provisioningId, { packages: ['webex_calling'], limits: { webex_calling: 2 } });
    // The second fails after taking its unit (its extension is checked later): its savepoint gives the unit back.
    const items = ['4001', '4001', '4002', '4003'].map((ext) => subscriberBody(limited.id, { packages: ['webex_calling'] }, { extension: ext }));
    const res = await bulk({ items });
    expect(statuses(res)).toEqual([200, 409, 200, 409]);
    expect(codes(res.body.items[1])).toEqual([5024]);
    expect(codes(res.body.items[3])).toEqual([5030]);
    expect(res.body.items[0].subscriber.status).toBe('provisioned');
    const c = await t.call('GET', `/v1/wholesale/customers/${limited.id}`, { token });
    expect(c.body.resourceDetails.packages[0].quantity).toEqual({ limit: 2, assigned: 2 });
  });

  it('a free account gets 202 pending_user_migration, as the single POST answers', async () => {
    const email = `${unique('free')}@gmail.example`.toLowerCase();
    const org = await t.call('POST', '/v1/operator/organizations', { token: OPERATOR, body: {
      name: unique('Consumer'), users: [{ email, firstName: 'Fri', lastName: 'Account', freeAccount: true }],
    } });
    expect(org.status, JSON.stringify(org.body)).toBe(201);
    const res = await bulk({ items: [subscriberBody(cust.id, { email }), subscriberBody(cust.id)] });
    expect(statuses(res)).toEqual([202, 200]);
    expect(res.body.items[0].subscriber).toMatchObject({ email, status: 'pending_user_migration' });
    expect(res.body.counts.succeeded).toBe(2);
  });

  it('writes nothing and keeps nothing when every item is refused', async () => {
    const res = await bulk({ items: [subscriberBody(cust.id, { email: 'bad' })] });
    expect(res.body).toMatchObject({ applied: false, counts: { total: 1, succeeded: 0, failed: 1 } });
  });
});

describe('all_or_nothing', () => {
  it('one refused item: nothing is written, no mail goes out, the others are 424 (5070)', async () => {
    const before = await countOf(cust.id);
    const mails = await outboxSize();
    const items = [subscriberBody(cust.id), subscriberBody(cust.id, { packages: ['webex_calling'] }), subscriberBody(cust.id)];
    const res = await bulk({ mode: 'all_or_nothing', items });
    expect(statuses(res)).toEqual([424, 400, 424]);
    expect(codes(res.body.items[0])).toEqual([5070]);
    expect(codes(res.body.items[1])).toEqual([5020]);
    expect(res.body.items[0].subscriber).toBeUndefined();
    expect(res.body).toMatchObject({ mode: 'all_or_nothing', applied: false, counts: { total: 3, succeeded: 0, failed: 1, notApplied: 2 } });
    expect(await countOf(cust.id)).toBe(before);
    expect(await outboxSize()).toBe(mails);
    // The same emails go through once the request is fixed.
    const fixed = await bulk({ mode: 'all_or_nothing', items: [items[0], items[2]] });
    expect(statuses(fixed)).toEqual([200, 200]);
    expect(fixed.body.applied).toBe(true);
    expect(await countOf(cust.id)).toBe(before + 2);
  });
});

describe('dryRun', () => {
  it('reports what would happen and writes nothing', async () => {
    const before = await countOf(cust.id);
    const mails = await outboxSize();
    const one = subscriberBody(cust.id);
    const res = await bulk({ dryRun: true, items: [one, one, subscriberBody(cust.id, { email: 'x' })] });
    expect(statuses(res)).toEqual([200, 409, 400]);
    expect(res.body).toMatchObject({ dryRun: true, applied: false, counts: { succeeded: 1, failed: 2 } });
    expect(res.body.items[0].subscriber).toMatchObject({ email: one.email, status: 'provisioned' });
    expect((await t.call('GET', `/v1/wholesale/subscribers/${res.body.items[0].subscriber.id}`, { token })).status).toBe(404);
    expect(await countOf(cust.id)).toBe(before);
    expect(await outboxSize()).toBe(mails);
    // With all_or_nothing: what would pass is reported as not applied.
    const aon = await bulk({ dryRun: true, mode: 'all_or_nothing', items: [one, one] });
    expect(statuses(aon)).toEqual([424, 409]);
    // And the item is still free to provision for real.
    expect(statuses(await bulk({ items: [one] }))).toEqual([200]);
  });
});

describe('the request itself', () => {
  it('takes 1 to 1,000 items (400 1002 otherwise) and a known mode', async () => {
    const items = Array.from({ length: 1001 }, () => subscriberBody(cust.id));
    expectWebexError(await bulk({ items }), 400, 1002);
    expectWebexError(await bulk({ items: [] }), 400, 1002);
    expectWebexError(await bulk({}), 400, 1001);
    expectWebexError(await bulk({ mode: 'some', items: [subscriberBody(cust.id)] }), 400, 1003);
  });

  it('needs the subscribers_write scope and sees only the partner\'s customers', async () => {
    const readOnly = await createPartner(t, {}, ['spark-admin:wholesale_subscribers_read']);
    const res = await t.call('POST', '/v1/wholesale/subscribers/bulk', { token: readOnly.token, body: { items: [subscriberBody(cust.id)] } });
    expectWebexError(res, 403, 4003);
    const other = await createPartner(t);
    const theirs = await t.call('POST', '/v1/wholesale/subscribers/bulk', { token: other.token, body: { items: [subscriberBody(cust.id)] } });
    expect(statuses(theirs)).toEqual([404]);
  });

  it('is in the served OpenAPI document with the item schema', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const op = doc.paths['/v1/wholesale/subscribers/bulk'].post;
    expect(op.operationId).toBe('provisionWholesaleSubscribersBulk');
    expect(JSON.stringify(doc.components.schemas.SubscriberBulkRequest)).toContain('SubscriberProvisioningRequest');
    expect(doc.components.schemas.SubscriberBulkResponse).toBeDefined();
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer and creates nothing twice; another body with the key is 422', async () => {
    const key = unique('bulk-key');
    const body = { items: [subscriberBody(cust.id), subscriberBody(cust.id, { email: 'bad' })] };
    const before = await countOf(cust.id);
    const first = await bulk(body, { 'idempotency-key': key });
    expect(statuses(first)).toEqual([200, 400]);
    const again = await bulk(body, { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countOf(cust.id)).toBe(before + 1);
    expectWebexError(await bulk({ items: [subscriberBody(cust.id)] }, { 'idempotency-key': key }), 422, 1010);
  });

  it('concurrent twins with one key write once', async () => {
    const key = unique('bulk-twins');
    const body = { items: [subscriberBody(cust.id), subscriberBody(cust.id)] };
    const before = await countOf(cust.id);
    const [a, b] = await Promise.all([bulk(body, { 'idempotency-key': key }), bulk(body, { 'idempotency-key': key })]);
    expect(statuses(a)).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(await countOf(cust.id)).toBe(before + 2);
  });

  it('an answer that wrote nothing (dryRun) is not kept: the real request with the key runs', async () => {
    const key = unique('bulk-dry');
    const item = subscriberBody(cust.id);
    const dry = await bulk({ dryRun: true, items: [item] }, { 'idempotency-key': key });
    expect(dry.body.applied).toBe(false);
    const dryAgain = await bulk({ dryRun: true, items: [item] }, { 'idempotency-key': key });
    expect(dryAgain.headers['idempotent-replayed']).toBeUndefined();
    const real = await bulk({ items: [item] }, { 'idempotency-key': key });
    expect(real.body.applied).toBe(true);
  });
});
