import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, provision, templateBody, waitForCustomer } from './helpers/fixtures.ts';

/** Onboarding templates (the seeds' template wizard) — our extension of the API. */
let t: TestApp;
let token: string;

beforeAll(async () => {
  t = await startTestApp();
  ({ token } = await createPartner(t));
});
afterAll(() => t.close());

const create = (over: Record<string, unknown> = {}) => t.call('POST', '/v1/wholesale/templates', { token, body: templateBody(over) });

describe('creating a template', () => {
  it('stores the wizard\'s settings with the seeds\' defaults and shows a unique opaque provisioningId', async () => {
    const res = await create({ name: 'Standard SMB', country: 'DK', defaultEmailLanguage: 'da_dk' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`http://wh.test/v1/wholesale/templates/${res.body.id}`);
    expect(res.body).toMatchObject({
      name: 'Standard SMB',
      country: 'DK',
      defaultEmailLanguage: 'da_DK',
      wholesaleSubscriptionId: 'Sub23452345',
      serviceProviderAdminEmail: 'sp-admin@partner.example',
      authentication: { method: 'webex' },
      emailSettings: { allowAdminInviteEmailsOnAttach: false },
      callingSettings: { allowWebexToWebexCalls: false },
      customerCount: 0,
    });
    expect(res.body.pstnProvider).toBeUndefined();
    expect(res.body.warnings).toBeUndefined();
    expect(Buffer.from(res.body.provisioningId, 'base64url').toString()).toMatch(/^[0-9a-f-]{36}$/);
    const other = await create();
    expect(other.body.provisioningId).not.toBe(res.body.provisioningId);
  });

  it('warns that a cloud-connected PSTN provider in a template is not recommended', async () => {
    const res = await create({ pstnProvider: 'IntelePeer' });
    expect(res.status).toBe(201);
    expect(res.body.pstnProvider).toBe('IntelePeer');
    expect(res.body.warnings).toEqual([{ errorCode: 8100, description: expect.stringContaining('not recommended') }]);
  });

  it('takes partner SAML or OpenID Connect authentication with the IdP id, which they require', async () => {
    const saml = await create({ authentication: { method: 'partner_saml', idpEntityId: 'https://idp.partner.example/saml' } });
    expect(saml.body.authentication).toEqual({ method: 'partner_saml', idpEntityId: 'https://idp.partner.example/saml' });
    const oidc = await create({ authentication: { method: 'partner_oidc', idpEntityId: 'partner-oidc' } });
    expect(oidc.body.authentication.method).toBe('partner_oidc');
    expectWebexError(await create({ authentication: { method: 'partner_saml' } }), 400, 8003);
    expectWebexError(await create({ authentication: { method: 'partner_oidc' } }), 400, 8003);
    expectWebexError(await create({ authentication: { method: 'kerberos' } }), 400, 1003);
  });

  it('keeps email and calling settings', async () => {
    const res = await create({ emailSettings: { brandName: 'TelcoX', allowAdminInviteEmailsOnAttach: true }, callingSettings: { allowWebexToWebexCalls: true } });
    expect(res.body.emailSettings).toEqual({ brandName: 'TelcoX', allowAdminInviteEmailsOnAttach: true });
    expect(res.body.callingSettings).toEqual({ allowWebexToWebexCalls: true });
  });

  it.each([
    [{ name: '' }, 1002],
    [{ serviceProviderAdminEmail: 'nobody' }, 6004],
    [{ country: 'XX' }, 6006],
    [{ defaultEmailLanguage: 'elvish' }, 6005],
    [{ wholesaleSubscriptionId: undefined }, 1001],
  ])('refuses %o (400 %i)', async (over, code) => {
    expectWebexError(await create(over), 400, code);
  });

  it('template names are unique per partner (409 8001), not across partners', async () => {
    const name = 'Unique Name Template';
    expect((await create({ name })).status).toBe(201);
    expectWebexError(await create({ name }), 409, 8001);
    const other = await createPartner(t);
    expect((await t.call('POST', '/v1/wholesale/templates', { token: other.token, body: templateBody({ name }) })).status).toBe(201);
  });
});

describe('reading, updating and deleting templates', () => {
  it('lists newest first with offset/max and Link headers', async () => {
    const p = await createPartner(t);
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await createTemplate(t, p.token));
    const res = await t.call('GET', '/v1/wholesale/templates?max=2', { token: p.token });
    expect(res.body.items.map((x: { id: string }) => x.id)).toEqual([made[2]!.id, made[1]!.id]);
    expect(String(res.headers.link)).toContain('rel="next"');
  });

  it('gets and updates a template; the provisioningId stays', async () => {
    const tpl = await createTemplate(t, token);
    const got = await t.call('GET', `/v1/wholesale/templates/${tpl.id}`, { token });
    expect(got.body.provisioningId).toBe(tpl.provisioningId);
    const upd = await t.call('PUT', `/v1/wholesale/templates/${tpl.id}`, { token, body: templateBody({ name: `${tpl.name} v2`, country: 'RO', defaultEmailLanguage: 'ro_RO' }) });
    expect(upd.status).toBe(200);
    expect(upd.body).toMatchObject({ name: `${tpl.name} v2`, country: 'RO', defaultEmailLanguage: 'ro_RO', provisioningId: tpl.provisioningId });
    const clash = await createTemplate(t, token);
    expectWebexError(await t.call('PUT', `/v1/wholesale/templates/${tpl.id}`, { token, body: templateBody({ name: clash.name }) }), 409, 8001);
  });

  it('one template serves many customers; deleting it while customers use it → 409 8002', async () => {
    const tpl = await createTemplate(t, token);
    const a = await provision(t, token, customerBody(tpl.provisioningId));
    await provision(t, token, customerBody(tpl.provisioningId));
    expect((await t.call('GET', `/v1/wholesale/templates/${tpl.id}`, { token })).body.customerCount).toBe(2);
    expectWebexError(await t.call('DELETE', `/v1/wholesale/templates/${tpl.id}`, { token }), 409, 8002);
    expect((await t.call('GET', `/v1/wholesale/templates/${tpl.id}`, { token })).status).toBe(200);
    expect(a.body.provisioningId).toBe(tpl.provisioningId);
  });

  it('deletes an unused template (204), then it is gone (404) and its provisioningId no longer works', async () => {
    const tpl = await createTemplate(t, token);
    const del = await t.call('DELETE', `/v1/wholesale/templates/${tpl.id}`, { token });
    expect(del.status).toBe(204);
    expectWebexError(await t.call('GET', `/v1/wholesale/templates/${tpl.id}`, { token }), 404);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token, body: customerBody(tpl.provisioningId) }), 404, 6001);
  });

  it('a template is deletable again once its customers are gone', async () => {
    const tpl = await createTemplate(t, token);
    const c = await provision(t, token, customerBody(tpl.provisioningId));
    await t.call('DELETE', `/v1/wholesale/customers/${c.body.id}`, { token });
    await waitForCustomer(t, token, c.body.id, ['gone']);
    expect((await t.call('DELETE', `/v1/wholesale/templates/${tpl.id}`, { token })).status).toBe(204);
  });
});
