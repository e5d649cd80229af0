import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRequests, licenses, mailOutbox, organizations, people } from '../src/db/schema.ts';
import { decideRequest, expireRequest } from '../src/features/orgs/attach.ts';
import { decodeId } from '../src/http/ids.ts';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { createPartner, createTemplate, customerBody, customerIdOf, startPartnerApp, unique, waitForCustomer } from './helpers/fixtures.ts';

/** Seed 003: attaching wholesale services to organizations that existed before. */
let t: TestApp;
let token: string;
let partnerId: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, partnerId, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

type OrgOver = Record<string, unknown> & { userCount?: number; adminEmail?: string };
const domainOf = () => `${unique('d').toLowerCase().replace(/[^a-z0-9]/g, '')}.example`;

/** An existing org in the directory; `userCount` users, the first a full admin. */
async function existingOrg(over: OrgOver = {}) {
  const { userCount = 3, adminEmail, ...rest } = over;
  const d = domainOf();
  const users = Array.from({ length: userCount }, (_, i) => ({
    email: i === 0 && adminEmail ? adminEmail : `user${i}@${d}`, firstName: `U${i}`, lastName: 'Existing', roles: i === 0 ? ['full_admin'] : [],
  }));
  const res = await t.call('POST', '/v1/operator/organizations', { token: OPERATOR, body: { name: unique('Existing Org'), users, ...rest } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id as string, name: res.body.name as string, adminEmail: users[0]?.email, domain: d };
}

const attachBody = (orgId: string, over: Record<string, unknown> = {}) => {
  const { customerInfo: _drop, ...body } = customerBody(provisioningId, { orgId, ...over });
  return over.customerInfo ? { ...body, customerInfo: over.customerInfo } : body;
};

async function attach(orgId: string, over: Record<string, unknown> = {}, tok = token) {
  const res = await t.call('POST', '/v1/wholesale/customers', { token: tok, body: attachBody(orgId, over) });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return customerIdOf(res.body.url);
}

const get = (id: string, tok = token) => t.call('GET', `/v1/wholesale/customers/${id}`, { token: tok });
const orgRow = async (orgId: string) => (await t.database.db.select().from(organizations).where(eq(organizations.id, decodeId('ORGANIZATION', orgId)!)))[0]!;
const auditOf = async (orgId: string) => (await t.call('GET', `/v1/operator/audit?orgId=${orgId}`, { token: OPERATOR })).body.items as Array<{ action: string; actor: string; before: unknown; after: Record<string, unknown> }>;

describe('the approval rule', () => {
  it.each([
    ['100 users', { userCount: 100 }, ['users_100_or_more']],
    ['a verified email domain', { verifiedDomains: ['verified-only.example'] }, ['verified_domain']],
    ['a claimed domain', { claimedDomains: ['claimed-only.example'] }, ['claimed_domain']],
  ])('%s alone → pending_approval until the org admin answers', async (_name, over, reasons) => {
    const org = await existingOrg(over as OrgOver);
    const id = await attach(org.id);
    const c = await get(id);
    expect(c.body.status).toBe('pending_approval');
    expect(c.body.attachment.approval).toMatchObject({ status: 'pending', reasons });
    const days = (Date.parse(c.body.attachment.approval.expires) - Date.parse(c.body.attachment.approval.requested)) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    // Nothing is provisioned while waiting.
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(id)).body.status).toBe('pending_approval');
    expect((await auditOf(org.id)).map((e) => e.action)).toContain('attach.approval_requested');
  });

  it('none of them (99 users, no domains) → automatic attach, nobody in the org is told', async () => {
    const org = await existingOrg({ userCount: 99 });
    const before = await t.database.db.select().from(mailOutbox);
    const id = await attach(org.id);
    const done = await waitForCustomer(t, token, id);
    expect(done.body.status).toBe('provisioned');
    expect(done.body.attachment).toEqual({ partnerRights: 'full_admin', apiOnly: false });
    const after = await t.database.db.select().from(mailOutbox);
    const newMail = after.filter((m) => !before.some((b) => b.id === m.id));
    expect(newMail.filter((m) => m.to.endsWith(org.domain))).toEqual([]);
    const events = await auditOf(org.id);
    expect(events.find((e) => e.action === 'attach.automatic')).toMatchObject({ actor: expect.stringContaining('partner:'), after: { rights: 'full_admin', reasons: [] } });
  });

  it('already managed (the partner\'s own customer org, or an external full admin) → automatic even with every criterion', async () => {
    const all = { userCount: 100, verifiedDomains: [domainOf()], claimedDomains: [domainOf()] };
    const own = await existingOrg({ ...all, managedByPartnerId: partnerId });
    const ownId = await attach(own.id);
    expect((await waitForCustomer(t, token, ownId)).body).toMatchObject({ status: 'provisioned', attachment: { partnerRights: 'full_admin', apiOnly: true } });
    const ext = await existingOrg({ ...all, externalFullAdminPartnerIds: [partnerId], licenses: [{ name: 'enterprise_meetings', state: 'active' }] });
    const extId = await attach(ext.id);
    expect((await waitForCustomer(t, token, extId)).body).toMatchObject({ status: 'provisioned', attachment: { partnerRights: 'full_admin', apiOnly: false } });
  });

  it('another partner managing the org does not count for this partner', async () => {
    const other = await createPartner(t);
    const org = await existingOrg({ verifiedDomains: [domainOf()], managedByPartnerId: other.partner.id });
    expect((await get(await attach(org.id))).body.status).toBe('pending_approval');
  });
});

describe('approval, rejection and expiry', () => {
  it('mails the org\'s full admins a link when the template allows invite mails on attach, and approval continues provisioning', async () => {
    const tpl = await createTemplate(t, token, { emailSettings: { allowAdminInviteEmailsOnAttach: true, brandName: 'TelcoBrand' } });
    const org = await existingOrg({ userCount: 120 });
    const id = await attach(org.id, { provisioningId: tpl.provisioningId });
    const mails = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, org.adminEmail!));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: 'attach_approval', fromName: 'TelcoBrand' });
    expect(mails[0]!.text).toMatch(/\/control-hub\/activate\?token=[\w-]+&next=%2Fcontrol-hub%2Fapprovals/);
    expect(mails[0]!.text).toContain(org.name);
    const [req] = await t.database.db.select().from(attachRequests).where(eq(attachRequests.orgId, decodeId('ORGANIZATION', org.id)!));
    await decideRequest(t.database.db, { requestId: req!.id, orgId: req!.orgId, approve: true, actor: `customer_admin:${org.adminEmail}`, maxAttempts: 3 });
    t.worker?.wake();
    const done = await waitForCustomer(t, token, id);
    expect(done.body).toMatchObject({ status: 'provisioned', attachment: { approval: { status: 'approved' } } });
    await expect(decideRequest(t.database.db, { requestId: req!.id, orgId: req!.orgId, approve: false, actor: 'x', maxAttempts: 3 }))
      .rejects.toMatchObject({ statusCode: 409, errors: [{ errorCode: 6043 }] });
    const approved = (await auditOf(org.id)).find((e) => e.action === 'attach.approved');
    expect(approved).toMatchObject({ actor: `customer_admin:${org.adminEmail}`, before: { status: 'pending' }, after: { status: 'approved' } });
  });

  it('sends no mail when the template does not allow invite mails on attach', async () => {
    const org = await existingOrg({ userCount: 100 });
    await attach(org.id);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, org.adminEmail!))).toHaveLength(0);
  });

  it('rejection → error 2604; 30 days without an answer → error 2605', async () => {
    const rejected = await existingOrg({ claimedDomains: [domainOf()] });
    const rid = await attach(rejected.id);
    const [r] = await t.database.db.select().from(attachRequests).where(eq(attachRequests.orgId, decodeId('ORGANIZATION', rejected.id)!));
    await decideRequest(t.database.db, { requestId: r!.id, orgId: r!.orgId, approve: false, actor: 'customer_admin:x', maxAttempts: 3 });
    const rc = await get(rid);
    expect(rc.body).toMatchObject({ status: 'error', errors: [{ errorCode: 2604 }], attachment: { approval: { status: 'rejected' } } });

    const silent = await existingOrg({ claimedDomains: [domainOf()] });
    const sid = await attach(silent.id);
    const [s] = await t.database.db.select().from(attachRequests).where(eq(attachRequests.orgId, decodeId('ORGANIZATION', silent.id)!));
    await expireRequest(t.database.db, s!.id);
    expect((await get(sid)).body.status).toBe('pending_approval');
    await t.database.db.update(attachRequests).set({ expires: new Date(Date.now() - 1000) }).where(eq(attachRequests.id, s!.id));
    await expireRequest(t.database.db, s!.id);
    expect((await get(sid)).body).toMatchObject({ status: 'error', errors: [{ errorCode: 2605 }], attachment: { approval: { status: 'expired' } } });
    expect((await auditOf(silent.id)).map((e) => e.action)).toContain('attach.expired');
  });
});

describe('rights granted', () => {
  it('provisioning admin when the org has an active licence; full admin with none or only suspended/cancelled ones', async () => {
    const active = await existingOrg({ licenses: [{ name: 'enterprise_meetings', state: 'active' }, { name: 'old_calling', state: 'cancelled' }] });
    const inactive = await existingOrg({ licenses: [{ name: 'enterprise_meetings', state: 'suspended' }, { name: 'old_calling', state: 'cancelled' }] });
    const a = await waitForCustomer(t, token, await attach(active.id));
    const b = await waitForCustomer(t, token, await attach(inactive.id));
    expect(a.body.attachment.partnerRights).toBe('provisioning_admin');
    expect(b.body.attachment.partnerRights).toBe('full_admin');
  });

  it('limits a provisioning admin\'s view of the existing users in the API (People API), not a full admin\'s', async () => {
    const limited = await existingOrg({ licenses: [{ name: 'enterprise_meetings', state: 'active' }] });
    const full = await existingOrg();
    const lc = await waitForCustomer(t, token, await attach(limited.id));
    const fc = await waitForCustomer(t, token, await attach(full.id));
    // The partner provisions one existing user of each org (the first is not made admin).
    for (const [c, org] of [[lc, limited], [fc, full]] as const) {
      const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body: { customerId: c.body.id, email: `user1@${org.domain}`, package: 'webex_meetings', provisioningParameters: {} } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const seenLimited = await t.call('GET', `/v1/people?orgId=${limited.id}`, { token });
    expect(seenLimited.body.items.map((p: { emails: string[] }) => p.emails[0])).toEqual([`user1@${limited.domain}`]);
    const seenFull = await t.call('GET', `/v1/people?orgId=${full.id}`, { token });
    expect(seenFull.body.items).toHaveLength(3);
    const adminRow = (await t.database.db.select().from(people).where(eq(people.email, limited.adminEmail!)))[0]!;
    const { encodeId } = await import('../src/http/ids.ts');
    expectWebexError(await t.call('GET', `/v1/people/${encodeId('PEOPLE', adminRow.id)}`, { token }), 404);
  });
});

describe('what attaching preserves and changes', () => {
  it('keeps name, settings, authentication, existing licences and users; switches restricted-by-partner mode off; the first provisioned user is not admin', async () => {
    const tpl = await createTemplate(t, token, { authentication: { method: 'partner_saml', idpEntityId: 'https://idp.partner.example' } });
    const org = await existingOrg({
      restrictedByPartner: true,
      authentication: { method: 'customer_sso', idpEntityId: 'https://sso.customer.example' },
      licenses: [{ name: 'legacy_messaging', state: 'suspended' }],
    });
    const before = await orgRow(org.id);
    const id = await attach(org.id, { provisioningId: tpl.provisioningId, customerInfo: { name: 'A Different Name Inc', primaryEmail: 'new-admin@elsewhere.example' } });
    const done = await waitForCustomer(t, token, id);
    expect(done.body.status).toBe('provisioned');
    const after = await orgRow(org.id);
    expect(after.name).toBe(before.name);
    expect(after.authentication).toEqual({ method: 'customer_sso', idpEntityId: 'https://sso.customer.example' });
    expect(after.restrictedByPartner).toBe(false);
    expect(after.partnerId).toBe(decodeId('PARTNER', partnerId));
    const lics = await t.database.db.select().from(licenses).where(eq(licenses.orgId, after.id));
    expect(lics.filter((l) => !l.wholesale).map((l) => [l.package, l.state])).toEqual([['legacy_messaging', 'suspended']]);
    expect(lics.filter((l) => l.wholesale).map((l) => l.package)).toEqual(['webex_meetings']);
    // The org's own admins stay the admins: no invitation to customerInfo.primaryEmail.
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'new-admin@elsewhere.example'))).toHaveLength(0);
    const sub = await t.call('POST', '/v1/wholesale/subscribers', { token, body: { customerId: id, email: `user2@${org.domain}`, package: 'webex_meetings', provisioningParameters: {} } });
    expect(sub.status).toBe(200);
    const [person] = await t.database.db.select().from(people).where(eq(people.email, `user2@${org.domain}`));
    expect(person!.roles).toEqual([]);
    const applied = (await auditOf(org.id)).find((e) => e.action === 'attach.applied');
    expect(applied).toMatchObject({ before: { restrictedByPartner: true }, after: { restrictedByPartner: false } });

    // A new org gets the template's authentication instead.
    const fresh = await waitForCustomer(t, token, customerIdOf((await t.call('POST', '/v1/wholesale/customers', { token, body: customerBody(tpl.provisioningId) })).body.url));
    expect((await orgRow(fresh.body.orgId)).authentication).toEqual({ method: 'partner_saml', idpEntityId: 'https://idp.partner.example' });
  });

  it('shows the partner\'s advanced branding over the org\'s basic branding, unless the partner sets the org to keep its own', async () => {
    const branded = await createPartner(t, { advanced_branding: { logoUrl: 'https://cdn.partner.example/logo.png', primaryColor: '#112233' } });
    const tpl = await createTemplate(t, branded.token);
    const org = await existingOrg({ branding: { basic: true, logoUrl: 'https://customer.example/logo.png', primaryColor: '#abcdef' } });
    const view = async () => (await t.call('GET', `/v1/operator/organizations/${org.id}`, { token: OPERATOR })).body.effectiveBranding;
    expect(await view()).toMatchObject({ source: 'organization', primaryColor: '#abcdef' });
    const id = await attach(org.id, { provisioningId: tpl.provisioningId }, branded.token);
    await waitForCustomer(t, branded.token, id);
    expect(await view()).toMatchObject({ source: 'partner', primaryColor: '#112233' });
    const keep = await t.call('PUT', `/v1/wholesale/customers/${id}/branding`, { token: branded.token, body: { keepCustomerBranding: true } });
    expect(keep.body).toMatchObject({ keepCustomerBranding: true, effective: { source: 'organization', primaryColor: '#abcdef' } });
    expect(await view()).toMatchObject({ source: 'organization' });
    expectWebexError(await t.call('PUT', `/v1/wholesale/customers/${id}/branding`, { token, body: { keepCustomerBranding: true } }), 404);
  });

  it('deleting an attached customer removes the wholesale services only: the org, its users and licences stay', async () => {
    const org = await existingOrg({ licenses: [{ name: 'legacy', state: 'cancelled' }] });
    const id = await attach(org.id);
    await waitForCustomer(t, token, id);
    expect((await t.call('DELETE', `/v1/wholesale/customers/${id}`, { token })).status).toBe(202);
    await waitForCustomer(t, token, id, ['gone']);
    const row = await orgRow(org.id);
    expect(row.partnerId).toBeNull();
    expect((await t.database.db.select().from(people).where(eq(people.orgId, row.id)))).toHaveLength(3);
    expect((await t.database.db.select().from(licenses).where(eq(licenses.orgId, row.id))).map((l) => l.package)).toEqual(['legacy']);
    expect((await auditOf(org.id)).map((e) => e.action)).toContain('attach.detached');
  });
});

describe('refusals', () => {
  it('an unknown orgId → 404 6040; a trial org → 409 6041; another partner\'s customer → 409 6016; customerInfo is optional with orgId', async () => {
    const { encodeId, newUuid } = await import('../src/http/ids.ts');
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token, body: attachBody(encodeId('ORGANIZATION', newUuid())) }), 404, 6040);
    const trial = await existingOrg({ trial: true });
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token, body: attachBody(trial.id) }), 409, 6041);
    const other = await createPartner(t);
    const otherTpl = await createTemplate(t, other.token);
    const org = await existingOrg();
    const res = await t.call('POST', '/v1/wholesale/customers', { token: other.token, body: { ...attachBody(org.id), provisioningId: otherTpl.provisioningId } });
    expect(res.status).toBe(202);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers', { token, body: attachBody(org.id) }), 409, 6016);
    // Precheck says the same.
    expectWebexError(await t.call('POST', '/v1/wholesale/customers/validate', { token, body: { orgId: trial.id, address: attachBody(trial.id).address } }), 409, 6041);
  });

  it('a partner\'s own customer org, once attached, is provisioned through the API only (Partner Hub sessions get 403 6042)', async () => {
    const admin = { email: `${unique('hub')}@partner.example`.toLowerCase(), password: 'a long enough password' };
    expect((await t.call('PUT', `/v1/operator/partners/${partnerId}/admins`, { token: OPERATOR, body: admin })).status).toBeLessThan(300);
    const signIn = await t.call('POST', '/v1/portal/session', { body: admin });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie, 'x-csrf-token': signIn.body.csrfToken };
    const org = await existingOrg({ managedByPartnerId: partnerId });
    const id = await attach(org.id);
    const done = await waitForCustomer(t, token, id);
    const body = { packages: ['webex_meetings'] };
    expectWebexError(await t.call('PUT', `/v1/wholesale/customers/${id}`, { headers, body }), 403, 6042);
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers', { headers, body: { customerId: id, email: `user1@${org.domain}`, package: 'webex_meetings', provisioningParameters: {} } }), 403, 6042);
    expectWebexError(await t.call('POST', `/v1/locations?orgId=${done.body.orgId}`, { headers, body: { name: 'Branch', address: { addressLine1: '100 Main Street', city: 'Austin', stateOrProvince: 'TX', zipOrPostalCode: '73301', country: 'US' }, timezone: 'America/Chicago', language: 'en_us' } }), 403, 6042);
    expect((await t.call('GET', `/v1/wholesale/customers/${id}`, { headers })).status).toBe(200);
    // The API token may.
    expect((await t.call('POST', '/v1/wholesale/subscribers', { token, body: { customerId: id, email: `user1@${org.domain}`, package: 'webex_meetings', provisioningParameters: {} } })).status).toBe(200);
  });
});

describe('the directory', () => {
  it('imports organizations from JSON and CSV, all or nothing, and lists partner matches for an admin email (suggested first)', async () => {
    const d = domainOf();
    const csv = [
      'org_name,country,verified_domains,org_licenses,email,first_name,last_name,roles,free_account',
      `CSV Org ${d},DK,${d},meetings:active,boss@${d},Bo,Ss,full_admin,false`,
      `CSV Org ${d},DK,${d},,staff@${d},St,Aff,,false`,
      `Free ${d},US,,,solo@${d},So,Lo,,true`,
    ].join('\n');
    const res = await t.call('POST', '/v1/operator/organizations/import', { token: OPERATOR, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.items.map((i: { userCount: number }) => i.userCount)).toEqual([2, 1]);
    // A duplicate email anywhere refuses the whole import.
    const again = await t.call('POST', '/v1/operator/organizations/import', { token: OPERATOR, body: { organizations: [{ name: 'New One', users: [{ email: `fresh@${d}` }] }, { name: 'Dup', users: [{ email: `boss@${d}` }] }] } });
    expectWebexError(again, 409, 6044);
    expect((await t.call('GET', `/v1/operator/organizations?email=fresh@${d}`, { token: OPERATOR })).body.items).toHaveLength(0);
    expectWebexError(await t.call('POST', '/v1/operator/organizations/import', { token: OPERATOR, body: { organizations: [{ name: '' }] } }), 400, 6045);

    const matches = await t.call('GET', `/v1/wholesale/organizations/matches?email=boss@${d}`, { token });
    expect(matches.body.items).toEqual([expect.objectContaining({ name: `CSV Org ${d}`, suggested: true, match: 'admin', approvalRequired: true, approvalReasons: ['verified_domain'], partnerRights: 'provisioning_admin' })]);
    const byDomain = await t.call('GET', `/v1/wholesale/organizations/matches?email=someone.new@${d}`, { token });
    expect(byDomain.body.items[0]).toMatchObject({ match: 'domain', suggested: true });
    expectWebexError(await t.call('GET', '/v1/wholesale/organizations/matches?email=not-an-email', { token }), 400);
  });
});
