import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { DEFAULT_PORTAL_DIR } from '../src/http/portal-static.ts';
import type { App } from '../src/http/types.ts';
import { expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { freshDatabase } from './helpers/db.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('Partner Hub served at / (the real bundle)', () => {
  let t: TestApp;
  let index: string;
  beforeAll(async () => {
    // What `npm start` does first: build web/dist when it is missing or older than web/.
    execFileSync(process.execPath, [path.join(repo, 'scripts/portal-build-if-stale.mjs')], { cwd: repo, stdio: 'pipe' });
    index = readFileSync(path.join(DEFAULT_PORTAL_DIR, 'index.html'), 'utf8');
    t = await startTestApp({}, { worker: false });
  }, 120_000);
  afterAll(() => t?.close());

  it('serves the app\'s index.html at /, never cached', async () => {
    const res = await t.call('GET', '/', { headers: HTML });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(index);
    expect(res.body).toContain('<div id="root">');
    const head = await t.app.inject({ method: 'HEAD', url: '/' });
    expect(head.statusCode).toBe(200);
  });

  it('serves the hashed assets the page names, cached for good', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)?.[1];
    expect(script).toBeTruthy();
    const res = await t.app.inject({ method: 'GET', url: script! });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toMatch(/immutable/);
    const icon = await t.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/svg/);
  });

  it.each(['/customers/abc', '/customers/new', '/templates/Y2lzY29zcGFyazovL3VzL1RFTVBMQVRFLzE/edit', '/customers/abc?status=error'])(
    'answers the deep link %s with index.html (the app routes on the client)',
    async (url) => {
      const res = await t.call('GET', url, { headers: HTML });
      expect(res.status).toBe(200);
      expect(res.body).toBe(index);
      // curl and other clients without an Accept preference get the page too.
      const bare = await t.app.inject({ method: 'GET', url });
      expect(bare.statusCode).toBe(200);
    },
  );

  it('keeps the Webex JSON 404 for API paths, even from a browser', async () => {
    for (const url of ['/v1/nothing', '/v1', '/v1/wholesale/customers/x/y/z', '/openapi.json/x', '/health/x', '/metrics/x']) {
      expectWebexError(await t.call('GET', url, { headers: HTML }), 404, 1006);
    }
  });

  it('keeps the API, its documents and the system endpoints', async () => {
    expect((await t.call('GET', '/health')).body).toEqual({ status: 'ok' });
    expect((await t.call('GET', '/openapi.json')).body.openapi).toMatch(/^3\./);
    const docs = await t.app.inject({ method: 'GET', url: '/docs/', headers: HTML });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    expectWebexError(await t.call('GET', '/v1/wholesale/customers'), 401, 4001);
  });

  it('answers 404 (JSON) for missing files, other methods and clients that do not want HTML', async () => {
    expectWebexError(await t.call('GET', '/assets/missing-123.js', { headers: HTML }), 404, 1006);
    expectWebexError(await t.call('GET', '/nothing.png', { headers: HTML }), 404, 1006);
    expectWebexError(await t.call('POST', '/customers/abc', { body: {} }), 404, 1006);
    expectWebexError(await t.call('GET', '/customers/abc', { headers: { accept: 'application/json' } }), 404, 1006);
  });

  it('never serves files outside the bundle', async () => {
    for (const url of ['/..%2fpackage.json', '/%2e%2e/package.json', '/assets/..%2f..%2f..%2fpackage.json', '/%00']) {
      const res = await t.app.inject({ method: 'GET', url, headers: HTML });
      expect(res.body).not.toContain('"wholesale-hub"');
      expect(res.statusCode === 404 || res.body === index).toBe(true);
    }
  });
});

describe('without a bundle', () => {
  let app: App;
  let dir: string;
  let drop: () => Promise<void>;
  let close: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wh-portal-'));
    const db = await freshDatabase();
    drop = db.drop;
    close = () => db.database.close();
    app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }, []), database: db.database, portalDir: dir });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await close();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the placeholder page at / and 404s elsewhere', async () => {
    const root = await app.inject({ method: 'GET', url: '/', headers: HTML });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('Partner Hub is coming here');
    const deep = await app.inject({ method: 'GET', url: '/customers/abc', headers: HTML });
    expect(deep.statusCode).toBe(404);
    expect(deep.json()).toMatchObject({ errors: [{ errorCode: 1006 }] });
  });

  it('serves a bundle built after the server started, without a restart', async () => {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    expect((await app.inject({ method: 'GET', url: '/' })).body).toContain('id="root"');
    expect((await app.inject({ method: 'GET', url: '/customers/abc', headers: HTML })).body).toContain('id="root"');
    expect((await app.inject({ method: 'GET', url: '/assets/app-1.js' })).body).toBe('console.log(1)');
  });
});
