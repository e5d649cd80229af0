import { afterAll, describe, expect, it } from 'vitest';
import { freshServerUrl } from './helpers/db.ts';
import { customerBody, templateBody } from './helpers/fixtures.ts';
import { http, startServer, type ServerProcess } from './helpers/process.ts';

/**
 * `--role api|worker|all`: with a PostgreSQL server, API-only and worker-only processes share the
 * work (two APIs, two workers here); with the embedded database the split is refused at start.
 */
const OPERATOR_TOKEN = 'roles-operator-token-000000';
const PARTNER_TOKEN = 'roles-partner-token-0000000';
const procs: ServerProcess[] = [];
let drop: (() => Promise<void>) | undefined;

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL').catch(() => undefined)));
  await drop?.();
});

describe('process roles', () => {
  it('splits API and workers over a shared PostgreSQL server, or refuses the split on the embedded database', async () => {
    const server = await freshServerUrl();
    if (!server) {
      const p = await startServer({ DATA_DIR: '/nonexistent-never-created' }, { args: ['--role', 'api'], waitHealthy: false });
      procs.push(p);
      const exit = await p.exited;
      expect(exit.code).toBe(1);
      expect(p.output()).toContain('--role api needs DATABASE_URL');
      return;
    }
    drop = server.drop;
    const env = { DATABASE_URL: server.url, OPERATOR_TOKEN, BOOTSTRAP_PARTNER_TOKEN: PARTNER_TOKEN, LOG_LEVEL: 'warn', JOB_POLL_INTERVAL_MS: '50' };
    const api1 = await startServer(env, { args: ['--role', 'api'] });
    procs.push(api1);
    const api2 = await startServer(env, { args: ['--role=api'] });
    procs.push(api2);
    const tpl = await http(api1.url, 'POST', '/v1/wholesale/templates', { token: PARTNER_TOKEN, body: templateBody() });
    expect(tpl.status).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const api = i % 2 ? api1 : api2;
      const res = await http(api.url, 'POST', '/v1/wholesale/customers', { token: PARTNER_TOKEN, body: customerBody(tpl.body.provisioningId) });
      expect(res.status).toBe(202);
      ids.push(res.body.url.split('/').pop());
    }
    // API processes run no jobs: everything waits for a worker.
    await new Promise((r) => setTimeout(r, 1000));
    const waiting = await http(api1.url, 'GET', '/v1/wholesale/customers?status=provisioning', { token: PARTNER_TOKEN });
    expect(waiting.body.items).toHaveLength(20);
    const [w1, w2] = await Promise.all([
      startServer(env, { args: ['--role', 'worker'], waitHealthy: false }),
      startServer(env, { args: ['--role', 'worker'], waitHealthy: false }),
    ]);
    procs.push(w1, w2);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = await http(api2.url, 'GET', '/v1/wholesale/customers?status=provisioned', { token: PARTNER_TOKEN });
      if (list.body.items.length === 20) break;
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const w of [w1, w2]) expect(w.running()).toBe(true);
    expect(ids).toHaveLength(20);
  }, 120_000);
});
