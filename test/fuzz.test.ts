import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, MAX_JSON_DEPTH } from '../src/http/request-limits.ts';
import { OPERATOR, startTestApp, type TestApp } from './helpers/app.ts';
import { type JsonSchema, type Operation, encode, fillPath, headersFor, jsonTypeOf, jsonTypes, openApi, operations, sampleValue } from './helpers/openapi-routes.ts';
import { allIds, idFor, partnerWorld, type World } from './helpers/partner-world.ts';

/**
 * 10,000 malformed, oversized and type-confused requests over every route of /openapi.json, with
 * valid credentials (the partner's token or Partner Hub session, the operator token): no 5xx,
 * every 4xx with the Webex error body, and the database unchanged. Every request other than a GET
 * carries at least one defect that must stop it before it writes (bad JSON, wrong media type,
 * over 1 MiB, too deep, or a body its schema refuses); path parameters are garbage or the
 * partner's own valid ids. FUZZ_RUNS and FUZZ_SEED reproduce or extend a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 30);

let t: TestApp;
let w: World;
let ops: Operation[];
let resolve: (s: JsonSchema | undefined) => JsonSchema | undefined;

beforeAll(async () => {
  // Limits far above 10,000 requests: the fuzz is about input, rate limits have their own test.
  t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '1000000000', RATE_LIMIT_BURST: '1000000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000' });
  w = await partnerWorld(t);
  // Nothing may change the database behind the fuzz's back: the worker stops (jobs wait).
  await t.worker?.stop();
  ops = await operations(t, { partnerToken: w.token, operatorToken: OPERATOR, cookie: w.admin.cookie, csrf: w.admin.csrf });
  ({ resolve } = await openApi(t));
}, 120_000);
afterAll(() => t?.close());

/** Row count and a hash of every row, per table of the public schema. */
async function snapshot(): Promise<Record<string, string>> {
  const q = async (text: string) => ((await t.database.db.execute(sql.raw(text))) as unknown as { rows: Array<Record<string, unknown>> }).rows;
  const tables = await q(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await q(`SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS h FROM "${String(name)}" x`);
    out[String(name)] = `${row!.n} rows ${row!.h}`;
  }
  return out;
}

// Values to put where they do not belong.
const WEIRD = ['', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}', '..', '../../etc/passwd', '%00', '\u0000',
  "' OR '1'='1", '<script>alert(1)</script>', '${7*7}', 'x'.repeat(600), '\u{1F600}'.repeat(40), '\uD800', 'Y2lzY29zcGFyazovL3VzL0VOVEVSUFJJU0UvMTIz'];
const garbage = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...WEIRD),
  fc.uuid(),
  fc.integer().map(String),
  fc.base64String({ maxLength: 120 }),
);
// Arbitraries are built once: fc.gen caches per builder function, and building them is not free.
const ARB = {
  garbage: () => garbage,
  anything: () => fc.anything({ maxDepth: 2 }),
  json: () => fc.jsonValue({ maxDepth: 3 }),
  text: () => fc.string({ maxLength: 100 }),
  idempotencyKey: () => fc.oneof(fc.string({ maxLength: 300 }).filter((s) => !/[\r\n\0]/.test(s) && s.trim() === s), fc.constant('k'.repeat(300))),
  trackingId: () => fc.string({ maxLength: 200 }).filter((s) => /^[\x20-\x7e]*$/.test(s) && s.trim() === s),
};
for (const [k, make] of Object.entries(ARB)) {
  const arb = make();
  ARB[k as keyof typeof ARB] = () => arb as never;
}
const wrongValues: unknown[] = ['x', '', 12345, -1, 1.5, 1e308, true, false, null, [], [1, 'a'], {}, { nested: { deep: [] } }, 'x'.repeat(5000)];
const MEDIA_TYPES = ['text/plain', 'text/html', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/octet-stream', 'application/jsonp', 'application/json-patch+json', 'image/png'];
const HUGE = `{"x":"${'a'.repeat(BODY_LIMIT_BYTES)}"}`;
const nest = (n: number) => `{"a":${'['.repeat(n)}1${']'.repeat(n)}}`;

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

type Gen = fc.GeneratorValue;
const pick = <T>(g: Gen, xs: readonly T[]): T => xs[g(fc.nat, { max: xs.length - 1 })]!;

/** A body its schema refuses: a required field gone, a field of the wrong JSON type, an unknown key, or the wrong top-level type. */
function refusedBody(g: Gen, schema: JsonSchema): unknown {
  const valid = sampleValue(schema, resolve, (name) => idFor(w, name));
  const s = resolve(schema) ?? {};
  if (s.type !== 'object' || !valid || typeof valid !== 'object') return pick(g, [[], 'text', 42, true]);
  const body = valid as Record<string, unknown>;
  const required = (s.required ?? []) as string[];
  const typed = Object.keys(body).filter((k) => jsonTypes(s.properties?.[k], resolve).size > 0);
  const moves = [
    ...(required.length ? ['drop'] : []),
    ...(typed.length ? ['confuse'] : []),
    ...(s.additionalProperties === false ? ['extra'] : []),
    'top',
  ];
  const move = pick(g, moves);
  if (move === 'drop') delete body[pick(g, required)];
  else if (move === 'confuse') {
    const key = pick(g, typed);
    const allowed = jsonTypes(s.properties?.[key], resolve);
    body[key] = pick(g, wrongValues.filter((v) => !allowed.has(jsonTypeOf(v))));
  } else if (move === 'extra') body[`unknown_${g(fc.nat)}`] = g(ARB.anything);
  else return pick(g, [[body], JSON.stringify(body), 42, null, false]);
  return body;
}

type Request = { method: string; url: string; headers: Record<string, string>; payload?: string; defect: string };

function request(g: Gen, op: Operation): Request {
  const method = op.method;
  const path = fillPath(op.path, (name) => (g(fc.boolean) ? idFor(w, name) ?? g(ARB.garbage) : g(fc.boolean) ? g(ARB.garbage) : pick(g, allIds(w))));
  const query: string[] = [];
  for (const p of op.query) {
    if (!g(fc.boolean)) continue;
    const allowed = jsonTypes(p.schema, resolve);
    const v = g(fc.boolean) ? g(ARB.garbage) : JSON.stringify(pick(g, wrongValues.filter((x) => !allowed.has(jsonTypeOf(x))))) ?? '';
    query.push(`${p.name}=${encode(v)}`);
    if (g(fc.boolean)) query.push(`${p.name}=${encode(g(ARB.garbage))}`);
  }
  if (g(fc.boolean)) query.push(`${encode(g(ARB.garbage))}=${encode(g(ARB.garbage))}`);
  const headers: Record<string, string> = { ...headersFor(op.auth, { partnerToken: w.token, operatorToken: OPERATOR, cookie: w.admin.cookie, csrf: w.admin.csrf }, method) };
  if (op.headers.some((h) => h.name.toLowerCase() === 'idempotency-key') && g(fc.boolean)) {
    headers['idempotency-key'] = g(ARB.idempotencyKey);
  }
  if (g(fc.boolean)) headers.trackingid = g(ARB.trackingId);
  const url = `${path}${query.length ? `?${query.join('&')}` : ''}`;
  if (method === 'GET') return { method, url, headers, defect: 'get' };

  // Weighted: a 1 MiB body is costly to send, and one in twenty is plenty.
  const defects = ['syntax', 'syntax', 'syntax', 'media', 'media', 'media', 'huge', 'deep', 'deep', ...(op.body ? Array(9).fill('schema') : [])];
  const defect = pick(g, defects);
  const sample = () => JSON.stringify(op.body ? sampleValue(op.body, resolve, (name) => idFor(w, name)) : g(ARB.json));
  let payload: string;
  switch (defect) {
    case 'syntax': {
      const text = sample() ?? '{}';
      payload = pick(g, [`{,${g(ARB.text)}`, `${text}}`, text.length > 1 ? text.slice(0, -1) : '{', `{'a': 1}`, '{a:1}', 'NaN', 'undefined', `[${text},]`]);
      if (parses(payload)) payload = `{,${payload}`; // a cut number is still a number
      headers['content-type'] = pick(g, ['application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON']);
      break;
    }
    case 'media':
      payload = sample() ?? '{}';
      headers['content-type'] = pick(g, MEDIA_TYPES);
      break;
    case 'huge':
      payload = HUGE;
      headers['content-type'] = 'application/json';
      break;
    case 'deep':
      payload = nest(g(fc.integer, { min: MAX_JSON_DEPTH, max: 400 }));
      headers['content-type'] = 'application/json';
      break;
    default:
      payload = JSON.stringify(refusedBody(g, op.body!));
      headers['content-type'] = 'application/json';
  }
  return { method, url, headers, payload, defect };
}

/** What is wrong with the answer, if anything (plain checks: ten thousand expect() calls are slow). */
function check(r: Request, status: number, type: string, trackingId: unknown, text: string): string | undefined {
  if (status >= 500) return 'a 5xx';
  if (r.method !== 'GET' && status < 400) return 'a malformed change was accepted';
  if (status < 400) return undefined;
  if (!type.includes('application/json')) return 'a 4xx without JSON';
  let body: { message?: unknown; trackingId?: unknown; errors?: Array<{ errorCode?: unknown; description?: unknown }> };
  try {
    body = JSON.parse(text);
  } catch {
    return 'a 4xx body that is not JSON';
  }
  if (typeof body.message !== 'string' || typeof body.trackingId !== 'string') return 'no message or trackingId';
  if (!Array.isArray(body.errors) || body.errors.length === 0) return 'no errors[]';
  if (body.errors.some((e) => typeof e.errorCode !== 'number' || typeof e.description !== 'string')) return 'an error without errorCode/description';
  if (trackingId !== body.trackingId) return 'the TrackingID header differs from the body';
  return undefined;
}

const tally = new Map<string, number>();
const count = (k: string, n = 1) => tally.set(k, (tally.get(k) ?? 0) + n);

it(`${RUNS} malformed requests over every route: no 5xx, the Webex error body, no write (seed ${SEED})`, async () => {
  expect(ops.length).toBeGreaterThan(40);
  const before = await snapshot();
  const started = performance.now();
  const property = fc.asyncProperty(fc.gen(), async (g) => {
    const op = pick(g, ops);
    const r = request(g, op);
    const t0 = performance.now();
    const res = await t.app.inject({ method: r.method as 'GET', url: r.url, headers: r.headers, ...(r.payload === undefined ? {} : { payload: r.payload }) });
    count(`ms ${r.defect}`, performance.now() - t0);
    count(`${op.method} ${op.path}`);
    count(`status ${res.statusCode}`);
    count(`defect ${r.defect}`);
    const problem = check(r, res.statusCode, String(res.headers['content-type'] ?? ''), res.headers.trackingid, res.body);
    if (problem) {
      expect.fail(`${problem}: ${r.method} ${r.url.slice(0, 300)} [${r.defect}] ${JSON.stringify(r.headers).slice(0, 300)} ${String(r.payload).slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
    }
  });
  await fc.assert(property, { numRuns: RUNS, seed: SEED, endOnFailure: true });
  const seconds = (performance.now() - started) / 1000;
  const after = await snapshot();
  const changed = Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]);
  expect(changed, `tables written by malformed requests: ${changed.map((k) => `${k}: ${before[k]} → ${after[k]}`).join('; ')}`).toEqual([]);
  expect(Object.keys(before).length).toBeGreaterThan(20);

  const perRoute = ops.map((o) => tally.get(`${o.method} ${o.path}`) ?? 0);
  const statuses = [...tally].filter(([k]) => k.startsWith('status')).sort();
  const defects = [...tally].filter(([k]) => k.startsWith('defect')).sort();
  console.log(`fuzz: ${RUNS} requests over ${ops.length} routes in ${seconds.toFixed(1)} s (seed ${SEED}); per route min ${Math.min(...perRoute)} max ${Math.max(...perRoute)}`);
  console.log(`fuzz: ${statuses.map(([k, v]) => `${k.slice(7)}×${v}`).join(' ')}; ${defects.map(([k, v]) => `${k.slice(7)}×${v}`).join(' ')}`);
  console.log(`fuzz: ms ${[...tally].filter(([k]) => k.startsWith('ms')).map(([k, v]) => `${k.slice(3)} ${Math.round(v)}`).join(', ')}`);
  console.log(`fuzz: audiences ${JSON.stringify(ops.reduce<Record<string, number>>((a, o) => ({ ...a, [o.auth]: (a[o.auth] ?? 0) + 1 }), {}))}`);
  // Every route was hit often enough to mean something.
  if (RUNS >= 5_000) expect(Math.min(...perRoute)).toBeGreaterThan(30);
}, 600_000);
