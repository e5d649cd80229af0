import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, customerIdOf, templateBody, unique } from '../helpers/fixtures.ts';
import { startServer, type ServerProcess } from '../helpers/process.ts';
import { attempt, listAll, sleep, type Attempt } from './helpers/load.ts';
import { createThrowawayPostgres, type ThrowawayPostgres } from './helpers/pg-server.ts';

/**
 * A PostgreSQL restart under load, on a throwaway server of our own: an API and a worker process,
 * clients posting customers and subscribers (retrying 503 with the same Idempotency-Key), the
 * database fast-stopped for a few seconds and started again. During the outage every answer is a
 * quick 503 with Retry-After and the Webex error body; nothing hangs; within 5 s of the database's
 * return the service answers again by itself (same processes); nothing accepted is lost.
 */
const OPERATOR_TOKEN = 'outage-operator-token-00000';
const TOKEN = 'outage-partner-token-000000';
const CLIENTS = 8;
const DOWN_MS = 4_000;
/** No answer may take longer than this (the client gives up at twice that). */
const MAX_ANSWER_MS = 5_000;
const RECOVERY_MS = 5_000;

let pgs: ThrowawayPostgres;
const procs: ServerProcess[] = [];
beforeAll(async () => {
  pgs = await createThrowawayPostgres();
  await pgs.start();
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop('SIGKILL').catch(() => undefined)));
  await pgs?.destroy();
});

type Sent = Attempt & { kind: string; sentAt: number };
type Accepted = { kind: 'customer' | 'subscriber'; id: string; externalId?: string; email?: string };

describe('database outage (own PostgreSQL 15, fast shutdown and restart)', () => {
  it('answers 503 with Retry-After while the database is down, recovers by itself, and loses nothing accepted', async () => {
    const env = {
      DATABASE_URL: pgs.url, OPERATOR_TOKEN, BOOTSTRAP_PARTNER_TOKEN: TOKEN, LOG_LEVEL: 'warn',
      PROVISIONING_STEP_DELAY_MS: '50', JOB_POLL_INTERVAL_MS: '50', JOB_VISIBILITY_TIMEOUT_MS: '3000', JOB_BACKOFF_BASE_MS: '200',
    };
    const api = await startServer(env, { args: ['--role', 'api'] });
    const worker = await startServer(env, { args: ['--role', 'worker'], waitHealthy: false });
    procs.push(api, worker);

    // A template, and a provisioned customer to add subscribers to.
    const tpl = await attempt(api.url, 'POST', '/v1/wholesale/templates', { token: TOKEN, body: templateBody(), timeoutMs: 10_000 });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    const provisioningId = tpl.body.provisioningId as string;
    const seed = await attempt(api.url, 'POST', '/v1/wholesale/customers', { token: TOKEN, body: customerBody(provisioningId), timeoutMs: 10_000 });
    expect(seed.status).toBe(202);
    const seedId = customerIdOf(seed.body.url);
    for (const deadline = Date.now() + 30_000; ;) {
      const c = await attempt(api.url, 'GET', `/v1/wholesale/customers/${seedId}`, { token: TOKEN, timeoutMs: 10_000 });
      if (c.status === 200 && c.body.status === 'provisioned') break;
      expect(Date.now()).toBeLessThan(deadline);
      await sleep(100);
    }

    const sent: Sent[] = [];
    const accepted: Accepted[] = [];
    const refused: Sent[] = [];
    let stopLoad = false;

    // Clients: post until accepted, retrying 503 (and only 503) with the same key.
    const client = async (n: number) => {
      for (let i = 0; !stopLoad; i++) {
        const kind = (n + i) % 5 === 0 ? 'customer' : 'subscriber';
        const body = kind === 'customer'
          ? customerBody(provisioningId)
          : { customerId: seedId, email: `${unique('u')}@outage.example`.toLowerCase(), packages: ['webex_meetings'],
            provisioningParameters: { firstName: 'Ada', lastName: 'Lovelace' } };
        const key = unique('outage-key');
        for (;;) {
          const sentAt = Date.now();
          const a = await attempt(api.url, 'POST', `/v1/wholesale/${kind}s`, { token: TOKEN, body, key, timeoutMs: 2 * MAX_ANSWER_MS });
          sent.push({ ...a, kind, sentAt });
          if (a.status === 200 || a.status === 202) {
            const id = kind === 'customer' ? customerIdOf(a.body.url) : a.body.id;
            accepted.push(kind === 'customer'
              ? { kind, id, externalId: (body as { externalId: string }).externalId }
              : { kind, id, email: (body as { email: string }).email });
            break;
          }
          if (a.status !== 503) {
            refused.push({ ...a, kind, sentAt });
            break;
          }
          await sleep(200);
        }
      }
    };
    // A probe reading a list, to time the recovery independently of the clients' pauses.
    const probes: Sent[] = [];
    const probe = async () => {
      while (!stopLoad) {
        const sentAt = Date.now();
        probes.push({ ...(await attempt(api.url, 'GET', '/v1/wholesale/customers?max=1', { token: TOKEN, timeoutMs: 2 * MAX_ANSWER_MS })), kind: 'probe', sentAt });
        await sleep(100);
      }
    };
    const load = Promise.all([...Array.from({ length: CLIENTS }, (_, n) => client(n)), probe()]);

    await sleep(2_500);
    const acceptedBefore = accepted.length;
    const downAt = Date.now();
    await pgs.stop();
    const stoppedAt = Date.now();
    await sleep(DOWN_MS);
    const startingAt = Date.now();
    await pgs.start();
    const upAt = Date.now();
    // Load on for the recovery window and a little after it.
    await sleep(RECOVERY_MS + 2_000);
    stopLoad = true;
    await load;

    const all = [...sent, ...probes];
    // Sent once the server had exited, answered before it was being started again.
    const during = all.filter((a) => a.sentAt >= stoppedAt && a.sentAt + a.ms <= startingAt);
    const unavailable = all.filter((a) => a.status === 503);
    const firstOkAfter = (list: Sent[]) => list.find((a) => a.sentAt >= upAt && typeof a.status === 'number' && a.status < 300);
    const probeOk = firstOkAfter(probes);
    const postOk = firstOkAfter(sent);
    const slowest = Math.max(...all.map((a) => a.ms));
    const tally = (list: Sent[]) => {
      const t: Record<string, number> = {};
      for (const a of list) {
        const what = `${a.status} ${a.error ?? a.body?.errors?.[0]?.errorCode ?? ''}`.trim();
        t[what] = (t[what] ?? 0) + 1;
      }
      return t;
    };
    const codes = [...new Set(unavailable.flatMap((a) => (a.body?.errors ?? []).map((e: { errorCode: number }) => e.errorCode)))];
    console.log(`database outage: ${all.length} requests (${sent.length} POST attempts, ${probes.length} probes), `
      + `${accepted.length} accepted (${acceptedBefore} before the outage), down ${startingAt - stoppedAt} ms (stop took ${stoppedAt - downAt} ms), ${unavailable.length} × 503 (codes ${codes.join(',')}), `
      + `slowest answer ${slowest} ms, recovery after the database returned: GET ${probeOk ? probeOk.sentAt + probeOk.ms - upAt : '-'} ms, `
      + `POST ${postOk ? postOk.sentAt + postOk.ms - upAt : '-'} ms; answers ${JSON.stringify(tally(all))}`);

    // The same processes throughout: none crashed on the lost connections.
    expect(api.running(), api.output()).toBe(true);
    expect(worker.running(), worker.output()).toBe(true);
    // Every answer came, and quickly: no hang, no broken connection, no other error.
    expect(tally(all.filter((a) => typeof a.status !== 'number')), 'timeouts or broken connections').toEqual({});
    expect(slowest).toBeLessThan(MAX_ANSWER_MS);
    expect(tally(refused), 'answers other than 2xx and 503').toEqual({});
    expect(tally(probes.filter((a) => a.status !== 200 && a.status !== 503))).toEqual({});

    // During the outage: 503, Retry-After, the Webex error body with a 103x code.
    expect(during.length).toBeGreaterThan(CLIENTS);
    expect(tally(during.filter((a) => a.status !== 503)), 'answers while the database was down').toEqual({});
    for (const a of unavailable) {
      expect(Number(a.headers!.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(a.body).toMatchObject({ message: expect.any(String), trackingId: expect.any(String) });
      expect(a.body.errors).toHaveLength(1);
      expect(a.body.errors[0].errorCode).toBeGreaterThanOrEqual(1030);
      expect(a.body.errors[0].errorCode).toBeLessThanOrEqual(1039);
    }

    // Back by itself, within 5 s, and for good.
    expect(probeOk && postOk).toBeTruthy();
    expect(probeOk!.sentAt + probeOk!.ms - upAt).toBeLessThanOrEqual(RECOVERY_MS);
    expect(postOk!.sentAt + postOk!.ms - upAt).toBeLessThanOrEqual(RECOVERY_MS);
    expect(tally(all.filter((a) => a.sentAt > upAt + RECOVERY_MS && a.status !== 200 && a.status !== 202))).toEqual({});

    // Nothing accepted is lost: every customer provisioned (the worker resumed), every subscriber there.
    const customers = accepted.filter((a) => a.kind === 'customer');
    const subscribers = accepted.filter((a) => a.kind === 'subscriber');
    expect(customers.length).toBeGreaterThan(0);
    expect(subscribers.length).toBeGreaterThan(0);
    let listed: { id: string; externalId: string; status: string }[] = [];
    for (const deadline = Date.now() + 60_000; ;) {
      listed = await listAll(api.url, TOKEN, '/v1/wholesale/customers');
      if (listed.every((c) => c.status === 'provisioned')) break;
      if (Date.now() > deadline) throw new Error(`customers not provisioned: ${JSON.stringify(listed.filter((c) => c.status !== 'provisioned'))}`);
      await sleep(200);
    }
    expect(listed.map((c) => c.id).sort()).toEqual([seedId, ...customers.map((c) => c.id)].sort());
    expect(new Set(listed.map((c) => c.externalId)).size).toBe(listed.length);
    const subs = await listAll<{ id: string; email: string }>(api.url, TOKEN, `/v1/wholesale/subscribers?customerId=${seedId}`);
    expect(subs.map((s) => s.id).sort()).toEqual(subscribers.map((s) => s.id).sort());
    expect(subs.map((s) => s.email).sort()).toEqual(subscribers.map((s) => s.email).sort());
    expect(worker.running() && api.running(), 'processes still running').toBe(true);
  }, 120_000);

  it('answers 503 (busy) instead of waiting when no pooled connection comes free', async () => {
    const admin = new pg.Client({ connectionString: pgs.url });
    await admin.connect();
    await admin.query('CREATE DATABASE busy');
    await admin.end();
    const url = pgs.url.replace(/\/postgres$/, '/busy');
    const api = await startServer({ DATABASE_URL: url, BOOTSTRAP_PARTNER_TOKEN: TOKEN, LOG_LEVEL: 'warn', PG_POOL_SIZE: '1' }, { args: ['--role', 'api'] });
    procs.push(api);
    const list = () => attempt(api.url, 'GET', '/v1/wholesale/customers', { token: TOKEN, timeoutMs: 15_000 });
    expect((await list()).status).toBe(200);

    // A session holds a lock the list needs: the process's only connection waits on it.
    const locker = new pg.Client({ connectionString: url });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE customers IN ACCESS EXCLUSIVE MODE');
      const stuck = list();
      await sleep(300);
      const busy = await list();
      expect(busy.status, JSON.stringify(busy.body ?? busy.error)).toBe(503);
      expect(busy.headers!.get('retry-after')).toBe('1');
      expect(busy.body.errors).toEqual([{ errorCode: 1031, description: expect.any(String) }]);
      await locker.query('COMMIT');
      expect((await stuck).status).toBe(200);
    } finally {
      await locker.end();
    }
    expect((await list()).status).toBe(200);
  }, 60_000);
});
