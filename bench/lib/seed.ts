/**
 * Seeds a large subscriber tenant straight into the database, and captures the plans of the
 * subscriber list queries the server runs.
 *
 * The rows match src/db/schema.ts for what the subscriber routes read and write: organizations,
 * customers (status provisioned, org_ready), customer_packages (webex_meetings, provisioned,
 * `assigned` = the seeded count), people (the first of each organization a full_admin) and
 * subscribers. Not seeded: licenses, meeting sites, org_admins, workflow steps and mail, which
 * the subscriber list does not read.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../../src/db/client.ts';
import { hashToken } from '../../src/http/auth.ts';
import { listSubscribers, type SubscriberFilter } from '../../src/features/subscribers/store.ts';

const rowsOf = <T>(res: unknown): T[] => (res as { rows: T[] }).rows;

/** The partner of a token and its oldest template (the bench's own). */
export async function partnerOfToken(db: Db, token: string): Promise<{ partnerId: string; templateId: string }> {
  const rows = rowsOf<{ partner_id: string; template_id: string | null }>(await db.execute(sql`
    SELECT t.partner_id, (SELECT id FROM templates WHERE partner_id = t.partner_id ORDER BY created LIMIT 1) AS template_id
    FROM partner_tokens t WHERE t.token_hash = ${hashToken(token)}`));
  const r = rows[0];
  if (!r?.template_id) throw new Error('seed: the bench partner or its template is not in the database');
  return { partnerId: r.partner_id, templateId: r.template_id };
}

export async function countSubscribers(db: Db, partnerId: string): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(await db.execute(sql`SELECT count(*) AS n FROM subscribers WHERE partner_id = ${partnerId}`));
  return Number(rows[0]?.n ?? 0);
}

export interface SeedResult {
  requested: number;
  seeded: number;
  customers: number;
  /** Seeded customers' uuids (for customerId filters). */
  customerIds: string[];
  perCustomer: number;
  /** Seeded subscribers' `created` spans [fromMs, toMs] (epoch ms), one every stepMs. */
  createdFromMs: number;
  createdToMs: number;
  stepMs: number;
  /** Email of seeded subscriber g: `${emailPrefix}${g}@bench.example`, g in [0, seeded). */
  emailPrefix: string;
  batches: number;
  ms: number;
  analyzeMs: number;
  truncated: boolean;
}

/**
 * `total` subscribers for the partner, in batches of `batch` (one INSERT … SELECT generate_series
 * per batch into people and subscribers together), spread round-robin over ceil(total / perCustomer)
 * new meetings-only customers, with `created` spread evenly over the 30 days before one hour ago
 * (older than anything the API just created). Stops between batches when the deadline passes.
 * Then ANALYZE, as autovacuum would after such a load (PGlite has no autovacuum).
 */
export async function seedSubscribers(db: Db, opts: {
  partnerId: string;
  templateId: string;
  total: number;
  tag: string;
  perCustomer?: number;
  batch?: number;
  deadline: number;
  onProgress?: (done: number) => void;
}): Promise<SeedResult> {
  const t0 = performance.now();
  if (opts.total <= 0) {
    const now = Date.now();
    return {
      requested: 0, seeded: 0, customers: 0, customerIds: [], perCustomer: 0, createdFromMs: now, createdToMs: now, stepMs: 0,
      emailPrefix: '', batches: 0, ms: 0, analyzeMs: 0, truncated: false,
    };
  }
  const perCustomer = opts.perCustomer ?? 1000;
  const batch = opts.batch ?? 25_000;
  const k = Math.max(1, Math.ceil(opts.total / perCustomer));
  const customerIds = Array.from({ length: k }, () => randomUUID());
  const orgIds = Array.from({ length: k }, () => randomUUID());
  const toMs = Date.now() - 3600_000;
  const fromMs = toMs - 30 * 86_400_000;
  const stepMs = opts.total > 1 ? (toMs - fromMs) / (opts.total - 1) : 0;
  const emailPrefix = `seed-${opts.tag}-`;
  const address = JSON.stringify({ addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' });
  const info = JSON.stringify({ name: 'Bench Seeded Customer', primaryEmail: 'admin@acme.example', language: 'en' });
  const params = JSON.stringify({ meetings: { timezone: 'America/Los_Angeles' } });
  const cArr = `{${customerIds.join(',')}}`;
  const oArr = `{${orgIds.join(',')}}`;
  const customerCreated = new Date(fromMs - 86_400_000).toISOString();

  await db.execute(sql`
    INSERT INTO organizations (id, partner_id, name, region, language, created)
    SELECT o, ${opts.partnerId}::uuid, 'Bench Seeded ' || ${opts.tag}::text || ' ' || i, 'AMER', 'en', ${customerCreated}::timestamptz
    FROM unnest(${oArr}::uuid[]) WITH ORDINALITY AS t(o, i)`);
  await db.execute(sql`
    INSERT INTO customers (id, partner_id, template_id, external_id, org_id, org_ready, status, address, customer_info,
                           provisioning_parameters, packages, created, last_status_change)
    SELECT c, ${opts.partnerId}::uuid, ${opts.templateId}::uuid, 'bench-seed-' || ${opts.tag}::text || '-' || i, o, true, 'provisioned',
           ${address}::jsonb, ${info}::jsonb, ${params}::jsonb, ARRAY['webex_meetings'], ${customerCreated}::timestamptz, ${customerCreated}::timestamptz
    FROM unnest(${cArr}::uuid[], ${oArr}::uuid[]) WITH ORDINALITY AS t(c, o, i)`);
  await db.execute(sql`
    INSERT INTO customer_packages (customer_id, name, status, created)
    SELECT c, 'webex_meetings', 'provisioned', ${customerCreated}::timestamptz FROM unnest(${cArr}::uuid[]) AS t(c)`);

  let seeded = 0;
  let batches = 0;
  let truncated = false;
  while (seeded < opts.total) {
    if (performance.now() > opts.deadline) {
      truncated = true;
      break;
    }
    const from = seeded;
    const to = Math.min(opts.total, seeded + batch) - 1;
    // Subscriber g belongs to customer g % k; g < k is its organization's first user (full_admin).
    await db.execute(sql`
      WITH p AS (
        INSERT INTO people (id, org_id, email, first_name, last_name, roles, created, updated)
        SELECT gen_random_uuid(), (${oArr}::uuid[])[1 + g % ${k}::int], ${emailPrefix}::text || g || '@bench.example', 'Seed', 'User ' || g,
               CASE WHEN g < ${k}::int THEN ARRAY['full_admin'] ELSE ARRAY[]::text[] END,
               to_timestamp((${fromMs}::float8 + g * ${stepMs}::float8) / 1000), to_timestamp((${fromMs}::float8 + g * ${stepMs}::float8) / 1000)
        FROM generate_series(${from}::int, ${to}::int) AS g
        RETURNING id, org_id, email, created)
      INSERT INTO subscribers (id, partner_id, customer_id, person_id, email, package, status, created, last_status_change)
      SELECT gen_random_uuid(), ${opts.partnerId}::uuid, c.id, p.id, p.email, 'webex_meetings', 'provisioned', p.created, p.created
      FROM p JOIN customers c ON c.org_id = p.org_id`);
    seeded = to + 1;
    batches++;
    opts.onProgress?.(seeded);
  }
  await db.execute(sql`
    UPDATE customer_packages cp SET assigned = n.cnt
    FROM (SELECT customer_id, count(*)::int AS cnt FROM subscribers WHERE customer_id = ANY(${cArr}::uuid[]) GROUP BY customer_id) n
    WHERE cp.customer_id = n.customer_id AND cp.name = 'webex_meetings'`);
  const a0 = performance.now();
  await db.execute(sql`ANALYZE organizations, customers, customer_packages, people, subscribers`);
  const analyzeMs = performance.now() - a0;
  return {
    requested: opts.total, seeded, customers: k, customerIds, perCustomer: Math.ceil(opts.total / k),
    createdFromMs: fromMs, createdToMs: Math.round(fromMs + Math.max(0, seeded - 1) * stepMs), stepMs,
    emailPrefix, batches, ms: performance.now() - t0, analyzeMs, truncated,
  };
}

/** A drizzle handle on one pg connection (temp state and statement order stay on it). */
export async function openPgDb(url: string, logQuery?: (query: string, params: unknown[]) => void): Promise<{ db: Db; client: pg.Client; close: () => Promise<void> }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  const db = drizzle(client, logQuery ? { logger: { logQuery } } : {}) as unknown as Db;
  return { db, client, close: () => client.end() };
}

export interface ExplainedQuery {
  key: string;
  label: string;
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number | null;
  planningMs: number | null;
}

/**
 * Runs the product's own `listSubscribers` (src/features/subscribers/store.ts) once per filter to
 * capture the SQL and parameters the server sends, then EXPLAIN (ANALYZE, BUFFERS) of exactly that.
 */
export async function explainListQueries(url: string, partnerId: string, shapes: { key: string; label: string; filter: SubscriberFilter; offset: number }[]): Promise<ExplainedQuery[]> {
  let captured: { query: string; params: unknown[] } | undefined;
  const { db, client, close } = await openPgDb(url, (query, params) => {
    captured = { query, params };
  });
  try {
    const out: ExplainedQuery[] = [];
    for (const s of shapes) {
      captured = undefined;
      await listSubscribers(db, partnerId, s.filter, { offset: s.offset, max: 100 });
      if (!captured) throw new Error('explain: the list query was not captured');
      const { query, params } = captured as { query: string; params: unknown[] };
      const res = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params);
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      const num = (re: RegExp) => {
        const m = re.exec(plan);
        return m ? Number(m[1]) : null;
      };
      out.push({
        key: s.key, label: s.label, sql: query, params, plan,
        executionMs: num(/Execution Time: ([\d.]+) ms/), planningMs: num(/Planning Time: ([\d.]+) ms/),
      });
    }
    return out;
  } finally {
    await close();
  }
}
