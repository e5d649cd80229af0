import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../src/http/errors.ts';
import type { Res, TestApp } from './helpers/app.ts';
import { partnerWithTemplate, readyCustomer, subscriberBody } from './helpers/subscribers.ts';
import { startTestApp } from './helpers/app.ts';

/**
 * Group commit through the API: concurrent subscriber POSTs share transactions (GROUP_COMMIT is
 * on by default), and each is still answered on its own.
 */
let t: TestApp;
let token: string;
let provisioningId: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ token, provisioningId } = await partnerWithTemplate(t));
});
afterAll(() => t.close());

const post = (body: unknown, key?: string) =>
  t.call('POST', '/v1/wholesale/subscribers', { token, body, headers: key ? { 'idempotency-key': key } : {} });
const errorCode = (r: Res) => (r.body.errors?.[0]?.errorCode as number | undefined);

async function subscribersOf(customerId: string): Promise<string[]> {
  const res = await t.call('GET', `/v1/wholesale/subscribers?customerId=${customerId}&max=100`, { token });
  expect(res.status).toBe(200);
  return res.body.items.map((s: { email: string }) => s.email).sort();
}

async function assignedOf(customerId: string): Promise<number> {
  const res = await t.call('GET', `/v1/wholesale/customers/${customerId}?includePackageLicenseInfo=true`, { token });
  return res.body.resourceDetails.packages.find((p: { name: string }) => p.name === 'webex_meetings').quantity.assigned;
}

/** Batches committed so far, and the writes they held (the app's /metrics). */
async function batchStats(): Promise<{ batches: number; writes: number }> {
  const text = (await t.app.inject({ method: 'GET', url: '/metrics' })).body;
  const read = (name: string) => Number(new RegExp(`^${name}\\{outcome="committed"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { batches: read('wh_group_commit_batch_size_count'), writes: read('wh_group_commit_batch_size_sum') };
}

describe('group commit of subscriber writes', () => {
  it('50 concurrent POSTs: those refused at write time fail alone, every valid one succeeds exactly once', async () => {
    // Room for 45: 5 subscribers now, then 40 of the 45 new emails below.
    const cust = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'], limits: { webex_meetings: 45 } });
    const existing = [];
    for (let i = 0; i < 5; i++) {
      const body = subscriberBody(cust.id);
      expect((await post(body)).status).toBe(200);
      existing.push(body.email);
    }
    const before = await batchStats();
    const fresh = Array.from({ length: 45 }, () => subscriberBody(cust.id));
    const taken = existing.map((email) => subscriberBody(cust.id, { email }));
    // Five of the new ones are also sent twice at once with one Idempotency-Key.
    const twins = fresh.slice(0, 5).map((body, i) => ({ body, key: `twin-${cust.id}-${i}` }));
    const sent = [
      ...fresh.map((body, i) => ({ body, key: i < 5 ? twins[i]!.key : undefined })),
      ...taken.map((body) => ({ body, key: undefined })),
      ...twins,
    ];
    const res = await Promise.all(sent.map((s) => post(s.body, s.key)));

    const ok = res.filter((r) => r.status === 200);
    const refused = res.filter((r) => r.status !== 200);
    for (const r of refused) expect(r.status, JSON.stringify(r.body)).toBe(409);
    // Email taken: exactly the five existing addresses, whatever else happened in their batch.
    res.slice(45, 50).forEach((r) => expect(errorCode(r)).toBe(ErrorCodes.EMAIL_TAKEN));
    // Twins answer alike: the same subscriber (one replayed), or the same refusal.
    twins.forEach((_, i) => {
      const [first, second] = [res[i]!, res[50 + i]!];
      expect(second.status).toBe(first.status);
      if (first.status === 200) expect(second.body.id).toBe(first.body.id);
      else expect(errorCode(second)).toBe(errorCode(first));
    });
    const created = new Map(ok.map((r) => [r.body.id as string, r.body.email as string]));
    expect(created.size).toBe(40);
    const outOfUnits = fresh.filter((b) => ![...created.values()].includes(b.email));
    expect(outOfUnits).toHaveLength(5);
    for (const b of outOfUnits) {
      const r = res[fresh.indexOf(b)]!;
      expect(errorCode(r)).toBe(ErrorCodes.QUANTITY_EXCEEDED);
    }
    expect(await subscribersOf(cust.id)).toEqual([...existing, ...created.values()].sort());
    expect(await assignedOf(cust.id)).toBe(45);
    // They did share transactions.
    const after = await batchStats();
    expect(after.writes - before.writes).toBeGreaterThan(after.batches - before.batches);
  });

  it('a write refused at COMMIT is not answered 2xx; its neighbours are answered after their own commit', async () => {
    const cust = await readyCustomer(t, token, provisioningId, { packages: ['webex_meetings'] });
    expect((await post(subscriberBody(cust.id))).status).toBe(200);
    // A deferred constraint: checked at COMMIT, after every statement of the write succeeded.
    await t.database.db.execute(sql.raw(`
      CREATE FUNCTION gc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.email LIKE 'refused-%' THEN RAISE EXCEPTION 'refused at commit'; END IF;
        RETURN NULL;
      END $$`));
    await t.database.db.execute(sql.raw(`
      CREATE CONSTRAINT TRIGGER gc_refuse AFTER INSERT ON subscribers DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION gc_refuse()`));
    try {
      const bodies = Array.from({ length: 30 }, (_, i) =>
        subscriberBody(cust.id, i % 10 === 3 ? { email: `refused-${i}-${cust.id.slice(-8)}@example.com`.toLowerCase() } : {}));
      // Injected directly: the refused ones answer 500 (a server-side failure), which t.call forbids.
      const res = await Promise.all(bodies.map((body) => t.app.inject({
        method: 'POST', url: '/v1/wholesale/subscribers', payload: body, headers: { authorization: `Bearer ${token}` },
      })));
      const refused = bodies.map((b, i) => [b.email, res[i]!.statusCode] as const).filter(([email]) => email.startsWith('refused-'));
      expect(refused).toHaveLength(3);
      for (const [, status] of refused) expect(status).toBe(500);
      const accepted = bodies.filter((_, i) => res[i]!.statusCode === 200).map((b) => b.email);
      expect(accepted).toHaveLength(27);
      const stored = await subscribersOf(cust.id);
      expect(stored).toHaveLength(28);
      expect(stored.filter((e) => e.startsWith('refused-'))).toEqual([]);
      for (const email of accepted) expect(stored).toContain(email);
      expect(await assignedOf(cust.id)).toBe(28);
    } finally {
      await t.database.db.execute(sql.raw('DROP TRIGGER gc_refuse ON subscribers'));
      await t.database.db.execute(sql.raw('DROP FUNCTION gc_refuse()'));
    }
  });
});
