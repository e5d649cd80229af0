import { expect } from 'vitest';
import type { TestApp } from './app.ts';

/**
 * The routes of the served OpenAPI document, as the fuzz and isolation tests walk them: read at
 * test time, so a route added tomorrow is covered without editing the tests.
 */
export type JsonSchema = Record<string, any>;
export type Param = { name: string; required: boolean; schema: JsonSchema };
export type Operation = {
  method: string;
  path: string;
  pathParams: string[];
  query: Param[];
  headers: Param[];
  body?: JsonSchema;
  /** Who the route answers (found by asking it; see classify). */
  auth: AuthKind;
};
export type AuthKind = 'public' | 'operator' | 'partner' | 'session' | 'other';

/** Bearer tokens and a Partner Hub session of the same partner, and the operator's token. */
export type Credentials = { partnerToken: string; operatorToken: string; cookie: string; csrf: string };

export function headersFor(auth: AuthKind, c: Credentials, method: string): Record<string, string> {
  if (auth === 'operator') return { authorization: `Bearer ${c.operatorToken}` };
  if (auth === 'session') return { cookie: c.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': c.csrf }) };
  if (auth === 'public') return {};
  return { authorization: `Bearer ${c.partnerToken}` };
}

export async function openApi(t: TestApp): Promise<{ doc: JsonSchema; resolve: (s: JsonSchema | undefined) => JsonSchema | undefined }> {
  const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode, `GET /openapi.json: ${res.body.slice(0, 300)}`).toBe(200);
  const doc = JSON.parse(res.body) as JsonSchema;
  const resolve = (s: JsonSchema | undefined): JsonSchema | undefined => {
    let cur = s;
    for (let i = 0; cur?.$ref && i < 10; i++) cur = doc.components?.schemas?.[String(cur.$ref).split('/').pop()!];
    return cur;
  };
  return { doc, resolve };
}

/**
 * Every operation of the document, with who it answers: a request with a body that cannot be
 * parsed (so nothing runs past authentication) is sent with no credentials, the operator token,
 * the partner token and the session; the first not refused with 401 names the route's audience.
 * `other` is what none of them open (Control Hub's customer-administrator session).
 */
export async function operations(t: TestApp, c: Credentials): Promise<Operation[]> {
  const { doc, resolve } = await openApi(t);
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<JsonSchema>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<JsonSchema>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
      const of = (where: string) => params.filter((p) => p.in === where).map((p) => ({ name: p.name, required: Boolean(p.required), schema: resolve(p.schema) ?? {} }));
      const o: Operation = {
        method: method.toUpperCase(),
        path,
        pathParams: of('path').map((p) => p.name),
        query: of('query'),
        headers: of('header'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        auth: 'other',
      };
      o.auth = await classify(t, o, c);
      out.push(o);
    }
  }
  return out;
}

async function classify(t: TestApp, o: Operation, c: Credentials): Promise<AuthKind> {
  const url = o.path.replace(/\{(\w+)\}/g, 'probe');
  for (const auth of ['public', 'operator', 'partner', 'session'] as const) {
    const res = await t.app.inject({
      method: o.method as 'GET',
      url,
      headers: { ...headersFor(auth, c, o.method), ...(o.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(o.method === 'GET' ? {} : { payload: '{,' }),
    });
    if (res.statusCode !== 401) return auth;
  }
  return 'other';
}

/** encodeURIComponent, and for text it refuses (a lone surrogate) the bytes as they are. */
export function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return [...Buffer.from(v)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

/** Replaces each `{param}` of the path. */
export const fillPath = (path: string, value: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encode(value(name)));

/** The JSON types a schema accepts (empty: unknown, e.g. a transform). */
export function jsonTypes(s: JsonSchema | undefined, resolve: (s: JsonSchema | undefined) => JsonSchema | undefined): Set<string> {
  const r = resolve(s);
  const out = new Set<string>();
  if (!r) return out;
  if (typeof r.type === 'string') out.add(r.type === 'integer' ? 'number' : r.type);
  if (Array.isArray(r.type)) for (const x of r.type) out.add(x === 'integer' ? 'number' : x);
  if ('const' in r) out.add(r.const === null ? 'null' : Array.isArray(r.const) ? 'array' : typeof r.const);
  if (Array.isArray(r.enum)) for (const e of r.enum) out.add(e === null ? 'null' : typeof e);
  for (const k of ['anyOf', 'oneOf', 'allOf']) {
    for (const sub of (r[k] ?? []) as JsonSchema[]) {
      const inner = jsonTypes(sub, resolve);
      if (inner.size === 0) return new Set();
      for (const x of inner) out.add(x);
    }
  }
  return out;
}

export const jsonTypeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * A value the schema accepts, made from plain rules (first enum value, formats, minimum sizes),
 * and `pick(name)` for any property whose name says which id or value it wants.
 */
export function sampleValue(s: JsonSchema | undefined, resolve: (s: JsonSchema | undefined) => JsonSchema | undefined, pick: (name: string) => unknown, name = '', depth = 0): unknown {
  const r = resolve(s) ?? {};
  const chosen = pick(name);
  if (chosen !== undefined) return chosen;
  if (depth > 8) return undefined;
  if ('const' in r) return r.const;
  if (Array.isArray(r.enum)) return r.enum[0];
  const alt = (r.anyOf ?? r.oneOf) as JsonSchema[] | undefined;
  if (alt) return sampleValue(alt.find((x) => resolve(x)?.type !== 'null') ?? alt[0], resolve, pick, name, depth + 1);
  if (r.allOf) return sampleValue(r.allOf[0], resolve, pick, name, depth + 1);
  const type = Array.isArray(r.type) ? r.type.find((x: string) => x !== 'null') : r.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      const required = new Set((r.required ?? []) as string[]);
      for (const key of Object.keys(r.properties ?? {})) {
        // Optional properties only when `pick` has a value for them (an id to try).
        if (required.has(key) || pick(key) !== undefined) o[key] = sampleValue(r.properties[key], resolve, pick, key, depth + 1);
      }
      for (const key of required) if (!(key in o)) o[key] = sampleValue(undefined, resolve, pick, key, depth + 1);
      return o;
    }
    case 'array': {
      const n = Math.max(1, r.minItems ?? 1);
      return Array.from({ length: n }, () => sampleValue(r.items, resolve, pick, name.replace(/s$/, ''), depth + 1));
    }
    case 'integer':
    case 'number':
      return r.minimum ?? (r.exclusiveMinimum !== undefined ? Number(r.exclusiveMinimum) + 1 : 1);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string': {
      if (r.format === 'email' || /email/i.test(name)) return 'someone@example.com';
      if (r.format === 'date' || /date/i.test(name)) return new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      if (r.format === 'date-time') return new Date().toISOString();
      if (r.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, r.minLength ?? 1));
    }
    default:
      return 'x';
  }
}
