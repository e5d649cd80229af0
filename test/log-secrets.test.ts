import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { Database } from '../src/db/client.ts';
import type { App } from '../src/http/types.ts';
import type { JobRunner } from '../src/jobs/runner.ts';
import { createLogger, redactUrl } from '../src/logger.ts';
import { startWorker } from '../src/worker.ts';
import { OPERATOR, PUBLIC_URL } from './helpers/app.ts';
import { freshDatabase } from './helpers/db.ts';
import { customerBody, templateBody } from './helpers/fixtures.ts';

/**
 * The real logger (src/logger.ts, as main.ts makes it) at trace level, API and worker, through a
 * day's worth of requests: no bearer token, operator token, session cookie, CSRF token,
 * password or SQL parameter may appear in any line.
 */
const lines: string[] = [];
const secrets = new Set<string>();
let app: App;
let worker: JobRunner;
let database: Database;
let drop: () => Promise<void>;
const log = createLogger('trace', new Writable({
  write(chunk: Buffer, _enc, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  },
}));

type Sent = { status: number; body: any; headers: Record<string, unknown> };
async function call(method: string, url: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await app.inject({ method: method as 'GET', url, headers, ...(o.body === undefined ? {} : { payload: o.body as object }) });
  const json = String(res.headers['content-type'] ?? '').includes('json') && res.body;
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.body, headers: res.headers };
}
const secret = <T extends string>(v: T): T => (secrets.add(v), v);

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  const config = loadConfig({ OPERATOR_TOKEN: OPERATOR, PUBLIC_URL, LOG_LEVEL: 'trace', JOB_POLL_INTERVAL_MS: '20', JOB_BACKOFF_BASE_MS: '20' }, []);
  worker = await startWorker({ config, database, log });
  app = await buildApp({ config, database, logger: log, onEnqueued: () => worker.wake() });
  await app.ready();
  secret(OPERATOR);
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  await database?.close().catch(() => undefined);
  await drop?.();
});

/** Secrets in the lines logged since `from`. */
const leaks = (from = 0) => lines.slice(from).flatMap((line) => [...secrets].filter((s) => line.includes(s)).map((s) => `${s} in ${line.slice(0, 300)}`));

describe('no secret in any log line', () => {
  it('a partner\'s day: tokens, passwords, sessions, CSRF tokens, mail jobs', async () => {
    const partner = await call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: 'Log Partner', adminEmail: 'admin@log.example' } });
    expect(partner.status).toBe(201);
    const tok = await call('POST', `/v1/operator/partners/${partner.body.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_customers_read', 'spark-admin:wholesale_customers_write'] } });
    const token = secret(tok.body.token as string);
    const password = secret(`pw-${randomBytes(12).toString('hex')}`);
    const email = 'ops@log.example';
    expect((await call('PUT', `/v1/operator/partners/${partner.body.id}/admins`, { token: OPERATOR, body: { email, password } })).status).toBe(200);

    const tpl = await call('POST', '/v1/wholesale/templates', { token, body: templateBody() });
    const accepted = await call('POST', '/v1/wholesale/customers', { token, body: customerBody(tpl.body.provisioningId), headers: { 'idempotency-key': secret(`idem-${randomBytes(8).toString('hex')}`) } });
    expect(accepted.status).toBe(202);
    const id = String(accepted.body.url).split('/').pop()!;
    // Provisioning runs in the worker (its jobs log too); then the mail jobs.
    let status = '';
    for (let i = 0; i < 400 && status !== 'provisioned'; i++) {
      status = (await call('GET', `/v1/wholesale/customers/${id}`, { token })).body.status;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe('provisioned');

    // Wrong password, then the right one; the session cookie and its CSRF token in use.
    expect((await call('POST', '/v1/portal/session', { body: { email, password: secret(`wrong-${randomBytes(8).toString('hex')}`) } })).status).toBe(401);
    const signIn = await call('POST', '/v1/portal/session', { body: { email, password } });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    secret(cookie.split('=')[1]!);
    const csrf = secret(signIn.body.csrfToken as string);
    expect((await call('GET', '/v1/wholesale/customers', { headers: { cookie } })).status).toBe(200);
    expect((await call('POST', '/v1/wholesale/templates', { headers: { cookie, 'x-csrf-token': csrf }, body: templateBody() })).status).toBe(201);
    // Refused requests log too: a bad token, a bad CSRF token, a bad body.
    expect((await call('GET', '/v1/wholesale/customers', { token: secret(`whp_${randomBytes(16).toString('hex')}`) })).status).toBe(401);
    expect((await call('POST', '/v1/wholesale/templates', { token, body: { name: password } })).status).toBe(400);
    expect((await call('DELETE', '/v1/portal/session', { headers: { cookie, 'x-csrf-token': csrf } })).status).toBe(204);

    expect(lines.filter((l) => l.includes('incoming request')).length).toBeGreaterThan(10);
    expect(leaks()).toEqual([]);
  });

  it('secrets a client puts in the URL: ?access_token=…, and every path parameter named like a token', async () => {
    const from = lines.length;
    const token = secret(`whp_${randomBytes(16).toString('hex')}`);
    await call('GET', `/v1/wholesale/customers?access_token=${token}&max=5`);
    await call('GET', `/v1/control-hub/activation?token=${secret(`act${randomBytes(12).toString('hex')}`)}`);
    await call('GET', `/v1/wholesale/templates?Password=${secret(`p-${randomBytes(8).toString('hex')}`)}`);
    const doc = (await call('GET', '/openapi.json')).body as { paths?: Record<string, Record<string, unknown>> };
    const secretParam = (name: string) => /token|secret|code|key|passw/i.test(name) && !/id$/i.test(name);
    let walked = 0;
    for (const [path, ops] of Object.entries(doc.paths ?? {})) {
      if (![...path.matchAll(/\{(\w+)\}/g)].some((m) => secretParam(m[1]!))) continue;
      for (const method of Object.keys(ops)) {
        walked++;
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (secretParam(name) ? secret(`s3cr3t${randomBytes(12).toString('hex')}`) : 'x'));
        await call(method.toUpperCase(), url, { body: method === 'get' ? undefined : {} });
      }
    }
    expect(lines.some((l) => l.includes('access_token=[REDACTED]'))).toBe(true);
    expect(walked, 'the consent links (/v1/consent/{token}…) are in the document').toBeGreaterThan(0);
    expect(leaks(from)).toEqual([]);
  });

  it('a database error on sign-in is logged without the query\'s parameters', async () => {
    const from = lines.length;
    await database.db.execute(sql.raw(`CREATE FUNCTION log_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'insert refused for the test'; END $$`));
    await database.db.execute(sql.raw('CREATE TRIGGER log_test_fail BEFORE INSERT ON portal_sessions FOR EACH ROW EXECUTE FUNCTION log_test_fail()'));
    try {
      const partner = await call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: 'Log Partner 2', adminEmail: 'admin@log2.example' } });
      const password = secret(`pw-${randomBytes(12).toString('hex')}`);
      await call('PUT', `/v1/operator/partners/${partner.body.id}/admins`, { token: OPERATOR, body: { email: 'db@log.example', password } });
      const before = lines.length;
      expect((await call('POST', '/v1/portal/session', { body: { email: 'db@log.example', password } })).status).toBe(500);
      const logged = lines.slice(before).filter((l) => l.includes('Failed query'));
      expect(logged.length, 'the failure is logged').toBeGreaterThan(0);
      // The failed INSERT carried the session's token hash and its CSRF token.
      for (const l of logged) {
        expect(l).not.toMatch(/params: (?!\[REDACTED\])/);
        expect(l).not.toMatch(/"params":\s*\[/);
      }
    } finally {
      await database.db.execute(sql.raw('DROP TRIGGER log_test_fail ON portal_sessions'));
      await database.db.execute(sql.raw('DROP FUNCTION log_test_fail()'));
    }
    expect(leaks(from)).toEqual([]);
  });

  it('whatever a log call passes: credential headers, password and token fields, query messages', () => {
    const before = lines.length;
    const s = secret(`x-${randomBytes(8).toString('hex')}`);
    log.info({ req: { headers: { authorization: `Bearer ${s}`, cookie: `wh_session=${s}`, 'x-csrf-token': s } } }, 'debugging');
    log.info({ headers: { authorization: s, cookie: s }, body: { password: s, token: s } }, 'debugging');
    log.info({ password: s, token: s, csrfToken: s, admin: { password: s } }, 'debugging');
    log.warn({ reason: `Failed query: insert into x values ($1)\nparams: ${s}` }, 'database unavailable');
    expect(lines.length - before).toBe(4);
    expect(leaks(before)).toEqual([]);
    expect(redactUrl('/v1/x?a=1&token=abc&b=2')).toBe('/v1/x?a=1&token=[REDACTED]&b=2');
    expect(redactUrl('/v1/consent/abc/accept', '/v1/consent/:token/accept', { token: 'abc' })).toBe('/v1/consent/[REDACTED]/accept');
    expect(redactUrl('/v1/wholesale/customers/abc', '/v1/wholesale/customers/:customerId', { customerId: 'abc' })).toBe('/v1/wholesale/customers/abc');
  });
});
