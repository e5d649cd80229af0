import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { TokenBuckets } from '../src/http/rate-limit.ts';
import { buildApp } from '../src/app.ts';
import type { App } from '../src/http/types.ts';
import { OPERATOR, PUBLIC_URL, expectWebexError, startTestApp, type Res, type TestApp } from './helpers/app.ts';
import { createPartner } from './helpers/fixtures.ts';

/** Per-token, per-session and per-IP rate limits: 429 with Retry-After and the Webex body. */
let t: TestApp;
// The same database behind a second app with small limits: setup goes through `t`, unthrottled.
let limited: App;
let a: { token: string; partner: { id: string } };
let b: { token: string; partner: { id: string } };
let aReadToken: string;
let bSession: string;

// Slow refills (one request per 10 s with a token, per 2 s without), so that no request of a
// test comes back before its 429 even on a slow machine: bursts of 5 either way.
const LIMITS = { RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '5', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30' };
// Each test uses its own client address, so the per-IP buckets of one test do not touch another's.
let ipSeq = 0;
const nextIp = () => `10.0.0.${++ipSeq}`;

beforeAll(async () => {
  t = await startTestApp({}, { worker: false });
  a = await createPartner(t);
  b = await createPartner(t);
  const tok = await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_customers_read'] } });
  aReadToken = tok.body.token;
  const email = 'rate@telco.example';
  const password = 'a long enough password';
  expect((await t.call('PUT', `/v1/operator/partners/${b.partner.id}/admins`, { token: OPERATOR, body: { email, password } })).status).toBe(200);
  const signIn = await t.call('POST', '/v1/portal/session', { body: { email, password } });
  bSession = String(signIn.headers['set-cookie']).split(';')[0]!;
  limited = await buildApp({ config: loadConfig({ ...LIMITS, OPERATOR_TOKEN: OPERATOR, PUBLIC_URL }, []), database: t.database });
});
afterAll(async () => {
  await limited?.close();
  await t.close();
});

async function call(url: string, o: { token?: string; cookie?: string; ip?: string } = {}): Promise<Res> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) headers.cookie = o.cookie;
  const res = await limited.inject({ method: 'GET', url, headers, remoteAddress: o.ip ?? '127.0.0.1' });
  expect(res.statusCode, res.body).toBeLessThan(500);
  const json = String(res.headers['content-type']).includes('json');
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body, headers: res.headers };
}

function expectThrottled(res: Res, maxWait: number): void {
  expectWebexError(res, 429, 1020);
  // Whole seconds, at most one refill interval.
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxWait, `Retry-After ${retryAfter}`).toBe(true);
}

async function statuses(n: number, fn: () => Promise<Res>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fn()).status);
  return out;
}

const five = (s: number) => [s, s, s, s, s];

describe('per token', () => {
  it('a burst of 5, then 429 with Retry-After and error 1020; other tokens are not affected', async () => {
    expect(await statuses(5, () => call('/v1/wholesale/customers', { token: aReadToken }))).toEqual(five(200));
    expectThrottled(await call('/v1/wholesale/customers', { token: aReadToken }), 10);
    expectThrottled(await call('/v1/wholesale/templates', { token: aReadToken }), 10);
    // Keyed by the token, not the partner or the address: another token of A, and B, go on.
    expect((await call('/v1/wholesale/customers', { token: a.token })).status).toBe(200);
    expect((await call('/v1/wholesale/customers', { token: b.token })).status).toBe(200);
  });

  it('the operator token too', async () => {
    expect(await statuses(5, () => call('/v1/operator/partners', { token: OPERATOR }))).toEqual(five(200));
    expectThrottled(await call('/v1/operator/partners', { token: OPERATOR }), 10);
  });
});

describe('per Partner Hub session', () => {
  it('the session cookie has its own bucket', async () => {
    expect(await statuses(5, () => call('/v1/portal/session', { cookie: bSession }))).toEqual(five(200));
    expectThrottled(await call('/v1/wholesale/customers', { cookie: bSession }), 10);
    expect((await call('/v1/wholesale/customers', { token: b.token })).status).toBe(200);
  });
});

describe('per client address', () => {
  it('requests without credentials: 5 (a sixth of a minute\'s worth), then 429', async () => {
    const ip = nextIp();
    // GET /v1/portal/session without a cookie answers 401: an anonymous request.
    const got = await statuses(5, () => call('/v1/portal/session', { ip }));
    expect(got.every((s) => s === 401)).toBe(true);
    expectThrottled(await call('/v1/portal/session', { ip }), 2);
    expect((await call('/v1/portal/session', { ip: nextIp() })).status).toBe(401);
  });

  it('health and metrics are never throttled', async () => {
    const ip = nextIp();
    expect(new Set(await statuses(30, () => call('/health', { ip })))).toEqual(new Set([200]));
    expect(new Set(await statuses(15, () => call('/metrics', { ip })))).toEqual(new Set([200]));
  });

  it('guessing tokens: a new token each time is throttled by address after 5 failures', async () => {
    const ip = nextIp();
    const guess = () => call('/v1/wholesale/customers', { ip, token: `whp_${randomBytes(16).toString('hex')}` });
    expect(await statuses(5, guess)).toEqual(five(401));
    expectThrottled(await guess(), 2);
    // That address is refused even with a valid token until it refills; other addresses are not.
    expectThrottled(await call('/v1/wholesale/customers', { ip, token: b.token }), 2);
    expect((await call('/v1/wholesale/customers', { ip: nextIp(), token: b.token })).status).toBe(200);
  });
});

describe('configuration', () => {
  it('0 turns a limit off; bad values stop the process', async () => {
    const config = loadConfig({ RATE_LIMIT_PER_MINUTE: '0', RATE_LIMIT_BURST: '1', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0', PUBLIC_URL }, []);
    const off = await buildApp({ config, database: t.database });
    try {
      const get = (url: string, headers: Record<string, string> = {}) => off.inject({ method: 'GET', url, headers }).then((r) => r.statusCode);
      for (let i = 0; i < 30; i++) expect(await get('/v1/wholesale/customers', { authorization: `Bearer ${b.token}` })).toBe(200);
      for (let i = 0; i < 30; i++) expect(await get('/v1/portal/session')).toBe(401);
    } finally {
      await off.close();
    }
    expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: '-1' }, [])).toThrow(/RATE_LIMIT_PER_MINUTE/);
    expect(() => loadConfig({ RATE_LIMIT_BURST: '0' }, [])).toThrow(/RATE_LIMIT_BURST/);
    const d = loadConfig({}, []);
    expect([d.RATE_LIMIT_PER_MINUTE, d.RATE_LIMIT_BURST, d.RATE_LIMIT_ANONYMOUS_PER_MINUTE]).toEqual([600_000, 2_000, 600]);
  });
});

describe('the token bucket (with a test clock)', () => {
  it('refills at the rate, never above the burst, and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets(60, 3, () => now);
    expect([buckets.take('k'), buckets.take('k'), buckets.take('k')]).toEqual([0, 0, 0]);
    expect(buckets.take('k')).toBeCloseTo(1, 5);
    now += 500;
    expect(buckets.wait('k')).toBeCloseTo(0.5, 5);
    now += 500;
    expect(buckets.take('k')).toBe(0);
    now += 60_000;
    expect([0, 1, 2, 3].map(() => buckets.take('k'))).toEqual([0, 0, 0, expect.closeTo(1, 5)]);
    expect(buckets.take('other')).toBe(0);
  });
});
