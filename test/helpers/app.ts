import pino from 'pino';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import type { App } from '../../src/http/types.ts';
import type { JobRunner } from '../../src/jobs/runner.ts';
import { startWorker } from '../../src/worker.ts';
import { freshDatabase } from './db.ts';

export const OPERATOR = 'test-operator-token-000000';
export const PUBLIC_URL = 'http://wh.test';

export type Res<T = any> = { status: number; body: T; headers: Record<string, string | string[] | number | undefined> };

export interface TestApp {
  app: App;
  config: Config;
  database: Database;
  worker?: JobRunner;
  call<T = any>(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string }): Promise<Res<T>>;
  close(): Promise<void>;
}

/**
 * The real app on a real database, with the in-process worker polling fast. Requests go through
 * Fastify's inject (the full HTTP stack without a socket). No call may answer 5xx.
 */
export async function startTestApp(env: Record<string, string> = {}, opts: { worker?: boolean } = {}): Promise<TestApp> {
  const { database, drop } = await freshDatabase();
  const config = loadConfig({
    OPERATOR_TOKEN: OPERATOR,
    PUBLIC_URL,
    LOG_LEVEL: 'silent',
    JOB_POLL_INTERVAL_MS: '20',
    JOB_BACKOFF_BASE_MS: '20',
    ...env,
  }, []);
  const log = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const worker = opts.worker === false ? undefined : await startWorker({ config, database, log });
  const app = await buildApp({ config, database, logger: log, onEnqueued: () => worker?.wake() });
  await app.ready();
  return {
    app, config, database, worker,
    async call(method, url, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      let payload: string | undefined = o.raw;
      if (o.body !== undefined) {
        payload = JSON.stringify(o.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await app.inject({ method: method as 'GET', url, headers, payload });
      expect(res.statusCode, `${method} ${url} answered ${res.statusCode}: ${res.body}`).toBeLessThan(500);
      const type = String(res.headers['content-type'] ?? '');
      const body = type.includes('json') && res.body ? JSON.parse(res.body) : res.body;
      return { status: res.statusCode, body, headers: res.headers };
    },
    async close() {
      await worker?.stop();
      await app.close();
      // A test may have closed the database itself (to see the service without it).
      await database.close().catch(() => undefined);
      await drop();
    },
  };
}

/** Asserts the Webex error body and returns its first error code. */
export function expectWebexError(res: Res, status: number, code?: number): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body).toMatchObject({ message: expect.any(String), trackingId: expect.any(String) });
  expect(res.body.errors.length).toBeGreaterThan(0);
  for (const e of res.body.errors) expect(e).toMatchObject({ errorCode: expect.any(Number), description: expect.any(String) });
  expect(res.headers.trackingid).toBe(res.body.trackingId);
  if (code !== undefined) expect(res.body.errors.map((e: { errorCode: number }) => e.errorCode)).toContain(code);
}
