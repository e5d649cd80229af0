import { expect } from 'vitest';
import { OPERATOR, type Res, type TestApp } from './app.ts';
import { callingLocation, customerBody, unique } from './fixtures.ts';

/** Control Hub test set-up: directory orgs, attach requests, the invitation link, a signed-in admin. */
export type DirectoryOrg = { id: string; admin: string; name: string };

/** An existing org with `users` users, the first of them its full administrator, and an active licence. */
export async function directoryOrg(t: TestApp, users: number, over: Record<string, unknown> = {}): Promise<DirectoryOrg> {
  const tag = unique('org').toLowerCase();
  const admin = `admin@${tag}.example`;
  const body = {
    name: `Existing ${tag}`,
    country: 'US',
    licenses: [{ name: 'webex_meetings', state: 'active' }],
    users: [
      { email: admin, firstName: 'Ada', lastName: 'Admin', roles: ['full_admin'], licenses: ['webex_meetings'] },
      ...Array.from({ length: users - 1 }, (_, i) => ({ email: `user${i}@${tag}.example`, firstName: `User${i}`, lastName: 'Existing' })),
    ],
    ...over,
  };
  const res = await t.call('POST', '/v1/operator/organizations', { token: OPERATOR, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, admin, name: body.name };
}

/** A partner's POST with `orgId`: calling + meetings, limited to 2 each, with a calling location. */
export async function attach(t: TestApp, token: string, provisioningId: string, orgId: string) {
  const body = customerBody(provisioningId, {
    orgId,
    packages: ['webex_calling', 'webex_meetings'],
    provisioningParameters: { calling: callingLocation(), packages: { limits: { webex_calling: 2, webex_meetings: 2 } } },
  });
  delete (body as { customerInfo?: unknown }).customerInfo;
  const res = await t.call('POST', '/v1/wholesale/customers', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return { id: String(res.body.url).split('/').pop()! };
}

/** The Control Hub link of the newest mail of this kind to this address. */
export async function linkFromMail(t: TestApp, to: string, kind: string): Promise<{ token: string; next: string; link: string }> {
  const res = await t.call('GET', `/v1/operator/outbox?to=${encodeURIComponent(to)}&kind=${kind}`, { token: OPERATOR });
  expect(res.status).toBe(200);
  const text = String(res.body.items[0]?.text ?? '');
  const m = /(https?:\/\/\S+\/control-hub\/activate\?token=([\w-]+)&next=(\S+))/.exec(text);
  expect(m, `no activation link in ${kind} mail to ${to}: ${text}`).not.toBeNull();
  return { link: m![1]!, token: m![2]!, next: decodeURIComponent(m![3]!) };
}

export type Admin = { cookie: string; csrf: string; email: string; call: <T = any>(method: string, url: string, body?: unknown) => Promise<Res<T>> };

export const cookieOf = (res: Res) => String(res.headers['set-cookie']).split(';')[0]!;

export function asAdmin(t: TestApp, res: Res, email: string): Admin {
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const cookie = cookieOf(res);
  const csrf = res.body.csrfToken as string;
  return {
    cookie, csrf, email,
    call: (method, url, body) => t.call(method, url, { headers: { cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }) }, body }),
  };
}

/** Activates the account from its link with a password and returns the signed-in admin. */
export async function activate(t: TestApp, token: string, email: string, password = 'customer admin password'): Promise<Admin> {
  return asAdmin(t, await t.call('POST', '/v1/control-hub/activation', { body: { token, password } }), email);
}

/** An org with a pending approval request by the partner, and its admin signed in. */
export async function pendingOrg(t: TestApp, token: string, provisioningId: string, users = 150, over: Record<string, unknown> = {}) {
  const org = await directoryOrg(t, users, over);
  const customer = await attach(t, token, provisioningId, org.id);
  const { token: activation } = await linkFromMail(t, org.admin, 'attach_approval');
  const admin = await activate(t, activation, org.admin);
  return { org, customer, admin };
}
