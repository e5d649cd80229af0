import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../src/db/client.ts';
import { freshServerUrl, usingServer } from './helpers/db.ts';
import { customerBody, customerIdOf, templateBody } from './helpers/fixtures.ts';
import { http, startServer, type ServerProcess } from './helpers/process.ts';

/**
 * The durability promise of the job queue, end to end with a real process: accept 50 customers,
 * SIGKILL the server while their workflows run, start it again on the same database, and every
 * customer reaches a final status exactly once — nothing lost, no side effect done twice.
 * Runs on PGlite (a data dir on disk, whose lock file the killed process leaves behind) or on
 * the PostgreSQL server when TEST_DATABASE_URL is set (jobs locked by the dead process are
 * claimed again after JOB_VISIBILITY_TIMEOUT_MS).
 */

const N = 50;
const OPERATOR_TOKEN = 'crash-test-operator-token-0000';
const PARTNER_TOKEN = 'crash-test-partner-token-00000';
const FINAL = new Set(['provisioned', 'provisioned_with_errors', 'error']);
/** Kill once this many customers are final, so the kill lands mid-stream ... */
const KILL_AFTER_FINAL = 3;
/** ... but only while at least this many are still waiting or running. */
const MIN_PENDING_AT_KILL = 10;

const MEETINGS = ['webex_meetings'];
const CALLING_MEETINGS = ['webex_calling', 'webex_meetings'];
const STEPS_MEETINGS = ['compliance', 'create_org', 'sip_domain', 'meetings_site', 'licenses:webex_meetings', 'administrator'];
const STEPS_CALLING_MEETINGS = [...STEPS_MEETINGS, 'calling', 'e911', 'licenses:webex_calling'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: ServerProcess | undefined;
let dataDir: string | undefined;
let serverDb: { url: string; drop: () => Promise<void> } | undefined;

afterAll(async () => {
  // On failure the child may still run: never leave it behind.
  if (server?.running()) await server.stop('SIGKILL').catch(() => undefined);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  await serverDb?.drop();
});

type ListItem = { id: string; externalId: string; status: string; packages: string[] };

async function listAll(base: string): Promise<ListItem[]> {
  const res = await http<{ items: ListItem[] }>(base, 'GET', '/v1/wholesale/customers?max=100', { token: PARTNER_TOKEN });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

function countStatuses(items: ListItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return counts;
}

/** Runs fn over items with at most `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}

/** Read-only SQL on the database the child used, after the child has exited. */
async function openForInspection(): Promise<{ q: <T = any>(text: string) => Promise<T[]>; close: () => Promise<void> }> {
  if (serverDb) {
    const client = new pg.Client({ connectionString: serverDb.url });
    await client.connect();
    return { q: async (text) => (await client.query(text)).rows, close: () => client.end() };
  }
  const database = await openEmbeddedDatabase({ dataDir: dataDir! });
  return {
    q: async (text) => (await database.db.execute(sql.raw(text)) as unknown as { rows: any[] }).rows,
    close: () => database.close(),
  };
}

describe(`crash recovery (${usingServer() ? 'PostgreSQL server' : 'PGlite on disk'})`, () => {
  it('accepts 50 customers, survives SIGKILL while jobs run, and finishes each exactly once', async () => {
    const started = Date.now();
    serverDb = await freshServerUrl();
    if (!serverDb) dataDir = mkdtempSync(path.join(tmpdir(), 'wh-crash-'));
    const env: Record<string, string> = {
      OPERATOR_TOKEN,
      BOOTSTRAP_PARTNER_TOKEN: PARTNER_TOKEN,
      LOG_LEVEL: 'warn',
      PROVISIONING_STEP_DELAY_MS: '40',
      WORKER_CONCURRENCY: '4',
      JOB_VISIBILITY_TIMEOUT_MS: '2000',
      JOB_POLL_INTERVAL_MS: '50',
      ...(serverDb ? { DATABASE_URL: serverDb.url } : { DATA_DIR: dataDir! }),
    };

    // 1. First life: accept 50 customers.
    server = await startServer(env);
    const first = server;
    const timings: Record<string, number> = { firstHealthy: Date.now() - started };

    const tpl = await http(first.url, 'POST', '/v1/wholesale/templates', { token: PARTNER_TOKEN, body: templateBody() });
    expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
    const provisioningId: string = tpl.body.provisioningId;

    const bodies = Array.from({ length: N }, (_, i) =>
      customerBody(provisioningId, { packages: i % 2 === 0 ? MEETINGS : CALLING_MEETINGS }));
    const accepted = await pool(bodies, 5, async (body) => {
      const res = await http(first.url, 'POST', '/v1/wholesale/customers', { token: PARTNER_TOKEN, body });
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return { id: customerIdOf(res.body.url as string), externalId: body.externalId, packages: body.packages as string[] };
    });
    timings.accepted = Date.now() - started;
    const acceptedIds = new Set(accepted.map((a) => a.id));
    expect(acceptedIds.size).toBe(N);

    // 2. Kill it while jobs run: some customers done, many still provisioning.
    let atKill: Record<string, number> = {};
    for (;;) {
      const items = await listAll(first.url);
      expect(items).toHaveLength(N);
      atKill = countStatuses(items);
      const final = items.filter((i) => FINAL.has(i.status)).length;
      if (N - final < MIN_PENDING_AT_KILL || final >= KILL_AFTER_FINAL) break;
      await sleep(20);
    }
    const killAt = new Date();
    const killed = await first.stop('SIGKILL');
    timings.killed = Date.now() - started;
    expect(killed.signal).toBe('SIGKILL');
    // Otherwise the restart has nothing to recover and the test proves nothing.
    const pendingAtKill = N - [...FINAL].reduce((n, s) => n + (atKill[s] ?? 0), 0);
    expect(pendingAtKill, `statuses at the kill: ${JSON.stringify(atKill)}`).toBeGreaterThanOrEqual(MIN_PENDING_AT_KILL);
    expect(atKill.provisioning).toBe(pendingAtKill);

    if (dataDir) {
      // The killed process could not remove its lock: the next start must take it over.
      const lockFile = path.join(dataDir, 'wholesale-hub.lock');
      expect(existsSync(lockFile)).toBe(true);
      expect(readFileSync(lockFile, 'utf8').trim()).toBe(String(first.pid));
    }

    // 3. Second life on the same database: everything finishes.
    const restartAt = new Date();
    server = await startServer(env);
    const second = server;
    timings.restarted = Date.now() - started;
    let items: ListItem[] = [];
    const deadline = Date.now() + 60_000;
    for (;;) {
      items = await listAll(second.url);
      if (items.every((i) => FINAL.has(i.status))) break;
      if (Date.now() > deadline) throw new Error(`not all final after restart: ${JSON.stringify(countStatuses(items))}`);
      await sleep(100);
    }
    timings.allFinal = Date.now() - started;

    // Nothing lost, nothing twice, nothing failed.
    expect(items).toHaveLength(N);
    expect(countStatuses(items)).toEqual({ provisioned: N });
    expect(new Set(items.map((i) => i.id))).toEqual(acceptedIds);
    const externalIds = items.map((i) => i.externalId);
    expect(new Set(externalIds).size).toBe(N);
    expect(new Set(externalIds)).toEqual(new Set(accepted.map((a) => a.externalId)));

    // Each package provisioned with exactly one licence.
    await pool(accepted, 5, async (a) => {
      const res = await http(second.url, 'GET', `/v1/wholesale/customers/${a.id}?includePackageLicenseInfo=true`, { token: PARTNER_TOKEN });
      expect(res.status).toBe(200);
      const pkgs = res.body.resourceDetails.packages as { name: string; status: string; licenseIds: string[] }[];
      expect(pkgs.map((p) => p.name).sort()).toEqual([...a.packages].sort());
      for (const p of pkgs) {
        expect(p.status, `${a.id} ${p.name}`).toBe('provisioned');
        expect(p.licenseIds, `${a.id} ${p.name}`).toHaveLength(1);
      }
    });

    // 4. Stop cleanly; the PGlite lock goes with the process.
    const stopped = await second.stop('SIGTERM');
    expect(stopped, second.output()).toEqual({ code: 0, signal: null });
    if (dataDir) expect(existsSync(path.join(dataDir, 'wholesale-hub.lock'))).toBe(false);
    timings.stopped = Date.now() - started;

    // 5. The database itself: one of each side effect per customer.
    const { q, close } = await openForInspection();
    try {
      const n = async (text: string) => Number((await q<{ n: number }>(text))[0]!.n);
      const meetingsCount = accepted.filter((a) => a.packages.includes('webex_meetings')).length;
      const callingCount = accepted.filter((a) => a.packages.includes('webex_calling')).length;
      const packageCount = accepted.reduce((s, a) => s + a.packages.length, 0);

      expect(await n(`SELECT count(*)::int AS n FROM customers`)).toBe(N);
      expect(await n(`SELECT count(*)::int AS n FROM customers WHERE status = 'provisioned' AND run = 1 AND org_ready`)).toBe(N);

      // Organizations: exactly one per customer, the one chosen at acceptance.
      expect(await n(`SELECT count(*)::int AS n FROM organizations`)).toBe(N);
      expect(await n(`SELECT count(*)::int AS n FROM customers c JOIN organizations o ON o.id = c.org_id`)).toBe(N);
      expect(await n(`SELECT count(*)::int AS n FROM organizations WHERE sip_domain IS NULL`)).toBe(0);

      // Licences: one per (org, package), as many as packages were ordered.
      expect(await q(`SELECT org_id, package, count(*)::int AS n FROM licenses GROUP BY org_id, package HAVING count(*) > 1`)).toEqual([]);
      expect(await n(`SELECT count(*)::int AS n FROM licenses`)).toBe(packageCount);
      expect(await n(`SELECT count(*)::int AS n FROM licenses l JOIN customers c ON c.org_id = l.org_id AND l.package = ANY(c.packages)`)).toBe(packageCount);

      // Workflow steps: each recorded once; create_org exactly once per customer.
      expect(await q(`SELECT customer_id, run, step FROM workflow_steps GROUP BY customer_id, run, step HAVING count(*) > 1`)).toEqual([]);
      expect(await n(`SELECT count(*)::int AS n FROM workflow_steps WHERE step = 'create_org'`)).toBe(N);
      const steps = await q<{ customer_id: string; steps: string[] }>(
        `SELECT customer_id, array_agg(step ORDER BY step) AS steps FROM workflow_steps GROUP BY customer_id`);
      expect(steps).toHaveLength(N);
      const orgOf = new Map((await q<{ id: string; packages: string[] }>(`SELECT id, packages FROM customers`)).map((r) => [r.id, r.packages]));
      for (const s of steps) {
        const pkgs = orgOf.get(s.customer_id)!;
        const expected = pkgs.includes('webex_calling') ? STEPS_CALLING_MEETINGS : STEPS_MEETINGS;
        expect(s.steps, s.customer_id).toEqual([...expected].sort());
      }

      // Meetings sites, calling locations (registered for E911) and administrators: one each.
      expect(await n(`SELECT count(*)::int AS n FROM meeting_sites`)).toBe(meetingsCount);
      expect(await n(`SELECT count(DISTINCT org_id)::int AS n FROM meeting_sites`)).toBe(meetingsCount);
      expect(await n(`SELECT count(*)::int AS n FROM locations`)).toBe(callingCount);
      expect(await n(`SELECT count(*)::int AS n FROM locations WHERE is_headquarters AND e911 IS NOT NULL`)).toBe(callingCount);
      expect(await n(`SELECT count(*)::int AS n FROM org_admins`)).toBe(N);

      // The provisioning queue is drained: no workflow job left, no job failed. (Mail jobs may
      // still wait: the server was stopped right after the last customer was final.)
      expect(await q(`SELECT id, type, attempts, failed_at, last_error FROM jobs WHERE type LIKE 'customer.%' OR failed_at IS NOT NULL`)).toEqual([]);
      // Each administrator was invited exactly once, crash or not.
      expect(await n(`SELECT count(*)::int AS n FROM mail_outbox WHERE kind = 'admin_invitation'`)).toBe(N);

      // The kill really interrupted workflows: steps of one run on both sides of it.
      const interrupted = await n(`
        SELECT count(*)::int AS n FROM (
          SELECT customer_id FROM workflow_steps GROUP BY customer_id
          HAVING min(completed_at) < '${killAt.toISOString()}'::timestamptz
             AND max(completed_at) > '${restartAt.toISOString()}'::timestamptz) x`);
      expect(interrupted).toBeGreaterThanOrEqual(1);
      timings.checked = Date.now() - started;
      console.log(`crash test on ${serverDb ? 'server' : 'PGlite'}: statuses at kill ${JSON.stringify(atKill)}, `
        + `${interrupted} workflow(s) interrupted mid-run, timings (ms) ${JSON.stringify(timings)}`);
    } finally {
      await close();
    }
  }, 180_000);
});
