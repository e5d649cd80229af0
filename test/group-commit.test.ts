import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Tx } from '../src/db/client.ts';
import { connectionFailure, isUniqueViolation } from '../src/db/errors.ts';
import { GroupCommitter, type GroupCommitOptions } from '../src/db/group-commit.ts';
import { freshDatabase, usingServer } from './helpers/db.ts';

/**
 * The group committer on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 * Closures queued in the same tick batch deterministically: the first starts a transaction
 * alone (a slot was free), the others wait for it and share the next one.
 */
let database: Database;
let drop: () => Promise<void>;
let batches: Array<[number, string]>;

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
  await database.db.execute(sql`CREATE TABLE gc_probe (v text NOT NULL, CONSTRAINT gc_probe_v_uq UNIQUE (v) DEFERRABLE INITIALLY DEFERRED)`);
  await database.db.execute(sql`CREATE TABLE gc_rows (id int PRIMARY KEY, n int NOT NULL)`);
  await database.db.execute(sql`INSERT INTO gc_rows VALUES (1, 0), (2, 0)`);
});
afterAll(async () => {
  await database.close();
  await drop();
});
beforeEach(async () => {
  batches = [];
  await database.db.execute(sql`DELETE FROM gc_probe`);
});

const committer = (opts: Partial<GroupCommitOptions> = {}) =>
  new GroupCommitter(database.db, { enabled: true, maxBatch: 32, concurrency: 1, onBatch: (n, outcome) => batches.push([n, outcome]), ...opts });
const insert = (v: string) => async (tx: Tx) => {
  await tx.execute(sql`INSERT INTO gc_probe (v) VALUES (${v})`);
  return v;
};
const stored = async () =>
  ((await database.db.execute(sql`SELECT v FROM gc_probe ORDER BY v`)) as unknown as { rows: { v: string }[] }).rows.map((r) => r.v);

describe('group commit', () => {
  it('an idle writer starts at once; writes arriving meanwhile share the next transaction', async () => {
    const w = committer();
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((v) => w.run(insert(v))));
    expect(results).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(batches).toEqual([[1, 'committed'], [4, 'committed']]);
    expect(await stored()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a closure that fails rolls back alone and gets its own error; its neighbours commit', async () => {
    const w = committer();
    const refused = async (tx: Tx) => {
      await tx.execute(sql`INSERT INTO gc_probe (v) VALUES ('never')`);
      throw new Error('refused by its own rule');
    };
    const broken = async (tx: Tx) => tx.execute(sql`INSERT INTO gc_probe (nope) VALUES (1)`);
    const res = await Promise.allSettled([w.run(insert('lead')), w.run(insert('x')), w.run(refused), w.run(insert('y')), w.run(broken), w.run(insert('z'))]);
    expect(res.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect((res[2] as PromiseRejectedResult).reason.message).toBe('refused by its own rule');
    // Tried without savepoints first; one failed, so the batch ran again with them.
    expect(batches).toEqual([[1, 'committed'], [5, 'failed'], [5, 'committed']]);
    expect(await stored()).toEqual(['lead', 'x', 'y', 'z']);
  });

  it('a closure that swallows a failed statement does not take its neighbours\' writes with it', async () => {
    const w = committer();
    const swallows = async (tx: Tx) => {
      await tx.execute(sql`INSERT INTO gc_probe (nope) VALUES (1)`).catch(() => undefined);
      return 'swallowed';
    };
    const res = await Promise.allSettled([w.run(insert('lead')), w.run(insert('x')), w.run(insert('y')), w.run(swallows)]);
    expect(res.slice(0, 3).map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    // The aborted transaction is found before COMMIT (which PostgreSQL would turn into a silent
    // ROLLBACK); the neighbours run again alone. Alone, the culprit's own answer is what it was
    // without group commit (PGlite refuses its COMMIT, PostgreSQL rolls back silently).
    expect(await stored()).toEqual(['lead', 'x', 'y']);
  });

  it('caps the batch size', async () => {
    const w = committer({ maxBatch: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => w.run(insert(`v${i}`))));
    expect(batches.map(([n]) => n)).toEqual([1, 3, 3, 1]);
  });

  it('a write asked to run alone gets a transaction of its own', async () => {
    const w = committer();
    await Promise.all([w.run(insert('lead')), w.run(insert('x')), w.run(insert('bulk'), undefined, { alone: true }), w.run(insert('y'))]);
    expect(batches.map(([n]) => n)).toEqual([1, 2, 1]);
    expect(await stored()).toEqual(['bulk', 'lead', 'x', 'y']);
  });

  it('when COMMIT fails nothing is answered from that transaction: each closure runs again alone and only the culprit fails', async () => {
    const w = committer();
    // The unique constraint is deferred: the duplicate passes its savepoint and fails at COMMIT.
    const res = await Promise.allSettled([w.run(insert('lead')), w.run(insert('x')), w.run(insert('y')), w.run(insert('x')), w.run(insert('z'))]);
    expect(res.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((res[3] as PromiseRejectedResult).reason)).toBe(true);
    expect(batches).toEqual([[1, 'committed'], [4, 'failed'], [1, 'committed'], [1, 'committed'], [1, 'failed'], [1, 'committed']]);
    expect(await stored()).toEqual(['lead', 'x', 'y', 'z']);
  });

  it('turned off, every write is its own transaction', async () => {
    const w = committer({ enabled: false });
    await Promise.all(['a', 'b', 'c'].map((v) => w.run(insert(v))));
    expect(batches).toEqual([]);
    expect(await stored()).toEqual(['a', 'b', 'c']);
  });
});

describe.runIf(usingServer())('group commit on PostgreSQL', () => {
  it('a connection lost at COMMIT fails every write of that transaction (503), none is answered as done', async () => {
    // At COMMIT the trigger kills its own connection: the outcome is unknown to the client.
    await database.db.execute(sql.raw(`
      CREATE FUNCTION gc_die() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.v = 'dies' THEN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(5); END IF;
        RETURN NULL;
      END $$;
      CREATE CONSTRAINT TRIGGER gc_die AFTER INSERT ON gc_probe DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION gc_die();`));
    try {
      const w = committer();
      const res = await Promise.allSettled([w.run(insert('lead')), w.run(insert('p')), w.run(insert('dies')), w.run(insert('q'))]);
      expect(res.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
      for (const r of res.slice(1)) expect(connectionFailure((r as PromiseRejectedResult).reason)).toBe('unavailable');
      expect(await stored()).toEqual(['lead']);
      // The pool replaced the dead connection.
      expect(await w.run(insert('after'))).toBe('after');
    } finally {
      await database.db.execute(sql.raw('DROP TRIGGER gc_die ON gc_probe; DROP FUNCTION gc_die()'));
    }
  });

  it('a write waits while a running transaction holds its key, even when another slot is free', async () => {
    const w = committer({ concurrency: 2 });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let secondStarted = false;
    const first = w.run(async (tx) => {
      await gate;
      return insert('k1')(tx);
    }, 'k');
    const second = w.run(async (tx) => {
      secondStarted = true;
      return insert('k2')(tx);
    }, 'k');
    // The other slot is free: a write with another key goes through meanwhile.
    expect(await w.run(insert('other'), 'other')).toBe('other');
    expect(secondStarted).toBe(false);
    open();
    expect(await Promise.all([first, second])).toEqual(['k1', 'k2']);
  });

  it('a deadlock between two transactions fails one closure, which runs again', async () => {
    const w = committer({ concurrency: 2 });
    const gate = () => {
      let open!: () => void;
      const promise = new Promise<void>((resolve) => (open = resolve));
      return { promise, open };
    };
    const [leadA, leadB, aStarted] = [gate(), gate(), gate()];
    const held = (g: { promise: Promise<void> }, v: string) => async (tx: Tx) => {
      await g.promise;
      return insert(v)(tx);
    };
    let runs = 0;
    // Keys a and b differ, but both closures update the same two rows in opposite order.
    const crossing = (first: number, second: number, started?: () => void) => async (tx: Tx) => {
      runs++;
      started?.();
      await tx.execute(sql`UPDATE gc_rows SET n = n + 1 WHERE id = ${first}`);
      await tx.execute(sql`SELECT pg_sleep(0.3)`);
      await tx.execute(sql`UPDATE gc_rows SET n = n + 1 WHERE id = ${second}`);
      return 'done';
    };
    const all = Promise.all([
      w.run(held(leadA, 'lead-a'), 'a'), w.run(held(leadB, 'lead-b'), 'b'),
      w.run(crossing(1, 2, aStarted.open), 'a'), w.run(insert('fill-a'), 'a'),
      w.run(crossing(2, 1), 'b'), w.run(insert('fill-b'), 'b'),
    ]);
    // Both slots are held; freed one after the other, each takes its key's writes (with a
    // neighbour, so the victim rolls back in a shared transaction), and the two cross.
    leadA.open();
    await aStarted.promise;
    leadB.open();
    const res = await all;
    expect(res).toEqual(['lead-a', 'lead-b', 'done', 'fill-a', 'done', 'fill-b']);
    expect(runs).toBe(3);
    expect(await stored()).toEqual(['fill-a', 'fill-b', 'lead-a', 'lead-b']);
    const rows = (await database.db.execute(sql`SELECT n FROM gc_rows ORDER BY id`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows.map((r) => r.n)).toEqual([2, 2]);
  });
});
