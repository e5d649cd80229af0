import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { activate, asAdmin, attach, cookieOf, directoryOrg, linkFromMail, pendingOrg, type Admin, type DirectoryOrg } from './helpers/control-hub.ts';
import { createPartner, createTemplate, customerBody, startPartnerApp, waitForCustomer } from './helpers/fixtures.ts';
import { freshNumbers } from './helpers/subscribers.ts';

/**
 * Control Hub for customers' full administrators (issue 5 §5): activation from the mail, sign-in
 * and lock-out, approvals, users with the Subscriber API's rules, locations, partner access,
 * settings, the org's audit log — each limited to the admin's own organization.
 */
let t: TestApp;
let token: string;
let partnerId: string;
let provisioningId: string;
// Org A: 150 users, attached by the partner after its admin's approval. Org B: another org.
let a: { org: DirectoryOrg; customer: { id: string }; admin: Admin };
let b: { org: DirectoryOrg; customer: { id: string }; admin: Admin };

beforeAll(async () => {
  ({ t, token, partnerId } = await startPartnerApp());
  ({ provisioningId } = await createTemplate(t, token, { emailSettings: { allowAdminInviteEmailsOnAttach: true, brandName: 'TelcoX' } }));
  a = await pendingOrg(t, token, provisioningId);
  b = await pendingOrg(t, token, provisioningId, 3, { verifiedDomains: ['b-org.example'] });
});
afterAll(() => t?.close());

const signIn = (email: string, password: string) => t.call('POST', '/v1/control-hub/session', { body: { email, password } });

describe('activation and sign-in', () => {
  it('the approval mail\'s link activates the full administrator\'s account once, and signs them in', async () => {
    const org = await directoryOrg(t, 120);
    await attach(t, token, provisioningId, org.id);
    const { token: activation, next } = await linkFromMail(t, org.admin, 'attach_approval');
    expect(next).toBe('/control-hub/approvals');
    const info = await t.call('GET', `/v1/control-hub/activation?token=${activation}`);
    expect(info.body).toMatchObject({ email: org.admin, orgId: org.id, orgName: org.name, activated: false });
    expectWebexError(await t.call('POST', '/v1/control-hub/activation', { body: { token: activation, password: 'short' } }), 400, 4007);
    const res = await t.call('POST', '/v1/control-hub/activation', { body: { token: activation, password: 'a long enough password' } });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/^wh_ch_session=[\w-]{40,}; Path=\/v1\/control-hub; HttpOnly; SameSite=Lax/);
    expect(res.body).toMatchObject({ admin: { email: org.admin }, org: { id: org.id, name: org.name }, csrfToken: expect.any(String) });
    // Used up.
    expectWebexError(await t.call('GET', `/v1/control-hub/activation?token=${activation}`), 404, 4010);
    expectWebexError(await t.call('POST', '/v1/control-hub/activation', { body: { token: activation, password: 'another long password' } }), 404, 4010);
    expectWebexError(await t.call('GET', '/v1/control-hub/activation?token=not-a-token'), 404, 4010);
    // Then email and password.
    const again = asAdmin(t, await signIn(org.admin.toUpperCase(), 'a long enough password'), org.admin);
    expect((await again.call('GET', '/v1/control-hub/session')).body.org.id).toBe(org.id);
    const out = await again.call('DELETE', '/v1/control-hub/session');
    expect(out.status).toBe(204);
    expectWebexError(await again.call('GET', '/v1/control-hub/session'), 401);
  });

  it('the administrator of a new wholesale org activates from the invitation mail', async () => {
    const res = await t.call('POST', '/v1/wholesale/customers', { token, body: customerBody(provisioningId, { customerInfo: { name: 'New Org', primaryEmail: 'boss@neworg.example' } }) });
    await waitForCustomer(t, token, String(res.body.url).split('/').pop()!);
    const { token: activation } = await linkFromMail(t, 'boss@neworg.example', 'admin_invitation');
    const admin = await activate(t, activation, 'boss@neworg.example');
    expect((await admin.call('GET', '/v1/control-hub/session')).body.org.name).toBeTruthy();
  });

  it('wrong passwords and unknown emails get the same 401; 5 failures lock the account (423)', async () => {
    const x = await signIn(b.org.admin, 'wrong password!!');
    const y = await signIn('nobody@nowhere.example', 'wrong password!!');
    expectWebexError(x, 401, 4002);
    expect(y.body.message).toBe(x.body.message);
    for (let i = 0; i < 4; i++) expectWebexError(await signIn(b.org.admin, `wrong ${i} password`), 401, 4002);
    const locked = await signIn(b.org.admin, 'customer admin password');
    expectWebexError(locked, 423, 4005);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // The session opened before still works.
    expect((await b.admin.call('GET', '/v1/control-hub/session')).status).toBe(200);
  });

  it('a partner token, a Partner Hub cookie or a missing CSRF token is refused', async () => {
    expectWebexError(await t.call('GET', '/v1/control-hub/users', { token }), 401);
    expectWebexError(await t.call('GET', '/v1/control-hub/users', { token, headers: { cookie: a.admin.cookie } }), 401);
    expectWebexError(await t.call('GET', '/v1/control-hub/users', { headers: { cookie: 'wh_session=whatever' } }), 401);
    expectWebexError(await t.call('GET', '/v1/control-hub/users', { token: OPERATOR }), 401);
    // The Control Hub cookie opens nothing outside Control Hub.
    expectWebexError(await t.call('GET', '/v1/wholesale/customers', { headers: { cookie: a.admin.cookie } }), 401);
    expectWebexError(await t.call('PUT', '/v1/control-hub/settings', { headers: { cookie: a.admin.cookie }, body: {} }), 403, 4006);
  });
});

describe('approvals', () => {
  it('lists the pending request with the reasons and what the partner will be able to do', async () => {
    const res = await a.admin.call('GET', '/v1/control-hub/approvals');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({
      status: 'pending', partner: { id: partnerId, brandName: 'TelcoX' }, customerId: a.customer.id, reasons: ['users_100_or_more'],
      partnerRights: 'provisioning_admin', rightsReason: 'active_licences', explanation: expect.stringContaining('limited visibility'),
    });
    expect(res.body.conditions).toContain('first_user_not_admin');
  });

  it('another org\'s admin cannot see or decide it (404)', async () => {
    const mine = (await a.admin.call('GET', '/v1/control-hub/approvals')).body.items[0].id;
    expect((await b.admin.call('GET', '/v1/control-hub/approvals')).body.items.map((r: { id: string }) => r.id)).not.toContain(mine);
    expectWebexError(await b.admin.call('POST', `/v1/control-hub/approvals/${mine}/approve`), 404);
    expectWebexError(await b.admin.call('POST', '/v1/control-hub/approvals/not-an-id/approve'), 404);
  });

  it('approving continues the provisioning; a second decision is refused', async () => {
    const id = (await a.admin.call('GET', '/v1/control-hub/approvals')).body.items[0].id;
    const res = await a.admin.call('POST', `/v1/control-hub/approvals/${id}/approve`);
    expect(res.body).toEqual({ status: 'approved' });
    const done = await waitForCustomer(t, token, a.customer.id);
    expect(done.body.status).toBe('provisioned');
    expectWebexError(await a.admin.call('POST', `/v1/control-hub/approvals/${id}/reject`), 409, 6043);
    const list = (await a.admin.call('GET', '/v1/control-hub/approvals')).body.items;
    expect(list[0]).toMatchObject({ status: 'approved', decidedBy: `customer_admin:${a.org.admin}`, partnerRights: 'provisioning_admin' });
  });

  it('rejecting ends the partner\'s customer in error (2604)', async () => {
    const id = (await b.admin.call('GET', '/v1/control-hub/approvals')).body.items[0].id;
    expect((await b.admin.call('POST', `/v1/control-hub/approvals/${id}/reject`)).body).toEqual({ status: 'rejected' });
    const c = await t.call('GET', `/v1/wholesale/customers/${b.customer.id}`, { token });
    expect(c.body.status).toBe('error');
    expect(c.body.errors.map((e: { errorCode: number }) => e.errorCode)).toContain(2604);
  });
});

describe('users', () => {
  it('lists the org\'s 150 users with the packages and their quantities', async () => {
    const res = await a.admin.call('GET', '/v1/control-hub/users?max=100');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(150);
    expect(res.body.items).toHaveLength(100);
    expect(res.headers.link).toContain('rel="next"');
    expect(res.body.items[0]).toMatchObject({ email: a.org.admin, roles: ['full_admin'], you: true, packages: [], existingLicenses: ['webex_meetings'] });
    expect(res.body.wholesale).toMatchObject({ customerId: a.customer.id, status: 'provisioned', packageLevel: 'webex_calling' });
    expect(res.body.wholesale.packages).toEqual(expect.arrayContaining([{ name: 'webex_meetings', status: 'provisioned', limit: 2, assigned: 0, assignable: true }]));
    const found = await a.admin.call('GET', '/v1/control-hub/users?search=user7');
    expect(found.body.items.map((u: { email: string }) => u.email)).toContain(`user7@${a.org.admin.split('@')[1]}`);
  });

  it('adds users with the Subscriber API\'s quantity rule, edits and removes them', async () => {
    const add = (email: string, pkg?: string) => a.admin.call('POST', '/v1/control-hub/users', { email, firstName: 'New', lastName: 'User', ...(pkg ? { package: pkg } : {}) });
    const one = await add('one@a-new.example', 'webex_meetings');
    expect(one.status, JSON.stringify(one.body)).toBe(201);
    expect(one.body).toMatchObject({ email: 'one@a-new.example', packages: ['webex_meetings'], roles: [] });
    // An existing user of the org takes the second unit: nobody becomes administrator in an attached org.
    const users = (await a.admin.call('GET', '/v1/control-hub/users?search=user3@')).body.items;
    const two = await a.admin.call('PUT', `/v1/control-hub/users/${users[0].id}`, { package: 'webex_meetings' });
    expect(two.body).toMatchObject({ packages: ['webex_meetings'], roles: [] });
    expectWebexError(await add('three@a-new.example', 'webex_meetings'), 409, 5030);
    // Calling needs a number or an extension (the Subscriber API's codes).
    expectWebexError(await add('four@a-new.example', 'webex_calling'), 400, 5020);
    // Removing one frees a unit.
    expect((await a.admin.call('DELETE', `/v1/control-hub/users/${one.body.id}`)).status).toBe(204);
    expect((await add('three@a-new.example', 'webex_meetings')).status).toBe(201);
    const list = await a.admin.call('GET', '/v1/control-hub/users?max=1');
    expect(list.body.wholesale.packages.find((p: { name: string }) => p.name === 'webex_meetings').assigned).toBe(2);
    // Without a package: a plain user; the email is unique on the platform.
    expect((await add('plain@a-new.example')).body).toMatchObject({ packages: [], displayName: 'New User' });
    expectWebexError(await add(b.org.admin), 409, 10022);
    const renamed = await a.admin.call('PUT', `/v1/control-hub/users/${users[0].id}`, { firstName: 'Renamed', package: null });
    expect(renamed.body).toMatchObject({ firstName: 'Renamed', packages: [] });
  });

  it('the full administrator\'s package stays at the org\'s level; nobody removes themselves', async () => {
    const me = (await a.admin.call('GET', '/v1/control-hub/users?max=1')).body.items[0];
    const loc = (await a.admin.call('GET', '/v1/control-hub/locations')).body.items[0];
    const [number] = freshNumbers(1);
    expect((await t.call('POST', `/v1/telephony/config/locations/${loc.id}/numbers?orgId=${a.org.id}`, { token, body: { phoneNumbers: [number] } })).status).toBe(201);
    const calling = await a.admin.call('PUT', `/v1/control-hub/users/${me.id}`, { package: 'webex_calling', primaryPhoneNumber: number, extension: '4001' });
    expect(calling.body, JSON.stringify(calling.body)).toMatchObject({ packages: ['webex_calling'], phoneNumber: number, extension: '4001' });
    expectWebexError(await a.admin.call('PUT', `/v1/control-hub/users/${me.id}`, { package: 'webex_meetings' }), 409, 5041);
    expectWebexError(await a.admin.call('DELETE', `/v1/control-hub/users/${me.id}`), 409, 4012);
  });

  it('another org\'s users are not found', async () => {
    const theirs = (await a.admin.call('GET', '/v1/control-hub/users?max=1')).body.items[0].id;
    expect((await a.admin.call('GET', `/v1/control-hub/users/${theirs}`)).body.id).toBe(theirs);
    expectWebexError(await b.admin.call('GET', `/v1/control-hub/users/${theirs}`), 404);
    expectWebexError(await b.admin.call('PUT', `/v1/control-hub/users/${theirs}`, { firstName: 'X' }), 404);
    expectWebexError(await b.admin.call('DELETE', `/v1/control-hub/users/${theirs}`), 404);
  });
});

describe('locations', () => {
  it('lists, adds and edits the org\'s locations with the Locations API\'s rules', async () => {
    const list = await a.admin.call('GET', '/v1/control-hub/locations');
    expect(list.body.items).toHaveLength(1);
    const loc = { name: 'Branch', address: { addressLine1: '1 Main St', city: 'Austin', stateOrProvince: 'TX', zipOrPostalCode: '73301', country: 'US' }, timezone: 'America/Chicago', language: 'en_us' };
    const made = await a.admin.call('POST', '/v1/control-hub/locations', loc);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ name: 'Branch', orgId: a.org.id, e911: { provider: 'RedSky' } });
    expectWebexError(await a.admin.call('POST', '/v1/control-hub/locations', { ...loc, name: 'branch' }), 409, 7001);
    const edited = await a.admin.call('PUT', `/v1/control-hub/locations/${made.body.id}`, { ...loc, name: 'Branch 2' });
    expect(edited.body.name).toBe('Branch 2');
    expect((await a.admin.call('GET', `/v1/control-hub/locations/${made.body.id}`)).body.name).toBe('Branch 2');
    expectWebexError(await b.admin.call('GET', `/v1/control-hub/locations/${made.body.id}`), 404);
    // Org B's admin: B has no wholesale services (rejected), and A's location is not theirs.
    expect((await b.admin.call('GET', '/v1/control-hub/locations')).body.items).toEqual([]);
    expectWebexError(await b.admin.call('PUT', `/v1/control-hub/locations/${made.body.id}`, loc), 409, 4013);
  });
});

describe('partner access', () => {
  it('shows the partner\'s rights; granting external full admin makes it full admin, revoking undoes it', async () => {
    const before = await a.admin.call('GET', '/v1/control-hub/partner-access');
    expect(before.body.partners).toEqual([expect.objectContaining({ partnerId, customerId: a.customer.id, rights: 'provisioning_admin', attached: true, externalFullAdmin: false })]);
    expect(before.body.restrictedByPartner).toBe(false);
    const granted = await a.admin.call('POST', '/v1/control-hub/partner-access/external-admins', { partnerId });
    expect(granted.body.partners[0]).toMatchObject({ rights: 'full_admin', externalFullAdmin: true });
    expect(granted.body.externalFullAdmins).toEqual([expect.objectContaining({ partnerId, grantedBy: `customer_admin:${a.org.admin}` })]);
    const c = await t.call('GET', `/v1/wholesale/customers/${a.customer.id}`, { token });
    expect(c.status).toBe(200);
    const revoked = await a.admin.call('DELETE', `/v1/control-hub/partner-access/external-admins/${partnerId}`);
    expect(revoked.body.partners[0]).toMatchObject({ externalFullAdmin: false, rights: 'provisioning_admin' });
    expect(revoked.body.externalFullAdmins).toEqual([]);
    expectWebexError(await a.admin.call('DELETE', `/v1/control-hub/partner-access/external-admins/${partnerId}`), 404);
    expectWebexError(await a.admin.call('POST', '/v1/control-hub/partner-access/external-admins', { partnerId: 'nope' }), 404);
    // B's admin grants the same partner in B only.
    const other = await createPartner(t);
    await b.admin.call('POST', '/v1/control-hub/partner-access/external-admins', { partnerId: other.partner.id });
    expect((await a.admin.call('GET', '/v1/control-hub/partner-access')).body.externalFullAdmins).toEqual([]);
  });
});

describe('settings and audit', () => {
  it('shows and changes the org\'s own authentication and branding, audited with before/after', async () => {
    const s = await a.admin.call('GET', '/v1/control-hub/settings');
    expect(s.body).toMatchObject({ orgId: a.org.id, name: a.org.name, authentication: { method: 'webex' }, branding: { basic: false }, effectiveBranding: 'partner' });
    expectWebexError(await a.admin.call('PUT', '/v1/control-hub/settings', { authentication: { method: 'customer_sso' } }), 400, 8003);
    expectWebexError(await a.admin.call('PUT', '/v1/control-hub/settings', { authentication: { method: 'partner_saml' } }), 400);
    const put = await a.admin.call('PUT', '/v1/control-hub/settings', {
      authentication: { method: 'customer_sso', idpEntityId: 'https://idp.a-org.example/saml' },
      branding: { basic: true, logoUrl: 'https://a-org.example/logo.png', primaryColor: '#1A2B3C' },
    });
    expect(put.body).toMatchObject({ authentication: { method: 'customer_sso', idpEntityId: 'https://idp.a-org.example/saml' }, branding: { basic: true, primaryColor: '#1a2b3c' } });
    const op = await t.call('GET', `/v1/operator/organizations/${a.org.id}`, { token: OPERATOR });
    expect(op.body.authentication.method).toBe('customer_sso');
    const events = (await a.admin.call('GET', '/v1/control-hub/audit')).body.items;
    expect(events[0]).toMatchObject({
      action: 'org.settings_changed', actor: `customer_admin:${a.org.admin}`,
      before: { authentication: { method: 'webex' }, branding: { basic: false } }, after: { authentication: { method: 'customer_sso' } },
    });
    // Nothing changed: no event.
    await a.admin.call('PUT', '/v1/control-hub/settings', { branding: { basic: true, logoUrl: 'https://a-org.example/logo.png', primaryColor: '#1a2b3c' } });
    expect((await a.admin.call('GET', '/v1/control-hub/audit?max=1')).body.items[0].id).toBe(events[0].id);
  });

  it('the audit log holds the org\'s own events only: attach, approval, rights', async () => {
    const mine = (await a.admin.call('GET', '/v1/control-hub/audit?max=100')).body.items.map((e: { action: string }) => e.action);
    expect(mine).toEqual(expect.arrayContaining(['org.created', 'attach.approval_requested', 'attach.approved', 'rights.granted', 'rights.revoked', 'org.settings_changed']));
    expect(mine).not.toContain('attach.rejected');
    const theirs = (await b.admin.call('GET', '/v1/control-hub/audit?max=100')).body.items.map((e: { action: string }) => e.action);
    expect(theirs).toContain('attach.rejected');
    expect(theirs).not.toContain('org.settings_changed');
  });
});

describe('only full administrators', () => {
  it('removing a full administrator ends their access; the operator can only invite full administrators', async () => {
    const org = await directoryOrg(t, 3, {
      users: [
        { email: 'first@two-admins.example', firstName: 'First', lastName: 'Admin', roles: ['full_admin'] },
        { email: 'second@two-admins.example', firstName: 'Second', lastName: 'Admin', roles: ['full_admin'] },
        { email: 'plain@two-admins.example', firstName: 'Plain', lastName: 'User' },
      ],
    });
    expectWebexError(await t.call('POST', `/v1/operator/organizations/${org.id}/admins/activation`, { token: OPERATOR, body: { email: 'plain@two-admins.example' } }), 404);
    const link = async (email: string) => {
      const res = await t.call('POST', `/v1/operator/organizations/${org.id}/admins/activation`, { token: OPERATOR, body: { email } });
      return new URL(res.body.link).searchParams.get('token')!;
    };
    const first = await activate(t, await link('first@two-admins.example'), 'first@two-admins.example');
    const second = await activate(t, await link('second@two-admins.example'), 'second@two-admins.example');
    const people: Array<{ id: string; email: string; you: boolean }> = (await first.call('GET', '/v1/control-hub/users')).body.items;
    expect(people.filter((p) => p.you).map((p) => p.email)).toEqual(['first@two-admins.example']);
    const other = people.find((p) => p.email === 'second@two-admins.example')!;
    expect((await first.call('DELETE', `/v1/control-hub/users/${other.id}`)).status).toBe(204);
    expectWebexError(await second.call('GET', '/v1/control-hub/session'), 401);
    expectWebexError(await signIn('second@two-admins.example', 'customer admin password'), 401, 4002);
    expect(cookieOf(await signIn('first@two-admins.example', 'customer admin password'))).toMatch(/^wh_ch_session=/);
  });
});
