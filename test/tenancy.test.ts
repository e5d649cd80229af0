import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, provision, templateBody } from './helpers/fixtures.ts';

/** Authentication, scopes, and the wall between partners, walked over every partner route. */
let t: TestApp;
let a: { token: string; partner: { id: string } };
let b: { token: string; partner: { id: string } };
let aCustomer: { id: string; externalId: string; orgId: string };
let aTemplate: { id: string; provisioningId: string };
let aSubscriberId: string;

beforeAll(async () => {
  t = await startTestApp();
  a = await createPartner(t);
  b = await createPartner(t);
  aTemplate = await createTemplate(t, a.token);
  const body = customerBody(aTemplate.provisioningId);
  const done = await provision(t, a.token, body);
  aCustomer = { id: done.body.id, externalId: body.externalId, orgId: done.body.orgId };
  const sub = await t.call('POST', '/v1/wholesale/subscribers', {
    token: a.token,
    body: { customerId: aCustomer.id, email: `tenant-${Date.now()}@a.example`, packages: ['webex_meetings'], provisioningParameters: { firstName: 'A', lastName: 'User' } },
  });
  expect(sub.status).toBe(200);
  aSubscriberId = sub.body.id;
});
afterAll(() => t.close());

describe('authentication', () => {
  it('no token, a malformed header or an unknown token → 401', async () => {
    expectWebexError(await t.call('GET', '/v1/wholesale/customers'), 401, 4001);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { headers: { authorization: 'Basic abc' } }), 401, 4001);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { token: 'whp_not-a-real-token' }), 401, 4001);
  });

  it('a revoked token stops working at once; tokens are listed without their secret', async () => {
    const tok = await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_customers_read'], name: 'ci' } });
    expect(tok.body.token).toMatch(/^whp_/);
    expect((await t.call('GET', '/v1/wholesale/customers', { token: tok.body.token })).status).toBe(200);
    const list = await t.call('GET', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR });
    expect(JSON.stringify(list.body)).not.toContain(tok.body.token);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(tok.body.id);
    expect((await t.call('DELETE', `/v1/operator/partners/${a.partner.id}/tokens/${tok.body.id}`, { token: OPERATOR })).status).toBe(204);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { token: tok.body.token }), 401);
    expectWebexError(await t.call('DELETE', `/v1/operator/partners/${a.partner.id}/tokens/${tok.body.id}`, { token: OPERATOR }), 404);
  });

  it('tokens are stored as hashes only', async () => {
    const rows = (await t.database.db.execute('SELECT token_hash FROM partner_tokens' as never)) as unknown as { rows: Array<{ token_hash: string }> };
    for (const r of rows.rows) expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows.rows)).not.toContain(a.token);
  });

  it('a valid token without the scope → 403', async () => {
    const readOnly = await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_customers_read'] } });
    const tk = readOnly.body.token as string;
    expect((await t.call('GET', `/v1/wholesale/customers/${aCustomer.id}`, { token: tk })).status).toBe(200);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token: tk, body: customerBody(aTemplate.provisioningId) }), 403, 4003);
    expectWebexError(await t.call('DELETE', `/v1/wholesale/customers/${aCustomer.id}`, { token: tk }), 403, 4003);
    expectWebexError(await t.call('POST', '/v1/wholesale/templates', { token: tk, body: templateBody() }), 403, 4003);
    const subsOnly = await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark-admin:wholesale_subscribers_read'] } });
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { token: subsOnly.body.token }), 403, 4003);
    expectWebexError(await t.call('GET', '/v1/wholesale/templates', { token: subsOnly.body.token }), 403, 4003);
  });

  it('the operator API refuses partner tokens, and partner routes refuse the operator token', async () => {
    expectWebexError(await t.call('GET', '/v1/operator/partners', { token: a.token }), 401);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { token: OPERATOR }), 401);
  });

  it('refuses unknown scopes when creating a token', async () => {
    expectWebexError(await t.call('POST', `/v1/operator/partners/${a.partner.id}/tokens`, { token: OPERATOR, body: { scopes: ['spark:all'] } }), 400);
  });
});

describe('tenancy: another partner\'s resources do not exist for you', () => {
  it('walks every partner route of the OpenAPI document with partner B\'s token: 404 for A\'s resources, nothing of A\'s in lists', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const ids: Record<string, string> = { customerId: aCustomer.id, templateId: aTemplate.id, subscriberId: aSubscriberId };
    const bodies: Record<string, unknown> = {
      '/v1/wholesale/customers/{customerId}': { packages: ['webex_meetings'] },
      '/v1/wholesale/templates/{templateId}': templateBody(),
      '/v1/wholesale/subscribers/{subscriberId}': { packages: ['webex_meetings'] },
      '/v1/wholesale/customers/{customerId}/branding': { keepCustomerBranding: true },
    };
    let walked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/wholesale/')) continue;
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{(\w+)\}/g, (_, k: string) => {
          if (!ids[k]) throw new Error(`no id for ${k} in ${path}: extend this test`);
          return ids[k]!;
        });
        const hasParam = url !== path;
        const query = path === '/v1/wholesale/organizations/matches' ? '?email=admin@acme.example' : '';
        const res = await t.call(method.toUpperCase(), url + query, { token: b.token, body: method === 'get' || method === 'delete' ? undefined : bodies[path] ?? {} });
        walked++;
        if (hasParam) {
          expectWebexError(res, 404);
        } else if (method === 'get') {
          expect(res.status).toBe(200);
          expect(JSON.stringify(res.body)).not.toContain(aCustomer.id);
          expect(JSON.stringify(res.body)).not.toContain(aTemplate.id);
          expect(JSON.stringify(res.body)).not.toContain(aSubscriberId);
        }
      }
    }
    expect(walked).toBeGreaterThanOrEqual(10);
    // A's data is untouched.
    const mine = await t.call('GET', `/v1/wholesale/customers/${aCustomer.id}`, { token: a.token });
    expect(mine.body.status).toBe('provisioned');
    expect((await t.call('GET', `/v1/wholesale/templates/${aTemplate.id}`, { token: a.token })).status).toBe(200);
  });

  it('filters never reach across partners', async () => {
    for (const q of [`externalId=${aCustomer.externalId}`, `orgId=${aCustomer.orgId}`, 'status=provisioned']) {
      const res = await t.call('GET', `/v1/wholesale/customers?${q}`, { token: b.token });
      expect(res.body.items).toEqual([]);
    }
  });

  it('B cannot provision with A\'s template, and may reuse A\'s externalId', async () => {
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token: b.token, body: customerBody(aTemplate.provisioningId) }), 404, 6001);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers/validate', { token: b.token, body: { ...customerBody(aTemplate.provisioningId) } }), 404, 6001);
    const bt = await createTemplate(t, b.token);
    const res = await t.call('POST', '/v1/wholesale/customers', { token: b.token, body: { ...customerBody(bt.provisioningId), externalId: aCustomer.externalId } });
    expect(res.status).toBe(202);
  });

  it('B cannot take over A\'s organization by orgId', async () => {
    const bt = await createTemplate(t, b.token);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token: b.token, body: customerBody(bt.provisioningId, { orgId: aCustomer.orgId }) }), 409, 6016);
  });
});

describe('the bootstrap partner', () => {
  it('BOOTSTRAP_PARTNER_TOKEN makes a Demo Partner with every scope, idempotently', async () => {
    const token = 'bootstrap-token-for-tests-0001';
    const local = await startTestApp({ BOOTSTRAP_PARTNER_TOKEN: token });
    try {
      const { partnerService } = await import('../src/features/partners/service.ts');
      await partnerService.bootstrap(local.database.db, token);
      await partnerService.bootstrap(local.database.db, token);
      const partners = await local.call('GET', '/v1/operator/partners', { token: OPERATOR });
      expect(partners.body.items.filter((p: { name: string }) => p.name === 'Demo Partner')).toHaveLength(1);
      const tpl = await local.call('POST', '/v1/wholesale/templates', { token, body: templateBody() });
      expect(tpl.status).toBe(201);
      const demo = partners.body.items.find((p: { name: string }) => p.name === 'Demo Partner');
      const tokens = await local.call('GET', `/v1/operator/partners/${demo.id}/tokens`, { token: OPERATOR });
      expect(tokens.body.items).toHaveLength(1);
      expect(tokens.body.items[0].scopes).toHaveLength(6);
    } finally {
      await local.close();
    }
  });
});

describe('operator partner management', () => {
  it('creates, lists, reads and updates partners and their settings', async () => {
    const created = await t.call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: 'TelcoX', adminEmail: 'Admin@TelcoX.example', settings: { enable_wholesale_delayed_billing: true } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'TelcoX', adminEmail: 'admin@telcox.example', settings: { enable_wholesale_delayed_billing: true, package_quantity_max: null } });
    expect(Buffer.from(created.body.orgId, 'base64url').toString()).toMatch(/^ciscospark:\/\/us\/ORGANIZATION\//);
    const patched = await t.call('PATCH', `/v1/operator/partners/${created.body.id}`, { token: OPERATOR, body: { settings: { package_quantity_max: 500 } } });
    expect(patched.body.settings).toEqual({ enable_wholesale_delayed_billing: true, package_quantity_max: 500, advanced_branding: null });
    expect((await t.call('GET', `/v1/operator/partners/${created.body.id}`, { token: OPERATOR })).body.settings.package_quantity_max).toBe(500);
    expect((await t.call('GET', '/v1/operator/partners', { token: OPERATOR })).body.items.map((p: { id: string }) => p.id)).toContain(created.body.id);
    expectWebexError(await t.call('PATCH', `/v1/operator/partners/${created.body.id}`, { token: OPERATOR, body: { settings: { unknown_setting: 1 } } }), 400);
    expectWebexError(await t.call('GET', '/v1/operator/partners/nope', { token: OPERATOR }), 404, 9001);
    expectWebexError(await t.call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: 'X', adminEmail: 'bad' } }), 400);
  });
});
