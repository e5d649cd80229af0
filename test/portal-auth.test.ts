import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerAdmins } from '../src/db/schema.ts';
import { hashPassword, verifyPassword } from '../src/features/portal-auth/service.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, templateBody } from './helpers/fixtures.ts';

/** Partner Hub sign-in: passwords, cookie sessions, CSRF, sign-out, lock-out, tenancy. */
let t: TestApp;
let partner: { id: string };
let token: string;
const email = 'ops@telco.example';
const password = 'correct horse battery';

beforeAll(async () => {
  t = await startTestApp();
  const p = await createPartner(t);
  partner = p.partner;
  token = p.token;
  const res = await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
});
afterAll(() => t.close());

const signIn = (e = email, pw = password) => t.call('POST', '/v1/portal/session', { body: { email: e, password: pw } });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;

describe('passwords', () => {
  it('are hashed with scrypt and a salt, never stored in clear', async () => {
    const a = await hashPassword('same password!');
    const b = await hashPassword('same password!');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same password!', a)).toBe(true);
    expect(await verifyPassword('other password', a)).toBe(false);
    const rows = await t.database.db.select().from(partnerAdmins);
    expect(JSON.stringify(rows)).not.toContain(password);
  });

  it('the operator refuses short passwords and another partner\'s admin email', async () => {
    expectWebexError(await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email: 'x@telco.example', password: 'short' } }), 400, 4007);
    const other = await createPartner(t);
    expectWebexError(await t.call('PUT', `/v1/operator/partners/${other.partner.id}/admins`, { token: OPERATOR, body: { email, password: 'another long password' } }), 409, 9003);
    expectWebexError(await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token, body: { email, password } }), 401);
    const list = await t.call('GET', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR });
    expect(list.body.items.map((a: { email: string }) => a.email)).toEqual([email]);
  });
});

describe('sessions', () => {
  it('signing in sets a secure-by-default HTTP-only cookie and returns the partner and a CSRF token', async () => {
    const res = await signIn(email.toUpperCase());
    expect(res.status).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^wh_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(res.body).toMatchObject({ admin: { email }, partner: { id: partner.id }, csrfToken: expect.any(String) });
    const me = await t.call('GET', '/v1/portal/session', { headers: { cookie: cookieOf(res) } });
    expect(me.body.partner.id).toBe(partner.id);
  });

  it('the cookie reads and, with the CSRF token, writes the partner\'s own data', async () => {
    const res = await signIn();
    const cookie = cookieOf(res);
    const csrf = res.body.csrfToken as string;
    expect((await t.call('GET', '/v1/wholesale/customers', { headers: { cookie } })).status).toBe(200);
    expectWebexError(await t.call('POST', '/v1/wholesale/templates', { headers: { cookie }, body: templateBody() }), 403, 4006);
    expectWebexError(await t.call('POST', '/v1/wholesale/templates', { headers: { cookie, 'x-csrf-token': 'forged' }, body: templateBody() }), 403, 4006);
    const made = await t.call('POST', '/v1/wholesale/templates', { headers: { cookie, 'x-csrf-token': csrf }, body: templateBody() });
    expect(made.status).toBe(201);
    // The same partner through its API token sees it: one partner, two ways in.
    expect((await t.call('GET', `/v1/wholesale/templates/${made.body.id}`, { token })).status).toBe(200);
    // Never another partner's data, nor the operator API.
    const other = await createPartner(t);
    const tpl = await createTemplate(t, other.token);
    expectWebexError(await t.call('GET', `/v1/wholesale/templates/${tpl.id}`, { headers: { cookie } }), 404);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { headers: { cookie, 'x-csrf-token': csrf }, body: customerBody(tpl.provisioningId) }), 404, 6001);
    expectWebexError(await t.call('GET', '/v1/operator/partners', { headers: { cookie } }), 401);
  });

  it('sign-out ends the session', async () => {
    const res = await signIn();
    const cookie = cookieOf(res);
    const out = await t.call('DELETE', '/v1/portal/session', { headers: { cookie, 'x-csrf-token': res.body.csrfToken } });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    expectWebexError(await t.call('GET', '/v1/portal/session', { headers: { cookie } }), 401);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { headers: { cookie } }), 401);
  });

  it('a password reset ends the sessions opened with the old one', async () => {
    const e = 'reset@telco.example';
    await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email: e, password: 'first long password' } });
    const res = await signIn(e, 'first long password');
    await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email: e, password: 'second long password' } });
    expectWebexError(await t.call('GET', '/v1/portal/session', { headers: { cookie: cookieOf(res) } }), 401);
    expectWebexError(await signIn(e, 'first long password'), 401, 4002);
    expect((await signIn(e, 'second long password')).status).toBe(200);
  });
});

describe('failures', () => {
  it('a wrong password and an unknown email get the same 401', async () => {
    const a = await signIn(email, 'wrong password!!');
    const b = await signIn('nobody@telco.example', 'wrong password!!');
    expectWebexError(a, 401, 4002);
    expectWebexError(b, 401, 4002);
    expect(a.body.message).toBe(b.body.message);
  });

  it('locks the account after 5 failures (423 with Retry-After), even for the right password', async () => {
    const e = 'lock@telco.example';
    await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email: e, password: 'the right password' } });
    for (let i = 0; i < 5; i++) expectWebexError(await signIn(e, `wrong ${i} password`), 401, 4002);
    const locked = await signIn(e, 'the right password');
    expectWebexError(locked, 423, 4005);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // The operator's reset unlocks it.
    await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email: e, password: 'a new right password' } });
    expect((await signIn(e, 'a new right password')).status).toBe(200);
  });
});

describe('the bootstrap admin', () => {
  it('BOOTSTRAP_PARTNER_ADMIN_EMAIL/PASSWORD seed a Demo Partner admin, idempotently', async () => {
    const { portalAuth } = await import('../src/features/portal-auth/service.ts');
    await portalAuth.bootstrapAdmin(t.database.db, 'demo@partner.example', 'demo password 123');
    await portalAuth.bootstrapAdmin(t.database.db, 'demo@partner.example', 'demo password 123');
    const res = await signIn('demo@partner.example', 'demo password 123');
    expect(res.body.partner.name).toBe('Demo Partner');
    const partners = await t.call('GET', '/v1/operator/partners', { token: OPERATOR });
    expect(partners.body.items.filter((p: { name: string }) => p.name === 'Demo Partner')).toHaveLength(1);
  });
});
