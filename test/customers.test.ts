import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { licenses, locations, meetingSites, orgAdmins, organizations, workflowSteps } from '../src/db/schema.ts';
import { decodeId } from '../src/http/ids.ts';
import { OPERATOR, PUBLIC_URL, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, customerIdOf, provision, unique, waitForCustomer, startPartnerApp } from './helpers/fixtures.ts';
import { cleanQuotes, referenceErrors, referenceExample } from './helpers/reference.ts';

let t: TestApp;
let token: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

describe('POST /v1/wholesale/customers with the reference example', () => {
  it('answers 202 with Location and {url}, then reaches provisioned; GET validates against the reference Customer schema', async () => {
    const body: Record<string, unknown> = { ...cleanQuotes(referenceExample('/wholesale/customers', 'post')), provisioningId };
    expect((body.address as Record<string, string>).addressLine1).toBe('771 Alder Drive');
    // The example attaches to an existing org (orgId): it must exist in the directory.
    const org = await t.call('POST', '/v1/operator/organizations', { token: OPERATOR, body: { id: body.orgId, name: 'Alder Drive Existing Org' } });
    expect(org.status).toBe(201);
    const started = Date.now();
    const res = await t.call('POST', '/v1/wholesale/customers', { token, body });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ url: expect.stringMatching(/^http:\/\/wh\.test\/v1\/wholesale\/customers\/[A-Za-z0-9_-]+$/) });
    expect(res.headers.location).toBe(res.body.url);
    const id = customerIdOf(res.body.url);
    expect(Buffer.from(id, 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/ENTERPRISE\/[0-9a-f-]{36}$/);
    expect(id).not.toContain('=');

    const done = await waitForCustomer(t, token, id);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(done.body.status).toBe('provisioned');
    expect(referenceErrors('Customer', done.body)).toEqual([]);
    const plain = await t.call('GET', `/v1/wholesale/customers/${id}`, { token });
    expect(referenceErrors('Customer', plain.body)).toEqual([]);
    expect(plain.headers.location).toBe(`${PUBLIC_URL}/v1/wholesale/customers/${id}`);
    expect(plain.body).toMatchObject({
      id,
      externalId: 'c1677a16-557a-4fb4-b48f-24adde57ec99',
      status: 'provisioned',
      packages: ['common_area_calling'],
      resourceDetails: { packages: [{ name: 'common_area_calling', status: 'provisioned', quantity: { limit: 50, assigned: 0 } }] },
    });
    expect(plain.body.orgId).toBe(body.orgId);
    // licenseIds only when asked for.
    expect(plain.body.resourceDetails.packages[0].licenseIds).toBeUndefined();
    const lic = done.body.resourceDetails.packages[0].licenseIds;
    expect(lic).toHaveLength(1);
    expect(Buffer.from(lic[0], 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/LICENSE\/52cf576d-60a8-407a-b22c-467c51591908:WXCA_[0-9a-f-]{36}$/);
  });
});

describe('the provisioning workflow', () => {
  it('creates the org (region, language), a unique DNS-valid SIP domain, the HQ location with E911, the Meetings site, licences and the full admin', async () => {
    const name = `Søren's Café & Bar ${unique('x')}`;
    const body = customerBody(provisioningId, {
      packages: ['webex_calling', 'webex_meetings', 'attendant_console'],
      customerInfo: { name, primaryEmail: 'Owner@Cafe.example', language: 'da_dk' },
    });
    const done = await provision(t, token, body);
    expect(done.body.status).toBe('provisioned');
    expect(done.body.resourceDetails.packages.map((p: { name: string }) => p.name)).toEqual(['webex_calling', 'webex_meetings', 'attendant_console']);
    const orgId = decodeId('ORGANIZATION', done.body.orgId)!;
    const db = t.database.db;
    const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org).toMatchObject({ name, region: 'AMER', language: 'da_DK' });
    expect(done.body.sipDomain).toBe(org!.sipDomain);
    expect(done.body.meetingsSiteUrl).toMatch(/\.meet\.wholesalehub\.local$/);
    expect(org!.sipDomain).toMatch(/^soren-s-cafe-bar-x-[a-z0-9-]+\.calls\.wholesalehub\.local$|^sorens-cafe-bar-x-[a-z0-9-]+\.calls\.wholesalehub\.local$/);
    for (const label of org!.sipDomain!.split('.')) expect(label).toMatch(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/);
    const [hq] = await db.select().from(locations).where(eq(locations.orgId, orgId));
    expect(hq).toMatchObject({ name: 'Head Office', timezone: 'America/Los_Angeles', language: 'en_US', emergencyLocationIdentifier: '95547321', isHeadquarters: true });
    expect(hq!.e911).toMatchObject({ provider: 'RedSky', status: 'registered' });
    const [site] = await db.select().from(meetingSites).where(eq(meetingSites.orgId, orgId));
    expect(site).toMatchObject({ timezone: 'America/Los_Angeles', defaultDialIn: expect.stringMatching(/^\+1/) });
    const lics = await db.select().from(licenses).where(eq(licenses.orgId, orgId));
    expect(lics.map((l) => l.package).sort()).toEqual(['attendant_console', 'webex_calling', 'webex_meetings']);
    const admins = await db.select().from(orgAdmins).where(eq(orgAdmins.orgId, orgId));
    expect(admins).toEqual([expect.objectContaining({ email: 'owner@cafe.example', role: 'full_admin' })]);
    const steps = await db.select().from(workflowSteps);
    const mine = steps.filter((s) => s.customerId === decodeId('ENTERPRISE', done.body.id));
    expect(mine.map((s) => s.step)).toEqual(expect.arrayContaining(['compliance', 'create_org', 'sip_domain', 'calling', 'e911', 'meetings_site', 'licenses:webex_calling', 'administrator']));
  });

  it('gives two customers with the same name different SIP domains', async () => {
    const name = unique('Twin Co');
    const a = await provision(t, token, customerBody(provisioningId, { customerInfo: { name, primaryEmail: 'a@twin.example' } }));
    const b = await provision(t, token, customerBody(provisioningId, { customerInfo: { name, primaryEmail: 'b@twin.example' } }));
    const db = t.database.db;
    const [oa] = await db.select().from(organizations).where(eq(organizations.id, decodeId('ORGANIZATION', a.body.orgId)!));
    const [ob] = await db.select().from(organizations).where(eq(organizations.id, decodeId('ORGANIZATION', b.body.orgId)!));
    expect(oa!.sipDomain).not.toBe(ob!.sipDomain);
    expect(ob!.sipDomain).toMatch(/-2\./);
  });

  it('registers E911 only for US and Canadian locations and has no Meetings site without a meetings package', async () => {
    const gb = { addressLine1: '10 Downing Street', city: 'London', zipOrPostalCode: 'SW1A 2AA', country: 'GB' };
    const done = await provision(t, token, customerBody(provisioningId, {
      packages: ['webex_voice'],
      address: gb,
      provisioningParameters: { calling: { location: { name: 'London', address: gb, timezone: 'Europe/London', language: 'en_GB' } } },
    }));
    expect(done.body.status).toBe('provisioned');
    const orgId = decodeId('ORGANIZATION', done.body.orgId)!;
    const [hq] = await t.database.db.select().from(locations).where(eq(locations.orgId, orgId));
    expect(hq!.e911).toBeNull();
    expect(await t.database.db.select().from(meetingSites).where(eq(meetingSites.orgId, orgId))).toHaveLength(0);
    const [org] = await t.database.db.select().from(organizations).where(eq(organizations.id, orgId));
    expect(org!.region).toBe('EMEA');
  });

  it('shows provisioning right after the 202, and no orgId until provisioned', async () => {
    const res = await t.call('POST', '/v1/wholesale/customers', { token, body: customerBody(provisioningId) });
    const id = customerIdOf(res.body.url);
    const now = await t.call('GET', `/v1/wholesale/customers/${id}`, { token });
    expect(now.status).toBe(200);
    if (now.body.status === 'provisioning') {
      expect(now.body.orgId).toBeUndefined();
      expect(now.body.resourceDetails.packages[0].status).toBe('provisioning');
    }
    const done = await waitForCustomer(t, token, id);
    expect(done.body.orgId).toEqual(expect.any(String));
  });
});

describe('GET /v1/wholesale/customers/{customerId}', () => {
  it('accepts padded and standard-base64 ids and answers 404 for unknown or foreign-typed ids', async () => {
    const done = await provision(t, token, customerBody(provisioningId));
    const id: string = done.body.id;
    const padded = id + '='.repeat((4 - (id.length % 4)) % 4);
    expect((await t.call('GET', `/v1/wholesale/customers/${encodeURIComponent(padded)}`, { token })).status).toBe(200);
    const unknown = Buffer.from('ciscospark://us/ENTERPRISE/00000000-0000-4000-8000-000000000000').toString('base64url');
    expectWebexError(await t.call('GET', `/v1/wholesale/customers/${unknown}`, { token }), 404, 4004);
    expectWebexError(await t.call('GET', `/v1/wholesale/customers/${done.body.orgId}`, { token }), 404);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers/not-an-id!', { token }), 404);
  });
});

describe('GET /v1/wholesale/customers', () => {
  let ids: string[] = [];
  let ext: string[] = [];
  let own: { token: string; pid: string };
  beforeAll(async () => {
    const p = await createPartner(t);
    own = { token: p.token, pid: (await createTemplate(t, p.token)).provisioningId };
    for (let i = 0; i < 5; i++) {
      const body = customerBody(own.pid);
      const done = await provision(t, own.token, body);
      ids.push(done.body.id);
      ext.push(body.externalId);
    }
    ids = ids.reverse();
    ext = ext.reverse();
  });

  it('lists newest first in {items}', async () => {
    const res = await t.call('GET', '/v1/wholesale/customers', { token: own.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual(ids);
    expect(referenceErrors('CustomerListResponse', res.body)).toEqual([]);
  });

  it('pages with offset/max and RFC 8288 Link headers (next, prev, first)', async () => {
    const p1 = await t.call('GET', '/v1/wholesale/customers?max=2', { token: own.token });
    expect(p1.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    const link1 = String(p1.headers.link);
    expect(link1).toContain('rel="first"');
    expect(link1).not.toContain('rel="prev"');
    const next = /<([^>]+)>; rel="next"/.exec(link1)![1]!;
    expect(next).toBe('http://wh.test/v1/wholesale/customers?max=2&offset=2');
    const p2 = await t.call('GET', next.replace('http://wh.test', ''), { token: own.token });
    expect(p2.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(2, 4));
    expect(String(p2.headers.link)).toMatch(/offset=0[^>]*>; rel="prev"/);
    const p3 = await t.call('GET', '/v1/wholesale/customers?max=2&offset=4', { token: own.token });
    expect(p3.body.items).toHaveLength(1);
    expect(String(p3.headers.link)).not.toContain('rel="next"');
  });

  it('filters by externalId, orgId and status (repeated or comma-joined)', async () => {
    const byExt = await t.call('GET', `/v1/wholesale/customers?externalId=${ext[2]}`, { token: own.token });
    expect(byExt.body.items.map((c: { id: string }) => c.id)).toEqual([ids[2]]);
    const one = await t.call('GET', `/v1/wholesale/customers/${ids[1]}`, { token: own.token });
    const byOrg = await t.call('GET', `/v1/wholesale/customers?orgId=${one.body.orgId}`, { token: own.token });
    expect(byOrg.body.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    const none = await t.call('GET', '/v1/wholesale/customers?orgId=garbage', { token: own.token });
    expect(none.body.items).toEqual([]);
    for (const q of ['status=provisioned', 'status=error&status=provisioned', 'status=error,provisioned']) {
      const res = await t.call('GET', `/v1/wholesale/customers?${q}`, { token: own.token });
      expect(res.body.items).toHaveLength(5);
    }
    const err = await t.call('GET', '/v1/wholesale/customers?status=error', { token: own.token });
    expect(err.body.items).toEqual([]);
  });

  it('searches by part of the name or external ID, case-insensitively (extension)', async () => {
    const one = await t.call('GET', `/v1/wholesale/customers/${ids[3]}`, { token: own.token });
    const name: string = one.body.customerInfo.name;
    const byName = await t.call('GET', `/v1/wholesale/customers?search=${encodeURIComponent(name.slice(5).toUpperCase())}`, { token: own.token });
    expect(byName.body.items.map((c: { id: string }) => c.id)).toEqual([ids[3]]);
    const byExt = await t.call('GET', `/v1/wholesale/customers?search=${encodeURIComponent(ext[1]!.slice(-10))}`, { token: own.token });
    expect(byExt.body.items.map((c: { id: string }) => c.id)).toEqual([ids[1]]);
    expect((await t.call('GET', '/v1/wholesale/customers?search=%25', { token: own.token })).body.items).toEqual([]);
  });

  it.each(['max=0', 'max=101', 'max=abc', 'offset=-1', 'status=bogus', 'status=provisioned,bogus'])('refuses %s with 400', async (q) => {
    expectWebexError(await t.call('GET', `/v1/wholesale/customers?${q}`, { token: own.token }), 400);
  });
});

describe('PUT /v1/wholesale/customers/{customerId}', () => {
  it('replaces the package list: removed packages are deprovisioned, added ones provisioned', async () => {
    const done = await provision(t, token, customerBody(provisioningId, { packages: ['webex_meetings', 'webex_voice'] }));
    const orgId = decodeId('ORGANIZATION', done.body.orgId)!;
    const res = await t.call('PUT', `/v1/wholesale/customers/${done.body.id}`, { token, body: { packages: ['webex_voice', 'webex_calling'] } });
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe(res.body.url);
    expect(customerIdOf(res.body.url)).toBe(done.body.id);
    const mid = await t.call('GET', `/v1/wholesale/customers/${done.body.id}`, { token });
    expect(['updating', 'provisioned']).toContain(mid.body.status);
    expect(mid.body.orgId).toBe(done.body.orgId);
    const after = await waitForCustomer(t, token, done.body.id);
    expect(after.body.status).toBe('provisioned');
    expect(after.body.packages).toEqual(['webex_voice', 'webex_calling']);
    expect(after.body.resourceDetails.packages.map((p: { name: string }) => p.name).sort()).toEqual(['webex_calling', 'webex_voice']);
    const lics = await t.database.db.select().from(licenses).where(eq(licenses.orgId, orgId));
    expect(lics.map((l) => l.package).sort()).toEqual(['webex_calling', 'webex_voice']);
    // The Meetings site went with the last meetings package.
    expect(await t.database.db.select().from(meetingSites).where(eq(meetingSites.orgId, orgId))).toHaveLength(0);
  });

  it('needs the calling location when a customer without one gets its first calling package', async () => {
    const done = await provision(t, token, customerBody(provisioningId, { packages: ['webex_meetings'], provisioningParameters: undefined }));
    const res = await t.call('PUT', `/v1/wholesale/customers/${done.body.id}`, { token, body: { packages: ['webex_meetings', 'webex_calling'] } });
    expectWebexError(res, 400, 6010);
  });

  it('changes externalId but not to one another customer has (409)', async () => {
    const a = customerBody(provisioningId);
    const b = customerBody(provisioningId);
    await provision(t, token, a);
    const cb = await provision(t, token, b);
    const clash = await t.call('PUT', `/v1/wholesale/customers/${cb.body.id}`, { token, body: { packages: ['webex_meetings'], externalId: a.externalId } });
    expectWebexError(clash, 409, 6002);
    const ok = await t.call('PUT', `/v1/wholesale/customers/${cb.body.id}`, { token, body: { packages: ['webex_meetings'], externalId: 'renamed-' + b.externalId } });
    expect(ok.status).toBe(202);
    expect((await waitForCustomer(t, token, cb.body.id)).body.externalId).toBe('renamed-' + b.externalId);
  });

  it('answers 404 for an unknown customer', async () => {
    const unknown = Buffer.from('ciscospark://us/ENTERPRISE/00000000-0000-4000-8000-000000000000').toString('base64url');
    expectWebexError(await t.call('PUT', `/v1/wholesale/customers/${unknown}`, { token, body: { packages: ['webex_meetings'] } }), 404);
  });
});

describe('DELETE /v1/wholesale/customers/{customerId}', () => {
  it('answers 202, shows deleting, then the customer and its org are gone (404); the externalId is free again', async () => {
    const body = customerBody(provisioningId, { packages: ['webex_calling', 'webex_meetings'] });
    const done = await provision(t, token, body);
    const orgId = decodeId('ORGANIZATION', done.body.orgId)!;
    const del = await t.call('DELETE', `/v1/wholesale/customers/${done.body.id}`, { token });
    expect(del.status).toBe(202);
    expect(del.body).toBe('');
    const mid = await t.call('GET', `/v1/wholesale/customers/${done.body.id}`, { token });
    if (mid.status === 200) {
      expect(mid.body.status).toBe('deleting');
      // Deleting twice is the same request (or, if the worker was quicker, the customer is gone).
      expect([202, 404]).toContain((await t.call('DELETE', `/v1/wholesale/customers/${done.body.id}`, { token })).status);
    }
    await waitForCustomer(t, token, done.body.id, ['gone']);
    expect(await t.database.db.select().from(organizations).where(eq(organizations.id, orgId))).toHaveLength(0);
    expect(await t.database.db.select().from(licenses).where(eq(licenses.orgId, orgId))).toHaveLength(0);
    expectWebexError(await t.call('DELETE', `/v1/wholesale/customers/${done.body.id}`, { token }), 404);
    expect((await provision(t, token, { ...body, orgId: undefined })).body.status).toBe('provisioned');
  });
});

describe('while no worker runs', () => {
  it('a second DELETE of a deleting customer is accepted again, and PUT/DELETE during provisioning are refused (409 6017)', async () => {
    const local = await startTestApp({}, { worker: false });
    try {
      const p = await createPartner(local);
      const tpl = await createTemplate(local, p.token);
      const res = await local.call('POST', '/v1/wholesale/customers', { token: p.token, body: customerBody(tpl.provisioningId) });
      const id = customerIdOf(res.body.url);
      expect((await local.call('GET', `/v1/wholesale/customers/${id}`, { token: p.token })).body.status).toBe('provisioning');
      expectWebexError(await local.call('PUT', `/v1/wholesale/customers/${id}`, { token: p.token, body: { packages: ['webex_meetings'] } }), 409, 6017);
      expectWebexError(await local.call('DELETE', `/v1/wholesale/customers/${id}`, { token: p.token }), 409, 6017);
      const { startWorker } = await import('../src/worker.ts');
      const pino = (await import('pino')).default;
      const worker = await startWorker({ config: local.config, database: local.database, log: pino({ level: 'silent' }) });
      await waitForCustomer(local, p.token, id);
      await worker.stop();
      expect((await local.call('DELETE', `/v1/wholesale/customers/${id}`, { token: p.token })).status).toBe(202);
      expect((await local.call('DELETE', `/v1/wholesale/customers/${id}`, { token: p.token })).status).toBe(202);
      const got = await local.call('GET', `/v1/wholesale/customers/${id}`, { token: p.token });
      expect(got.body.status).toBe('deleting');
      expect(got.body.resourceDetails.packages.every((x: { status: string }) => x.status === 'deleting')).toBe(true);
    } finally {
      await local.close();
    }
  });
});
