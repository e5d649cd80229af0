import { afterAll, beforeAll, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, provision } from './helpers/fixtures.ts';

/** Wholesale Setup Assist requests: stored per partner, listed for the operator. */
let t: TestApp;
let token: string;
let customerId: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ token } = await createPartner(t));
  const tpl = await createTemplate(t, token);
  customerId = (await provision(t, token, customerBody(tpl.provisioningId))).body.id;
});
afterAll(() => t.close());

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const body = (over: Record<string, unknown> = {}) => ({
  customerId, customerName: 'Acme', contactName: 'Jo Partner', contactEmail: 'jo@partner.example', services: ['number_porting', 'user_training'], details: 'Port 40 numbers', preferredDate: day(7), ...over,
});

it('stores a request for the partner and lists it for the partner and the operator', async () => {
  const res = await t.call('POST', '/v1/wholesale/setup-assist-requests', { token, body: body() });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ customerId, customerName: 'Acme', services: ['number_porting', 'user_training'], preferredDate: day(7) });
  const mine = await t.call('GET', '/v1/wholesale/setup-assist-requests', { token });
  expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
  const op = await t.call('GET', '/v1/operator/setup-assist-requests', { token: OPERATOR });
  expect(op.body.items.find((r: { id: string }) => r.id === res.body.id)).toMatchObject({ partnerName: expect.stringContaining('Partner') });
  const other = await createPartner(t);
  expect((await t.call('GET', '/v1/wholesale/setup-assist-requests', { token: other.token })).body.items).toEqual([]);
  expectWebexError(await t.call('POST', '/v1/wholesale/setup-assist-requests', { token: other.token, body: body() }), 404);
});

it.each([
  [{ preferredDate: day(-1) }, 1003],
  [{ preferredDate: 'soon' }, 1003],
  [{ contactEmail: 'nope' }, 6004],
  [{ services: [] }, 1002],
  [{ services: ['massage'] }, 1003],
  [{ contactName: undefined }, 1001],
])('refuses %o', async (over, code) => {
  expectWebexError(await t.call('POST', '/v1/wholesale/setup-assist-requests', { token, body: body(over) }), 400, code);
});
