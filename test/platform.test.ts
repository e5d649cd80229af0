import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openEmbeddedDatabase } from '../src/db/client.ts';
import { DataDirLockedError, acquireDirLock } from '../src/db/lock.ts';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { freshDatabase } from './helpers/db.ts';

describe('platform endpoints', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers 200 {"status":"ok"} while the database answers', async () => {
    const res = await t.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI 3 document generated from the schemas, with every Webex customer path', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.servers[0].url).toBe('http://wh.test');
    const paths = Object.keys(res.body.paths);
    for (const p of ['/v1/wholesale/customers', '/v1/wholesale/customers/{customerId}', '/v1/wholesale/customers/validate', '/v1/wholesale/templates']) {
      expect(paths).toContain(p);
    }
    expect(res.body.paths['/v1/wholesale/customers'].post.requestBody.content['application/json'].schema).toBeTruthy();
    expect(res.body.components.schemas.Customer.properties.status.enum).toContain('pending_rpl_review');
  });

  it('serves /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger');
  });

  it('exposes Prometheus metrics with request counts and queue depth', async () => {
    await t.call('GET', '/health');
    const res = await t.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('wh_http_requests_total');
    expect(res.body).toContain('wh_http_request_duration_seconds');
    expect(res.body).toContain('wh_queue_depth');
    expect(res.body).toContain('wh_jobs_done_total');
  });

  it('answers unknown routes with the Webex error body and a TrackingID header', async () => {
    const res = await t.call('GET', '/v1/nothing-here');
    expectWebexError(res, 404, 1006);
  });

  it('keeps a client TrackingID', async () => {
    const res = await t.call('GET', '/health', { headers: { trackingid: 'ROUTER_62F66055-8D70' } });
    expect(res.headers.trackingid).toBe('ROUTER_62F66055-8D70');
  });

  it('refuses malformed JSON and non-JSON bodies with 4xx Webex errors', async () => {
    const bad = await t.call('POST', '/v1/wholesale/customers', { token: 'x'.repeat(20), raw: '{', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(401);
    const res = await t.call('POST', '/v1/operator/partners', { token: 'test-operator-token-000000', raw: '{"name":', headers: { 'content-type': 'application/json' } });
    expectWebexError(res, 400, 1004);
    const text = await t.call('POST', '/v1/operator/partners', { token: 'test-operator-token-000000', raw: 'name=x', headers: { 'content-type': 'text/plain' } });
    expectWebexError(text, 415, 1005);
  });
});

describe('health and logs', () => {
  it('GET /health answers 503 when the database does not answer', async () => {
    const local = await startTestApp({}, { worker: false });
    await local.database.close();
    const res = await local.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable' });
    await local.close();
  });

  it('writes structured JSON logs carrying the request\'s tracking id', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const { database, drop } = await freshDatabase();
    const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'info' }, []), database, logger: log });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/wholesale/customers', headers: { trackingid: 'TRACK_1234567890' } });
      expect(res.statusCode).toBe(401);
      const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const mine = entries.filter((e) => e.trackingId === 'TRACK_1234567890');
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(mine.some((e) => (e.res as { statusCode?: number } | undefined)?.statusCode === 401)).toBe(true);
    } finally {
      await app.close();
      await database.close();
      await drop();
    }
  });

  it('an over-long id is a 404 with the Webex body, not a router error', async () => {
    const t2 = await startTestApp({}, { worker: false });
    try {
      const res = await t2.call('GET', `/v1/operator/partners/${'A'.repeat(300)}`, { token: OPERATOR });
      expectWebexError(res, 404);
      const huge = await t2.call('GET', `/v1/operator/partners/${'A'.repeat(2000)}`, { token: OPERATOR });
      expect(huge.status).toBeGreaterThanOrEqual(400);
      expect(huge.status).toBeLessThan(500);
    } finally {
      await t2.close();
    }
  });
});

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({}, []);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.PORT).toBe(8080);
    expect(c.PUBLIC_URL).toBe('http://localhost:8080');
    expect(c.DATA_DIR).toBe('./data');
    expect(c.ROLE).toBe('all');
  });

  it('derives PUBLIC_URL from PORT and strips a trailing slash', () => {
    expect(loadConfig({ PORT: '9000' }, []).PUBLIC_URL).toBe('http://localhost:9000');
    expect(loadConfig({ PUBLIC_URL: 'https://hub.example.com/' }, []).PUBLIC_URL).toBe('https://hub.example.com');
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ PUBLIC_URL: 'not a url' }, /PUBLIC_URL/],
    [{ OPERATOR_TOKEN: 'short' }, /OPERATOR_TOKEN/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %o with a one-line reason', (env, re) => {
    expect(() => loadConfig(env as Record<string, string>, [])).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>, [])).toThrow(re);
  });

  it('reads --role api|worker|all and rejects anything else', () => {
    const server = { DATABASE_URL: 'postgres://localhost/x' };
    expect(loadConfig(server, ['--role', 'worker']).ROLE).toBe('worker');
    expect(loadConfig(server, ['--role=api']).ROLE).toBe('api');
    expect(() => loadConfig({}, ['--role', 'api'])).toThrow(/needs DATABASE_URL/);
    expect(() => loadConfig({}, ['--role', 'boss'])).toThrow(/--role/);
  });
});

describe('embedded data directory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'wh-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is locked: a second owner gets a clear error, and a released lock can be taken again', () => {
    const lock = acquireDirLock(dir);
    // Another live process's lock: simulate with our parent's pid (alive, not us).
    rmSync(path.join(dir, 'wholesale-hub.lock'));
    writeFileSync(path.join(dir, 'wholesale-hub.lock'), String(process.ppid));
    expect(() => acquireDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDirLock(dir)).toThrow(/in use by process/);
    lock.release();
    rmSync(path.join(dir, 'wholesale-hub.lock'), { force: true });
    const again = acquireDirLock(dir);
    again.release();
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(path.join(dir, 'wholesale-hub.lock'), '999999999');
    const lock = acquireDirLock(dir);
    lock.release();
  });

  it('keeps data across restarts and creates missing parent directories', async () => {
    const nested = path.join(dir, 'a', 'b');
    const first = await openEmbeddedDatabase({ dataDir: nested });
    await first.db.execute("INSERT INTO platform_services (name, maintenance) VALUES ('calling', true)" as never);
    await expect(openEmbeddedDatabase({ dataDir: nested })).rejects.toThrow(DataDirLockedError);
    await first.close();
    const second = await openEmbeddedDatabase({ dataDir: nested });
    const res = (await second.db.execute('SELECT maintenance FROM platform_services' as never)) as unknown as { rows: Array<{ maintenance: boolean }> };
    expect(res.rows[0]?.maintenance).toBe(true);
    await second.close();
  }, 60_000);
});
