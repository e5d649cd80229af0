import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { customers } from '../src/db/schema.ts';
import type { JobRunner } from '../src/jobs/runner.ts';
import { startWorker } from '../src/worker.ts';
import { decodeId } from '../src/http/ids.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, customerIdOf, provision, unique, waitForCustomer, startPartnerApp } from './helpers/fixtures.ts';
import { referenceErrors } from './helpers/reference.ts';

let t: TestApp;
let token: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

const setCallingMaintenance = (maintenance: boolean) =>
  t.call('PATCH', '/v1/operator/services/calling', { token: OPERATOR, body: { maintenance } });

describe('partial failure: calling in maintenance', () => {
  it('fails the calling packages with warning 2560 while the others provision → provisioned_with_errors', async () => {
    expect((await setCallingMaintenance(true)).status).toBe(200);
    try {
      const done = await provision(t, token, customerBody(provisioningId, { packages: ['webex_calling', 'webex_meetings', 'cisco_calling_plan'] }));
      expect(done.body.status).toBe('provisioned_with_errors');
      expect(referenceErrors('Customer', done.body)).toEqual([]);
      const byName = Object.fromEntries(done.body.resourceDetails.packages.map((p: { name: string }) => [p.name, p]));
      expect(byName.webex_meetings.status).toBe('provisioned');
      for (const name of ['webex_calling', 'cisco_calling_plan']) {
        expect(byName[name].status).toBe('error');
        expect(byName[name].warnings).toEqual([{ errorCode: 2560, description: expect.stringContaining('maintenance') }]);
        expect(byName[name].licenseIds).toBeUndefined();
      }
      expect(done.body.orgId).toEqual(expect.any(String));
    } finally {
      await setCallingMaintenance(false);
    }
  });

  it('ends in error when every package fails', async () => {
    await setCallingMaintenance(true);
    try {
      const done = await provision(t, token, customerBody(provisioningId, { packages: ['webex_voice'] }));
      expect(done.body.status).toBe('error');
      expect(done.body.orgId).toBeUndefined();
    } finally {
      await setCallingMaintenance(false);
    }
  });

  it('an update after maintenance provisions the failed packages', async () => {
    await setCallingMaintenance(true);
    const done = await provision(t, token, customerBody(provisioningId, { packages: ['webex_calling', 'webex_meetings'] }));
    await setCallingMaintenance(false);
    expect(done.body.status).toBe('provisioned_with_errors');
    const res = await t.call('PUT', `/v1/wholesale/customers/${done.body.id}`, { token, body: { packages: ['webex_calling', 'webex_meetings'] } });
    expect(res.status).toBe(202);
    const after = await waitForCustomer(t, token, done.body.id);
    expect(after.body.status).toBe('provisioned');
    expect(after.body.resourceDetails.packages.every((p: { status: string; warnings?: unknown }) => p.status === 'provisioned' && !p.warnings)).toBe(true);
  });

  it('the operator sees and changes the maintenance state', async () => {
    expect((await t.call('GET', '/v1/operator/services', { token: OPERATOR })).body.items).toEqual([{ name: 'calling', maintenance: false }]);
    expectWebexError(await t.call('PATCH', '/v1/operator/services/calling', { token, body: { maintenance: true } }), 401);
  });
});

describe('compliance hold (restricted party list)', () => {
  it('holds a matching customer in pending_rpl_review; approving continues provisioning', async () => {
    const party = unique('Evil Gadgets');
    const add = await t.call('POST', '/v1/operator/restricted-parties', { token: OPERATOR, body: { name: party } });
    expect(add.status).toBe(201);
    const body = customerBody(provisioningId, { customerInfo: { name: `${party.toUpperCase()} Holdings, Inc.`, primaryEmail: 'x@evil.example' } });
    const held = await provision(t, token, body);
    expect(held.body.status).toBe('pending_rpl_review');
    expect(held.body.orgId).toBeUndefined();
    expect(referenceErrors('Customer', held.body)).toEqual([]);
    const reviews = await t.call('GET', '/v1/operator/rpl-reviews', { token: OPERATOR });
    expect(reviews.body.items.map((r: { customerId: string }) => r.customerId)).toContain(held.body.id);
    // Still held after a while: nothing provisions it behind the operator's back.
    await new Promise((r) => setTimeout(r, 200));
    expect((await t.call('GET', `/v1/wholesale/customers/${held.body.id}`, { token })).body.status).toBe('pending_rpl_review');
    expect((await t.call('POST', `/v1/operator/rpl-reviews/${held.body.id}/approve`, { token: OPERATOR })).status).toBe(204);
    const done = await waitForCustomer(t, token, held.body.id, ['provisioned', 'error']);
    expect(done.body.status).toBe('provisioned');
    expectWebexError(await t.call('POST', `/v1/operator/rpl-reviews/${held.body.id}/approve`, { token: OPERATOR }), 409, 9002);
  });

  it('rejecting ends the customer in error with code 2601', async () => {
    const party = unique('Shady Trading');
    await t.call('POST', '/v1/operator/restricted-parties', { token: OPERATOR, body: { name: party } });
    const held = await provision(t, token, customerBody(provisioningId, { customerInfo: { name: party, primaryEmail: 'y@shady.example' } }));
    expect(held.body.status).toBe('pending_rpl_review');
    expect((await t.call('POST', `/v1/operator/rpl-reviews/${held.body.id}/reject`, { token: OPERATOR })).status).toBe(204);
    const after = await t.call('GET', `/v1/wholesale/customers/${held.body.id}`, { token });
    expect(after.body.status).toBe('error');
    expect(after.body.errors).toEqual([{ errorCode: 2601, description: expect.any(String) }]);
    // A rejected customer can be removed.
    expect((await t.call('DELETE', `/v1/wholesale/customers/${held.body.id}`, { token })).status).toBe(202);
    await waitForCustomer(t, token, held.body.id, ['gone']);
  });

  it('matches whole words only, ignoring case and accents', async () => {
    const party = unique('Zeta');
    await t.call('POST', '/v1/operator/restricted-parties', { token: OPERATOR, body: { name: party } });
    const clean = await provision(t, token, customerBody(provisioningId, { customerInfo: { name: `${party}x Foods`, primaryEmail: 'z@zeta.example' } }));
    expect(clean.body.status).toBe('provisioned');
    const list = await t.call('GET', '/v1/operator/restricted-parties', { token: OPERATOR });
    expect(list.body.items.map((i: { name: string }) => i.name)).toContain(party);
  });
});

describe('a workflow whose step keeps failing', () => {
  it('retries with backoff and, after the last attempt, ends the customer in error with a reason', async () => {
    const local = await startTestApp({ JOB_MAX_ATTEMPTS: '2', JOB_BACKOFF_BASE_MS: '10' }, { worker: false });
    let runner: JobRunner | undefined;
    try {
      const p = await createPartner(local);
      const tpl = await createTemplate(local, p.token);
      const res = await local.call('POST', '/v1/wholesale/customers', { token: p.token, body: customerBody(tpl.provisioningId, { packages: ['webex_calling'] }) });
      const id = customerIdOf(res.body.url);
      // Sabotage the run: the calling location step cannot create a location without its parameters.
      await local.database.db.update(customers).set({ provisioningParameters: {} }).where(eq(customers.id, decodeId('ENTERPRISE', id)!));
      runner = await startWorker({ config: local.config, database: local.database, log: pino({ level: 'silent' }) });
      const done = await waitForCustomer(local, p.token, id);
      expect(done.body.status).toBe('error');
      expect(done.body.errors).toEqual([{ errorCode: 2602, description: expect.stringContaining('after 2 attempt(s)') }]);
      expect(done.body.resourceDetails.packages[0]).toMatchObject({ status: 'error', errors: [{ errorCode: 2602, description: expect.any(String) }] });
      const jobs = (await local.database.db.execute('SELECT attempts, failed_at, last_error FROM jobs' as never)) as unknown as { rows: Array<{ attempts: number; failed_at: unknown; last_error: string }> };
      expect(jobs.rows).toEqual([expect.objectContaining({ attempts: 2, failed_at: expect.anything(), last_error: expect.stringContaining('calling.location') })]);
    } finally {
      await runner?.stop();
      await local.close();
    }
  });
});
