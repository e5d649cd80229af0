import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestApp, type TestApp } from './helpers/app.ts';
import { customerBody, templateBody } from './helpers/fixtures.ts';
import { type JsonSchema, type Operation, encode, fillPath, headersFor, openApi, operations, sampleValue } from './helpers/openapi-routes.ts';
import { idFor, partnerWorld, type World } from './helpers/partner-world.ts';
import { freshNumbers, subscriberBody } from './helpers/subscribers.ts';

/**
 * Every route of /openapi.json × partner B's credentials (bearer token, then Partner Hub session)
 * × partner A's ids in the path, in the query filters and in the body: nothing of A's comes back.
 * A route with A's id in its path answers 404 or 403 (and A's own token gets it, so the id is
 * real); any other request naming A's resources is refused (a list filtered by them may answer
 * B's own, empty, list); no response contains an id, email or name of A's that the request did
 * not carry itself. Operator routes are the platform's, not a partner's: skipped (B's token must
 * get 401). Control Hub routes belong to a customer's administrator: B gets 401 or 403. Public
 * routes (sign-in, consent links, activation) have no partner: skipped.
 */
let t: TestApp;
let a: World;
let b: World;
let ops: Operation[];
let resolve: (s: JsonSchema | undefined) => JsonSchema | undefined;

beforeAll(async () => {
  // B is refused on purpose hundreds of times: the per-address limit on failed authentication must not step in.
  t = await startTestApp({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000' });
  a = await partnerWorld(t);
  b = await partnerWorld(t);
  ops = await operations(t, { partnerToken: b.token, operatorToken: OPERATOR, cookie: b.admin.cookie, csrf: b.admin.csrf });
  ({ resolve } = await openApi(t));
}, 120_000);
afterAll(() => t?.close());

/** Bodies the schema alone does not make valid enough to reach the tenancy check. */
const BODIES: Record<string, () => unknown> = {
  'PUT /v1/wholesale/templates/{templateId}': () => templateBody(),
  'PUT /v1/wholesale/customers/{customerId}': () => ({ packages: ['webex_calling', 'webex_meetings'] }),
  'PUT /v1/wholesale/subscribers/{subscriberId}': () => ({ packages: ['webex_meetings'] }),
  'POST /v1/telephony/config/locations/{locationId}/numbers': () => ({ phoneNumbers: freshNumbers(1) }),
  'POST /v1/wholesale/customers': () => customerBody(a.template.provisioningId),
  'POST /v1/wholesale/customers/validate': () => customerBody(a.template.provisioningId),
  'POST /v1/wholesale/subscribers': () => subscriberBody(a.customer.id),
  'POST /v1/wholesale/subscribers/validate': () => subscriberBody(a.customer.id),
  'POST /v1/wholesale/subscribers/bulk': () => ({ items: [subscriberBody(a.customer.id), subscriberBody(a.customer.id, { packages: ['webex_calling'] }, { extension: '4321' })] }),
};

/** A's resources (a request naming one must be refused) and everything that would show a leak. */
const resourceIds = (w: World) => [w.customer.id, w.customer.orgId, w.customer.locationId, w.template.id, w.template.provisioningId,
  w.subscriber.id, w.subscriber.personId, w.setupAssistId, w.partnerId, w.tokenId];
const uuidOf = (id: string) => /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(Buffer.from(id, 'base64url').toString())?.[0];
function secretsOf(w: World): string[] {
  const values = [...resourceIds(w), w.subscriber.email, w.customer.externalId, w.customer.name, w.template.name, w.admin.email, ...w.customer.numbers];
  return [...new Set([...values, ...values.map(uuidOf).filter((x): x is string => Boolean(x))])];
}

type Call = { method: string; url: string; body?: unknown; headers: Record<string, string> };
type Row = { op: Operation; call: Call; status: number; text: string; who: string };

function requestsFor(op: Operation, creds: 'token' | 'session'): Call[] {
  const pick = (name: string) => idFor(a, name);
  const path = fillPath(op.path, (name) => {
    const v = pick(name);
    // A partner route must not escape the matrix for want of an id.
    if (v === undefined && (op.auth === 'partner' || op.auth === 'session')) {
      throw new Error(`${op.method} ${op.path}: no id of A's for {${name}}; extend idFor in test/helpers/partner-world.ts`);
    }
    return v ?? 'x';
  });
  const required = op.query.filter((p) => p.required).map((p) => `${p.name}=${encode(String(pick(p.name) ?? sampleValue(p.schema, resolve, () => undefined, p.name)))}`);
  const filters = op.query.filter((p) => !p.required && pick(p.name) !== undefined).map((p) => `${p.name}=${encode(pick(p.name)!)}`);
  const queries = [required, ...filters.map((f) => [...required, f])];
  const custom = BODIES[`${op.method} ${op.path}`];
  const body = op.method === 'GET' || op.method === 'DELETE' ? undefined : custom ? custom() : op.body ? sampleValue(op.body, resolve, pick) : undefined;
  const headers = creds === 'token' ? headersFor('partner', { partnerToken: b.token, operatorToken: '', cookie: '', csrf: '' }, op.method)
    : headersFor('session', { partnerToken: '', operatorToken: '', cookie: b.admin.cookie, csrf: b.admin.csrf }, op.method);
  return queries.map((q) => ({ method: op.method, url: `${path}${q.length ? `?${q.join('&')}` : ''}`, body, headers }));
}

/** A 2xx that reports every item refused (the bulk endpoint's per-item results). */
function everyItemRefused(text: string): boolean {
  try {
    const items = (JSON.parse(text) as { items?: Array<{ status?: number }> }).items;
    return Array.isArray(items) && items.length > 0 && items.every((i) => (i.status ?? 0) >= 400);
  } catch {
    return false;
  }
}

async function send(c: Call): Promise<{ status: number; text: string }> {
  const res = await t.app.inject({
    method: c.method as 'GET',
    url: c.url,
    headers: { ...c.headers, ...(c.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(c.body === undefined ? {} : { payload: JSON.stringify(c.body) }),
  });
  return { status: res.statusCode, text: res.body };
}

describe('partner B against partner A, route by route', () => {
  it('0 leaks over every partner route of the OpenAPI document', async () => {
    const before = await snapshotOfA();
    const secrets = secretsOf(a);
    const aResources = resourceIds(a);
    const rows: Row[] = [];
    const skipped: string[] = [];
    for (const op of ops) {
      if (op.auth === 'operator' || op.auth === 'public' || op.auth === 'other') {
        skipped.push(`${op.method} ${op.path} (${op.auth})`);
        continue;
      }
      for (const creds of ['token', 'session'] as const) {
        for (const call of requestsFor(op, creds)) rows.push({ op, call, who: creds, status: 0, text: '' });
      }
    }
    // Reads first: a write B may make (its own template…) must not look like a leak in a later
    // list. Signing out (DELETE on a session route) last.
    const order = (r: Row) => (r.call.method === 'GET' ? 0 : r.op.auth === 'session' && r.call.method === 'DELETE' ? 2 : 1);
    rows.sort((x, y) => order(x) - order(y));
    for (const r of rows) Object.assign(r, await send(r.call));
    const failures: string[] = [];
    for (const r of rows) {
      const sent = decodeURIComponent(r.call.url) + JSON.stringify(r.call.body ?? null);
      const where = `${r.call.method} ${r.call.url} as B's ${r.who} → ${r.status} ${r.text.slice(0, 200)}`;
      if (r.status >= 500) failures.push(`5xx: ${where}`);
      const leaked = secrets.filter((s) => r.text.includes(s) && !sent.includes(s));
      if (leaked.length) failures.push(`leaked ${leaked.join(', ')}: ${where}`);
      const namesA = aResources.some((id) => sent.includes(id) || sent.includes(uuidOf(id) ?? '\0'));
      if (r.op.pathParams.length > 0) {
        if (r.status !== 404 && r.status !== 403) failures.push(`expected 404/403 for A's id in the path: ${where}`);
      } else if (namesA && r.call.method !== 'GET' && r.status < 400 && !everyItemRefused(r.text)) {
        failures.push(`accepted a change naming A's resource: ${where}`);
      }
    }
    if (process.env.ISOLATION_DEBUG) for (const r of rows) console.log(r.status, r.call.method, r.call.url, r.who, r.text.slice(0, 150));
    expect(failures).toEqual([]);
    const counts = rows.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
    console.log(`isolation: ${rows.length} requests over ${new Set(rows.map((r) => r.op)).size} partner routes, statuses ${JSON.stringify(counts)}; skipped ${skipped.length}: ${skipped.join('; ')}`);
    expect(new Set(rows.map((r) => r.op)).size).toBeGreaterThan(25);
    // Nothing of A's changed.
    expect(await snapshotOfA()).toEqual(before);
  });

  it('the ids are real: A\'s own token reads every GET route that B was refused', async () => {
    for (const op of ops.filter((o) => o.auth === 'partner' && o.method === 'GET' && o.pathParams.length > 0)) {
      const [call] = requestsFor(op, 'token');
      const res = await t.app.inject({ method: 'GET', url: call!.url, headers: { authorization: `Bearer ${a.token}` } });
      expect(res.statusCode, `${call!.url} as A: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  it('B\'s lists hold B\'s things and nothing of A\'s', async () => {
    const lists = ops.filter((o) => o.auth === 'partner' && o.method === 'GET' && o.pathParams.length === 0);
    const answered: string[] = [];
    for (const op of lists) {
      const res = await t.app.inject({ method: 'GET', url: op.path, headers: { authorization: `Bearer ${b.token}` } });
      expect(res.statusCode, op.path).toBeLessThan(500);
      if (res.statusCode === 200) answered.push(op.path);
      for (const s of secretsOf(a)) expect(res.body, `${op.path} shows A's ${s}`).not.toContain(s);
    }
    // Some lists need a filter (an orgId…): those were walked with A's values above.
    expect(answered).toEqual(expect.arrayContaining(['/v1/wholesale/customers', '/v1/wholesale/subscribers', '/v1/wholesale/templates', '/v1/wholesale/setup-assist-requests', '/v1/wholesale/outbox']));
    const customers = await t.app.inject({ method: 'GET', url: '/v1/wholesale/customers', headers: { authorization: `Bearer ${b.token}` } });
    expect(customers.body).toContain(b.customer.id);
  });

  it('operator routes refuse B\'s token; Control Hub routes refuse B\'s token and session', async () => {
    for (const op of ops.filter((o) => o.auth === 'operator' || o.auth === 'other')) {
      const calls = [...requestsFor(op, 'token'), ...(op.auth === 'other' ? requestsFor(op, 'session') : [])];
      for (const call of calls) {
        const res = await send(call);
        const allowed = op.auth === 'operator' ? [401] : [401, 403];
        expect(allowed, `${call.method} ${call.url} → ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
      }
    }
    expect(ops.filter((o) => o.path.startsWith('/v1/control-hub/') && o.auth !== 'public').every((o) => o.auth === 'other')).toBe(true);
  });
});

/** What A sees of its own resources. */
async function snapshotOfA(): Promise<unknown[]> {
  const urls = [
    `/v1/wholesale/customers/${a.customer.id}?includePackageLicenseInfo=true`, `/v1/wholesale/subscribers/${a.subscriber.id}`,
    `/v1/wholesale/templates/${a.template.id}`, `/v1/locations/${a.customer.locationId}?orgId=${a.customer.orgId}`,
    `/v1/people/${a.subscriber.personId}`, `/v1/telephony/config/numbers?orgId=${a.customer.orgId}`,
    `/v1/wholesale/setup-assist-requests`, `/v1/wholesale/customers`, `/v1/wholesale/subscribers`,
  ];
  const out = [];
  for (const url of urls) {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${a.token}` } });
    expect(res.statusCode, url).toBe(200);
    out.push(JSON.parse(res.body));
  }
  return out;
}
