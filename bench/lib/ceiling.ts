/**
 * The database's own ceiling for the rows a subscriber provisioning writes, measured with the
 * driver directly (pg connections to the server, or PGlite in this process): no HTTP, no ORM,
 * no validation, no reads. One "row" below is one subscriber's row set: a `people` row, a
 * `subscribers` row and `customer_packages.assigned + 1` on its customer's counter.
 *
 * The scratch tables copy the real ones (`LIKE … INCLUDING ALL`: columns, defaults, NOT NULL,
 * primary key, unique and secondary indexes) and get the same foreign keys, pointing at minimal
 * scratch parents, so each insert pays for the same index and constraint work as the product's.
 */
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { newUuid } from '../../src/http/ids.ts';
import { percentile, round } from './stats.ts';

/** One session: a pg connection, or a caller of the one PGlite instance. */
export interface Session {
  query(text: string, params?: unknown[]): Promise<unknown>;
  /** BEGIN; fn; COMMIT (ROLLBACK when it throws). */
  transaction(fn: (q: (text: string, params?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void>;
}

export interface Sessions {
  list: Session[];
  close(): Promise<void>;
}

/** `n` pg connections to `url`, opened together. */
export async function pgSessions(url: string, n: number): Promise<Sessions> {
  const clients = Array.from({ length: n }, () => new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 }));
  const close = async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
  };
  for (const c of clients) c.on('error', () => undefined);
  const opened = await Promise.allSettled(clients.map((c) => c.connect()));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await close();
    throw new Error(`could not open ${n} connections: ${String(failed.reason)}`);
  }
  const list = clients.map((c): Session => ({
    query: (text, params) => c.query(text, params),
    async transaction(fn) {
      await c.query('BEGIN');
      try {
        await fn((text, params) => c.query(text, params));
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  }));
  return { list, close };
}

/** `n` concurrent callers of one PGlite instance (it runs one query at a time whatever n is). */
export function pgliteSessions(db: PGlite, n: number): Sessions {
  const s: Session = {
    query: (text, params) => db.query(text, params),
    transaction: (fn) => db.transaction(async (tx) => fn((text, params) => tx.query(text, params))),
  };
  return { list: Array.from({ length: n }, () => s), close: async () => undefined };
}

const T = {
  partners: 'bench_ceiling_partners', orgs: 'bench_ceiling_orgs', customers: 'bench_ceiling_customers',
  packages: 'bench_ceiling_customer_packages', people: 'bench_ceiling_people', subscribers: 'bench_ceiling_subscribers',
};

export const dropScratchSql = `DROP TABLE IF EXISTS ${T.subscribers}, ${T.people}, ${T.packages}, ${T.customers}, ${T.orgs}, ${T.partners} CASCADE`;

/** The scratch tables and their parents: one partner, `counters` customers (each its own org) with a webex_meetings counter. */
export async function createScratch(s: Session, counters: number): Promise<{ partnerId: string; customers: { id: string; orgId: string }[] }> {
  for (const stmt of [
    dropScratchSql,
    `CREATE TABLE ${T.partners} (id uuid PRIMARY KEY)`,
    `CREATE TABLE ${T.orgs} (id uuid PRIMARY KEY)`,
    `CREATE TABLE ${T.customers} (id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES ${T.orgs}(id))`,
    `CREATE TABLE ${T.packages} (LIKE customer_packages INCLUDING ALL)`,
    `ALTER TABLE ${T.packages} ADD FOREIGN KEY (customer_id) REFERENCES ${T.customers}(id) ON DELETE CASCADE`,
    `CREATE TABLE ${T.people} (LIKE people INCLUDING ALL)`,
    `ALTER TABLE ${T.people} ADD FOREIGN KEY (org_id) REFERENCES ${T.orgs}(id) ON DELETE CASCADE`,
    `CREATE TABLE ${T.subscribers} (LIKE subscribers INCLUDING ALL)`,
    `ALTER TABLE ${T.subscribers} ADD FOREIGN KEY (partner_id) REFERENCES ${T.partners}(id) ON DELETE CASCADE,
       ADD FOREIGN KEY (customer_id) REFERENCES ${T.customers}(id) ON DELETE CASCADE,
       ADD FOREIGN KEY (person_id) REFERENCES ${T.people}(id) ON DELETE CASCADE`,
  ]) await s.query(stmt);
  const partnerId = newUuid();
  const customers = Array.from({ length: counters }, () => ({ id: newUuid(), orgId: newUuid() }));
  const cs = `{${customers.map((c) => c.id).join(',')}}`;
  const os = `{${customers.map((c) => c.orgId).join(',')}}`;
  await s.query(`INSERT INTO ${T.partners} (id) VALUES ($1)`, [partnerId]);
  await s.query(`INSERT INTO ${T.orgs} (id) SELECT unnest($1::uuid[])`, [os]);
  await s.query(`INSERT INTO ${T.customers} (id, org_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [cs, os]);
  await s.query(`INSERT INTO ${T.packages} (customer_id, name, status) SELECT unnest($1::uuid[]), 'webex_meetings', 'provisioned'`, [cs]);
  return { partnerId, customers };
}

type Scratch = Awaited<ReturnType<typeof createScratch>>;

/** One subscriber's rows in one statement (one commit in autocommit). */
const ONE_SUBSCRIBER = `WITH p AS (
    INSERT INTO ${T.people} (id, org_id, email, first_name, last_name) VALUES ($1, $2, $3, 'Bench', $4) RETURNING id),
  s AS (
    INSERT INTO ${T.subscribers} (id, partner_id, customer_id, person_id, email, package, status)
    SELECT $5, $6, $7, p.id, $3, 'webex_meetings', 'provisioned' FROM p)
  UPDATE ${T.packages} SET assigned = assigned + 1 WHERE customer_id = $7 AND name = 'webex_meetings'`;

/** A plain single-row insert (one people row), for reference against the usual "inserts per second". */
const PLAIN_INSERT = `INSERT INTO ${T.people} (id, org_id, email, first_name, last_name) VALUES ($1, $2, $3, 'Bench', $4)`;

let seq = 0;
const email = (tag: string) => `ceiling-${tag}-${seq++}@bench.example`;
const oneParams = (sc: Scratch, c: { id: string; orgId: string }, tag: string) =>
  [newUuid(), c.orgId, email(tag), `User ${seq}`, newUuid(), sc.partnerId, c.id];

/** `rows` subscribers in one statement: multi-VALUES into people and subscribers, and one UPDATE of the counters. */
function multiStatement(sc: Scratch, cs: readonly { id: string; orgId: string }[], rows: number, tag: string) {
  const params: unknown[] = [sc.partnerId];
  const people: string[] = [];
  const subs: string[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < rows; i++) {
    const c = cs[i % cs.length]!;
    const b = params.length;
    params.push(newUuid(), c.orgId, email(tag), `User ${seq}`, newUuid(), c.id);
    people.push(`($${b + 1}, $${b + 2}, $${b + 3}, 'Bench', $${b + 4})`);
    subs.push(`($${b + 5}, $1, $${b + 6}, $${b + 1}, $${b + 3}, 'webex_meetings', 'provisioned')`);
    counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
  }
  const upd: string[] = [];
  for (const [id, k] of counts) {
    params.push(id, k);
    upd.push(`($${params.length - 1}::uuid, $${params.length}::int)`);
  }
  const text = `WITH p AS (INSERT INTO ${T.people} (id, org_id, email, first_name, last_name) VALUES ${people.join(', ')}),
    s AS (INSERT INTO ${T.subscribers} (id, partner_id, customer_id, person_id, email, package, status) VALUES ${subs.join(', ')})
    UPDATE ${T.packages} cp SET assigned = cp.assigned + n.k FROM (VALUES ${upd.join(', ')}) AS n(customer_id, k)
    WHERE cp.customer_id = n.customer_id AND cp.name = 'webex_meetings'`;
  return { text, params };
}

export interface VariantResult {
  key: string;
  label: string;
  sessions: number;
  /** Subscribers (row sets) per operation; plainInsert: people rows. */
  rowsPerOp: number;
  /** Ops and rows inside the window (pro rata for ops crossing its edges). */
  ops: number;
  rows: number;
  windowMs: number;
  rowsPerSec: number | null;
  opsPerSec: number | null;
  opP50Ms: number | null;
  opP99Ms: number | null;
  errors: Record<string, number>;
}

export type VariantKey = 'single' | 'singleAtPool' | 'plainInsert' | 'tx100' | 'multi1000';

/**
 * Runs one variant: every session loops its operation for `warmupMs + measureMs`. Each operation
 * counts for the part of it that falls inside the measuring window (an op of 1,000 rows half in
 * it counts 500), so long batches are not rounded to whole ops; latencies are those of the ops
 * that end inside the window.
 */
export async function runVariant(key: VariantKey, label: string, sessions: Sessions, sc: Scratch, opts: { warmupMs: number; measureMs: number }): Promise<VariantResult> {
  const n = sessions.list.length;
  // Batched variants: session i owns customers i, i+n, …, so no two transactions wait on each
  // other's counter rows (and cannot deadlock); single-statement variants spread over all of them.
  const own = (i: number) => sc.customers.filter((_, j) => j % n === i);
  const rowsPerOp = key === 'tx100' ? 100 : key === 'multi1000' ? 1000 : 1;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let ops = 0;
  let rows = 0;
  let turn = 0;
  const start = performance.now();
  const from = start + opts.warmupMs;
  const to = from + opts.measureMs;
  const op = async (s: Session, mine: { id: string; orgId: string }[]) => {
    if (key === 'single' || key === 'singleAtPool') {
      await s.query(ONE_SUBSCRIBER, oneParams(sc, sc.customers[turn++ % sc.customers.length]!, key));
    } else if (key === 'plainInsert') {
      const c = sc.customers[turn++ % sc.customers.length]!;
      await s.query(PLAIN_INSERT, [newUuid(), c.orgId, email(key), `User ${seq}`]);
    } else if (key === 'tx100') {
      await s.transaction(async (q) => {
        for (let i = 0; i < 100; i++) await q(ONE_SUBSCRIBER, oneParams(sc, mine[turn++ % mine.length]!, key));
      });
    } else {
      const m = multiStatement(sc, mine, 1000, key);
      await s.query(m.text, m.params);
    }
  };
  await Promise.all(sessions.list.map(async (s, i) => {
    const mine = own(i);
    if (mine.length === 0) return;
    while (performance.now() < to) {
      const t0 = performance.now();
      try {
        await op(s, mine);
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'error';
        errors[code] = (errors[code] ?? 0) + 1;
        if (errors[code]! > 1000) throw err;
        continue;
      }
      const t1 = performance.now();
      const inside = Math.max(0, Math.min(t1, to) - Math.max(t0, from)) / Math.max(t1 - t0, 1e-3);
      ops += inside;
      rows += rowsPerOp * inside;
      if (t1 >= from && t1 <= to) latencies.push(t1 - t0);
    }
  }));
  const windowMs = opts.measureMs;
  return {
    key, label, sessions: n, rowsPerOp, ops: round(ops, 1)!, rows: Math.round(rows), windowMs,
    rowsPerSec: round(rows / (windowMs / 1000), 0),
    opsPerSec: round(ops / (windowMs / 1000), 1),
    opP50Ms: round(percentile(latencies, 50), 2),
    opP99Ms: round(percentile(latencies, 99), 2),
    errors,
  };
}

/** Durability settings that decide what a commit costs (recorded with the figures). */
export async function commitSettings(s: Session): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ['server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'max_connections']) {
    try {
      const r = (await s.query(`SHOW ${name}`)) as { rows: Record<string, string>[] };
      out[name] = String(Object.values(r.rows[0] ?? {})[0]);
    } catch {
      // not available (PGlite may not have every setting)
    }
  }
  return out;
}
