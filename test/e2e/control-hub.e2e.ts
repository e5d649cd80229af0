import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../helpers/process.ts';
import { newPage, snap } from './browser.ts';
import { useE2e } from './setup.ts';

/**
 * Control Hub in a real browser against the real server (embedded database): a partner attaches
 * to an existing 150-user organization, which needs its administrator's approval; the
 * administrator activates Control Hub from the approval mail's link, signs in, approves, adds a
 * user, makes the partner a full administrator; a free account's holder accepts moving into the
 * organization on the consent page.
 */
const OPERATOR_TOKEN = 'e2e-operator-token-000000';
const PARTNER_TOKEN = 'e2e-partner-token-0000000';
const ADMIN = 'it-boss@existing-co.example';
const PASSWORD = 'customer admin password';
let customerId: string;

async function call<T = any>(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The path and query of the link in the newest mail of this kind to this address. */
async function linkInMail(to: string, kind: string, pattern: RegExp): Promise<string> {
  const res = await call<{ items: Array<{ text: string }> }>('GET', `/v1/operator/outbox?to=${encodeURIComponent(to)}&kind=${kind}`, OPERATOR_TOKEN);
  const m = pattern.exec(res.body.items[0]?.text ?? '');
  expect(m, `no link in the ${kind} mail to ${to}`).not.toBeNull();
  const url = new URL(m![0]);
  return url.pathname + url.search;
}

async function customerStatus(): Promise<string> {
  return (await call<{ status: string }>('GET', `/v1/wholesale/customers/${customerId}`, PARTNER_TOKEN)).body.status;
}

const address = { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' };

const e2e = useE2e('ch', { OPERATOR_TOKEN, BOOTSTRAP_PARTNER_TOKEN: PARTNER_TOKEN });
let server: ServerProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ server, browser, page } = e2e);

  // An existing organization of 150 users (its first one the full administrator) with an active licence.
  const users = [
    { email: ADMIN, firstName: 'Ines', lastName: 'Boss', roles: ['full_admin'] },
    ...Array.from({ length: 149 }, (_, i) => ({ email: `staff${i}@existing-co.example`, firstName: `Staff${i}`, lastName: 'Member' })),
  ];
  const org = await call('POST', '/v1/operator/organizations', OPERATOR_TOKEN, {
    name: 'Existing Co', country: 'US', users, licenses: [{ name: 'webex_meetings', state: 'active' }],
  });
  expect(org.status, JSON.stringify(org.body)).toBe(201);
  // A free account elsewhere, for the consent page.
  const free = await call('POST', '/v1/operator/organizations', OPERATOR_TOKEN, {
    name: 'Free account', country: 'US', users: [{ email: 'solo@gmail-like.example', firstName: 'Solo', lastName: 'Free', freeAccount: true }],
  });
  expect(free.status, JSON.stringify(free.body)).toBe(201);
  const tpl = await call('POST', '/v1/wholesale/templates', PARTNER_TOKEN, {
    name: 'Attach', serviceProviderAdminEmail: 'sp@telcox.example', country: 'US', defaultEmailLanguage: 'en_US', wholesaleSubscriptionId: 'Sub1',
    emailSettings: { brandName: 'TelcoX', allowAdminInviteEmailsOnAttach: true },
  });
  expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
  const made = await call('POST', '/v1/wholesale/customers', PARTNER_TOKEN, {
    provisioningId: tpl.body.provisioningId, packages: ['webex_meetings'], orgId: org.body.id, externalId: 'existing-co', address,
    provisioningParameters: { meetings: { timezone: 'America/Los_Angeles' }, packages: { limits: { webex_meetings: 10 } } },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(202);
  customerId = String(made.body.url).split('/').pop()!;
  expect(await customerStatus()).toBe('pending_approval');
});

describe('Control Hub', () => {
  it('activates the administrator\'s account from the approval mail\'s link', async () => {
    const link = await linkInMail(ADMIN, 'attach_approval', /https?:\/\/\S+\/control-hub\/activate\?\S+/);
    await page.goto(link);
    await page.getByRole('heading', { name: 'Activate your Control Hub account' }).waitFor();
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Activate and sign in' }).click();
    await page.getByText('Use at least 12 characters.').waitFor();
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Activate and sign in' }).click();
    await page.getByRole('heading', { name: 'Partner approval requests' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/control-hub/approvals');
    // The link is used up.
    await page.goto(link);
    await page.getByText('This link cannot be used').waitFor();
  });

  it('signs out and in again (a wrong password is refused)', async () => {
    await page.goto('/control-hub/approvals');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Control Hub' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').first().waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Request from TelcoX' }).waitFor();
  });

  it('approves the partner\'s request after reading what it will be able to do', async () => {
    await page.getByText('Your organization has 100 users or more.').waitFor();
    await page.getByText('Provisioning administrator', { exact: true }).waitFor();
    await page.getByText('The first user the partner provisions does not become an administrator.').waitFor();
    await snap(page, 'control-hub-approval');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('You approved the request from TelcoX').waitFor();
    await expect.poll(customerStatus, { timeout: 30_000, interval: 250 }).toBe('provisioned');
    await page.getByRole('heading', { name: 'Earlier requests' }).waitFor();
  });

  it('adds a user with a package within the quantity', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByText('Total: 150').waitFor();
    await page.getByText('0 of 10 assigned').waitFor();
    await page.getByRole('link', { name: 'Add user' }).click();
    await page.getByLabel('Email address').fill('new.hire@existing-co.example');
    await page.getByLabel('First name').fill('New');
    await page.getByLabel('Last name').fill('Hire');
    await page.getByLabel('Package').selectOption('webex_meetings');
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.getByText('The user was saved.').waitFor();
    await page.getByText('1 of 10 assigned').waitFor();
    await page.getByLabel('Search by name or email').fill('new.hire');
    await page.getByRole('row', { name: /New Hire/ }).waitFor();
    await snap(page, 'control-hub-users');
  });

  it('makes the partner a full administrator, and the audit log shows it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partner access' }).click();
    await page.getByRole('heading', { name: 'Partner access' }).waitFor();
    await page.getByRole('button', { name: 'Make full administrator' }).click();
    await page.getByText('is now an external full administrator').waitFor();
    await page.getByText('Full administrator', { exact: true }).first().waitFor();
    await snap(page, 'control-hub-partner-access');
    const customer = await call<{ attachment?: { partnerRights?: string } }>('GET', `/v1/wholesale/customers/${customerId}`, PARTNER_TOKEN);
    expect(customer.body.attachment?.partnerRights).toBe('full_admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('rowheader', { name: 'Partner made full administrator' }).waitFor();
    await page.getByRole('rowheader', { name: 'Request approved' }).waitFor();
  });

  it('the holder of a free account accepts moving it on the consent page', async () => {
    const sub = await call('POST', '/v1/wholesale/subscribers', PARTNER_TOKEN, {
      customerId, email: 'solo@gmail-like.example', packages: ['webex_meetings'], provisioningParameters: {},
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(202);
    const link = await linkInMail('solo@gmail-like.example', 'consent_move', /https?:\/\/\S+\/consent\/[\w-]+/);
    const { page: visitor, context } = await newPage(browser, server.url);
    await visitor.goto(link);
    await visitor.getByText('wants to add your account solo@gmail-like.example').waitFor();
    await snap(visitor, 'consent');
    await visitor.getByRole('button', { name: 'Accept' }).click();
    await visitor.getByText('Your account was moved').waitFor();
    await visitor.reload();
    await visitor.getByText('This link cannot be used').waitFor();
    await context.close();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search by name or email').fill('solo@');
    await page.getByRole('row', { name: /Solo Free/ }).waitFor();
  });
});
