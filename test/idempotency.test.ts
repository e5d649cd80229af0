import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWebexError, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, customerIdOf, provision, waitForCustomer, startPartnerApp } from './helpers/fixtures.ts';

/** Idempotency-Key on POST/PUT/DELETE (our extension): retries never duplicate a customer. */
let t: TestApp;
let token: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

const post = (body: unknown, key?: string, tok = token) =>
  t.call('POST', '/v1/wholesale/customers', { token: tok, body, headers: key ? { 'idempotency-key': key } : {} });

describe('Idempotency-Key', () => {
  it('the same key and body replays the first response; exactly one customer exists', async () => {
    const body = customerBody(provisioningId);
    const first = await post(body, 'key-1');
    expect(first.status).toBe(202);
    const again = await post(body, 'key-1');
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const list = await t.call('GET', `/v1/wholesale/customers?externalId=${body.externalId}`, { token });
    expect(list.body.items).toHaveLength(1);
  });

  it('the same key with another body → 422', async () => {
    await post(customerBody(provisioningId), 'key-2');
    expectWebexError(await post(customerBody(provisioningId), 'key-2'), 422, 1010);
  });

  it('concurrent retries with one key create one customer', async () => {
    const body = customerBody(provisioningId);
    const results = await Promise.all(Array.from({ length: 8 }, () => post(body, 'key-race')));
    for (const r of results) expect(r.status).toBe(202);
    expect(new Set(results.map((r) => r.body.url)).size).toBe(1);
    const list = await t.call('GET', `/v1/wholesale/customers?externalId=${body.externalId}`, { token });
    expect(list.body.items).toHaveLength(1);
  });

  it('keys belong to a partner: another partner\'s identical key is independent', async () => {
    const other = await createPartner(t);
    const otherTpl = await createTemplate(t, other.token);
    const mine = await post(customerBody(provisioningId), 'shared-key');
    const theirs = await post(customerBody(otherTpl.provisioningId), 'shared-key', other.token);
    expect(theirs.status).toBe(202);
    expect(theirs.body.url).not.toBe(mine.body.url);
  });

  it('a failed request is not remembered: fixing the body and retrying with the key works', async () => {
    const body = customerBody(provisioningId);
    expectWebexError(await post({ ...body, address: { ...body.address, country: 'XX' } }, 'key-fix'), 400, 6006);
    expect((await post(body, 'key-fix')).status).toBe(202);
  });

  it('works on PUT and DELETE', async () => {
    const done = await provision(t, token, customerBody(provisioningId));
    const put = (key: string) => t.call('PUT', `/v1/wholesale/customers/${done.body.id}`, { token, body: { packages: ['webex_meetings', 'webex_voice'], provisioningParameters: customerBody(provisioningId).provisioningParameters }, headers: { 'idempotency-key': key } });
    const p1 = await put('put-1');
    expect(p1.status).toBe(202);
    // Without the key, a second PUT right away would be refused as busy; with it, it is a replay.
    const p2 = await put('put-1');
    expect(p2.status).toBe(202);
    expect(p2.headers['idempotent-replayed']).toBe('true');
    await waitForCustomer(t, token, done.body.id);
    const d1 = await t.call('DELETE', `/v1/wholesale/customers/${done.body.id}`, { token, headers: { 'idempotency-key': 'del-1' } });
    expect(d1.status).toBe(202);
    await waitForCustomer(t, token, done.body.id, ['gone']);
    // Replayed even though the customer is gone now.
    const d2 = await t.call('DELETE', `/v1/wholesale/customers/${done.body.id}`, { token, headers: { 'idempotency-key': 'del-1' } });
    expect(d2.status).toBe(202);
  });

  it('remembers a key for 24 hours only', async () => {
    await post(customerBody(provisioningId), 'key-old');
    // The first use was 25 hours ago.
    await t.database.db.execute(sql`UPDATE idempotency_keys SET created = now() - interval '25 hours' WHERE key = 'key-old'`);
    const fresh = await post(customerBody(provisioningId), 'key-old');
    expect(fresh.status).toBe(202);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    // …and from now on the key means the new request.
    expectWebexError(await post(customerBody(provisioningId), 'key-old'), 422, 1010);
  });

  it('refuses an unusable key', async () => {
    expectWebexError(await post(customerBody(provisioningId), 'x'.repeat(300)), 400, 1011);
  });

  it('without a key, a retried POST is refused by the externalId rule instead of duplicating', async () => {
    const body = customerBody(provisioningId);
    const res = await post(body);
    expect(res.status).toBe(202);
    expectWebexError(await post(body), 409, 6002);
    await waitForCustomer(t, token, customerIdOf(res.body.url));
  });
});
