import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/app.ts';
import { customerBody, customerIdOf, provision, startPartnerApp } from './helpers/fixtures.ts';
import { subscriberBody } from './helpers/subscribers.ts';

/**
 * Clients retry on every timeout, with the same Idempotency-Key. Over real HTTP (the app listens on
 * a loopback port), each logical POST is sent 2 to 5 times on a random schedule: the replay
 * starts concurrently, while the first is still running, or after it answered; any send but the
 * last may be aborted by the client before its answer (a timeout). Whatever the interleaving, each
 * key yields exactly one resource, every answer to a key is its first response replayed (or
 * "still in progress", 409 1010, which a client retries), and the lists hold exactly the accepted
 * resources. Black-box: only HTTP, so it holds whatever the write path does inside.
 */
const MIN_REPLAYS = 1_000;
const CONCURRENCY = 12;

let t: TestApp;
let token: string;
let base: string;
/** A body for the route, and the ids of what its 2xx answer says was created. */
type Generator = (i: number) => { body: Record<string, unknown>; ids: (res: any) => string[] };
const post = new Map<string, Generator>();
let readyIds: string[] = [];

beforeAll(async () => {
  let provisioningId: string;
  ({ t, token, provisioningId } = await startPartnerApp());
  // Meetings-only customers take subscribers without numbers (several: one customer's writes queue).
  readyIds = await Promise.all(Array.from({ length: 6 }, async () => (await provision(t, token, customerBody(provisioningId))).body.id as string));
  // The new customers' workflows are not under test here: leave the database to the requests.
  await t.worker?.stop();
  // One generator per POST route that takes Idempotency-Key: a body, and the created resource's id.
  post.set('/v1/wholesale/customers', () => ({ body: customerBody(provisioningId), ids: (res) => [customerIdOf(res.url)] }));
  post.set('/v1/wholesale/subscribers', (i) => ({ body: subscriberBody(readyIds[i % readyIds.length]!), ids: (res) => [res.id] }));
  post.set('/v1/wholesale/subscribers/bulk', (i) => ({
    body: {
      mode: i % 2 ? 'best_effort' : 'all_or_nothing',
      items: Array.from({ length: 1 + (i % 3) }, () => subscriberBody(readyIds[i % readyIds.length]!)),
    },
    ids: (res) => (res.items as { status: number; subscriber?: { id: string } }[]).map((r) => {
      expect(r.status).toBe(200);
      return r.subscriber!.id;
    }),
  }));
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  // Sockets a client abort left before its request was sent wait for the header timeout (60 s).
  t.app.server.closeAllConnections();
  await t.close();
});

/** Seeded, so a failure can be replayed with RETRY_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), a | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type Answer = { status: number; body: any; location: string | null } | 'aborted';

async function send(path: string, key: string, body: unknown, abortAfterMs?: number): Promise<Answer> {
  const ctrl = new AbortController();
  const timer = abortAfterMs === undefined ? undefined : setTimeout(() => ctrl.abort(), abortAfterMs);
  try {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      signal: ctrl.signal,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, location: res.headers.get('location') };
  } catch (err) {
    if ((err as Error).name === 'AbortError') return 'aborted';
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isInProgress = (a: Answer) => a !== 'aborted' && a.status === 409 && a.body?.errors?.[0]?.errorCode === 1010;

describe('retries with the same Idempotency-Key', () => {
  it('covers every POST route that takes Idempotency-Key', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    const routes = Object.entries(doc.paths)
      .filter(([, ops]) => ops.post?.parameters?.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'))
      .map(([path]) => path);
    expect(routes.length).toBeGreaterThan(0);
    // A new POST with Idempotency-Key needs a generator in `post` above.
    expect(routes.filter((r) => !post.has(r)), 'POST routes without a generator here').toEqual([]);
  });

  it(`${MIN_REPLAYS} random replays after simulated timeouts create nothing twice`, async () => {
    const seed = Number(process.env.RETRY_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const rand = random(seed);
    const paths = [...post.keys()];
    type Plan = { path: string; key: string; body: Record<string, unknown>; ids: (res: any) => string[]; sends: { mode: 'concurrent' | 'during' | 'after'; delayMs: number; abortAfterMs?: number }[] };
    const plans: Plan[] = [];
    let replays = 0;
    while (replays < MIN_REPLAYS) {
      const path = paths[Math.floor(rand() * paths.length)]!;
      const { body, ids } = post.get(path)!(plans.length);
      const n = 2 + Math.floor(rand() * 4);
      const sends = Array.from({ length: n }, (_, i) => {
        const r = rand();
        const mode = i === 0 ? 'concurrent' : r < 0.3 ? 'concurrent' : r < 0.65 ? 'during' : 'after';
        // Any send but the last may time out on the client's side (abort before the answer).
        const abortAfterMs = i < n - 1 && rand() < 0.6 ? Math.floor(rand() * 25) : undefined;
        return { mode, delayMs: Math.floor(rand() * 15), abortAfterMs } as const;
      });
      plans.push({ path, key: `retry-${seed}-${plans.length}`, body, ids, sends });
      replays += n - 1;
    }

    const results: { plan: Plan; answers: Answer[]; final: Answer }[] = [];
    let next = 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < plans.length) {
        const plan = plans[next++]!;
        const inFlight: Promise<Answer>[] = [];
        for (const s of plan.sends) {
          if (s.mode === 'during') await sleep(s.delayMs);
          if (s.mode === 'after' && inFlight.length) await inFlight[inFlight.length - 1];
          inFlight.push(send(plan.path, plan.key, plan.body, s.abortAfterMs));
        }
        const answers = await Promise.all(inFlight);
        // The client keeps retrying until it has an answer that is not "in progress".
        let final = answers[answers.length - 1]!;
        for (let i = 0; i < 50 && isInProgress(final); i++) {
          await sleep(20);
          final = await send(plan.path, plan.key, plan.body);
        }
        results.push({ plan, answers, final });
      }
    }));

    const aborted = results.reduce((n, r) => n + r.answers.filter((a) => a === 'aborted').length, 0);
    const inProgress = results.reduce((n, r) => n + r.answers.filter(isInProgress).length, 0);
    const replayed = results.reduce((n, r) => n + Math.max(0, r.answers.filter((a) => a !== 'aborted' && a.status < 300).length - 1), 0);
    console.log(`retries (seed ${seed}): ${plans.length} POSTs, ${replays} replays, ${aborted} aborted by the client, `
      + `${replayed} answered from the stored response, ${inProgress} "in progress"`);

    const created = new Map<string, string>();
    for (const { plan, answers, final } of results) {
      const where = `${plan.path} key ${plan.key}`;
      expect(final, where).not.toBe('aborted');
      const first = final as Exclude<Answer, 'aborted'>;
      expect(first.status, `${where}: ${JSON.stringify(first.body)}`).toBeLessThan(300);
      // Every answer the client saw is that one response, or "in progress" (retryable).
      for (const a of answers) {
        if (a === 'aborted' || isInProgress(a)) continue;
        expect({ status: a.status, body: a.body, location: a.location }, where).toEqual(first);
      }
      for (const id of plan.ids(first.body)) {
        expect(created.has(id), `${where} returned the resource of ${created.get(id)}`).toBe(false);
        created.set(id, plan.key);
      }
    }

    // The lists hold each accepted resource exactly once, and nothing else.
    const listAll = async (url: string) => {
      const items: { id: string; externalId?: string; email?: string }[] = [];
      for (let offset = 0; ; offset += 100) {
        const res = await t.call('GET', `${url}${url.includes('?') ? '&' : '?'}max=100&offset=${offset}`, { token });
        expect(res.status).toBe(200);
        items.push(...res.body.items);
        if (res.body.items.length < 100) return items;
      }
    };
    const accepted = (path: string) => results.filter((r) => r.plan.path === path);
    const idsOf = (path: string) => accepted(path).flatMap((r) => r.plan.ids((r.final as { body: unknown }).body));
    const customers = await listAll('/v1/wholesale/customers');
    expect(customers.map((c) => c.id).sort()).toEqual([...readyIds, ...idsOf('/v1/wholesale/customers')].sort());
    expect(new Set(customers.map((c) => c.externalId)).size).toBe(customers.length);
    const subscribers = (await Promise.all(readyIds.map((id) => listAll(`/v1/wholesale/subscribers?customerId=${id}`)))).flat();
    expect(subscribers.map((s) => s.id).sort()).toEqual([...idsOf('/v1/wholesale/subscribers'), ...idsOf('/v1/wholesale/subscribers/bulk')].sort());
    const emails = [
      ...accepted('/v1/wholesale/subscribers').map((r) => r.plan.body.email as string),
      ...accepted('/v1/wholesale/subscribers/bulk').flatMap((r) => (r.plan.body.items as { email: string }[]).map((i) => i.email)),
    ];
    expect(subscribers.map((s) => s.email).sort()).toEqual(emails.sort());
  }, 120_000);
});
