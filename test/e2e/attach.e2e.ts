import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../helpers/process.ts';
import { snap } from './browser.ts';
import { useE2e } from './setup.ts';

/**
 * Seed 003 in Partner Hub, in a real browser against the real server: "Create wholesale
 * customer" starts with the customer administrator's email, lists the existing organizations
 * that match it (suggested first, trial ones disabled), and attaches the services to the one the
 * partner confirms — waiting for the customer's approval (150 users and a verified domain), or
 * automatically. The partner's own customer org comes out read-only (API only).
 */
const ADMIN = 'admin@demo-partner.example';
const PASSWORD = 'demo password 123';
const OPERATOR_TOKEN = 'e2e-operator-token-000000';
const op = { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' };

const e2e = useE2e('attach', { OPERATOR_TOKEN, BOOTSTRAP_PARTNER_ADMIN_EMAIL: ADMIN, BOOTSTRAP_PARTNER_ADMIN_PASSWORD: PASSWORD });
let server: ServerProcess;
let page: Page;

beforeAll(async () => {
  ({ server, page } = e2e);
});

/** An existing (directory) organization, created by the operator; its first user is a full admin. */
async function existingOrg(body: { name: string; admin: string; users?: number } & Record<string, unknown>) {
  const { name, admin, users: n = 3, ...rest } = body;
  const domain = admin.split('@')[1]!;
  const users = Array.from({ length: n }, (_, i) => ({
    email: i === 0 ? admin : `user${i}@${domain}`, firstName: `U${i}`, lastName: 'Existing', roles: i === 0 ? ['full_admin'] : [],
  }));
  const res = await fetch(`${server.url}/v1/operator/organizations`, { method: 'POST', headers: op, body: JSON.stringify({ name, users, ...rest }) });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; name: string };
}

const customersNav = () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true });

async function openWizard() {
  await customersNav().click();
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('link', { name: 'Create wholesale customer' }).click();
}

/** Customer information → Webex Meetings → a US headquarters → summary (the org was confirmed before). */
async function completeWizard(email: string, externalId: string, shots?: string) {
  await page.getByLabel('Onboarding template').selectOption({ label: 'SMB standard' });
  expect(await page.getByLabel('Administrator email').inputValue()).toBe(email);
  await page.getByLabel('External customer ID').fill(externalId);
  await page.getByLabel('Country', { exact: true }).selectOption('US');
  if (shots) await snap(page, `${shots}-info`);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Webex Meetings', { exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Address line 1').fill('771 Alder Drive');
  await page.getByLabel('City').fill('Milpitas');
  await page.getByLabel('State or province').selectOption('CA');
  await page.getByLabel('Postal code').fill('95035');
  // Seed 003: the supported-location confirmation is on the headquarters screen.
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByText('Confirm the customer is in a supported location to continue.').first().waitFor();
  await page.getByLabel('I verify this customer is in a Cisco Webex supported location').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Create customer' }).waitFor();
}

describe('Partner Hub: attach to an existing organization', () => {
  it('signs in and creates an onboarding template', async () => {
    await page.goto('/');
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Onboarding templates' }).click();
    await page.getByRole('link', { name: 'Create template' }).or(page.getByRole('button', { name: 'Create template' })).first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Template name').fill('SMB standard');
    await page.getByLabel('Service provider administrator').fill('sp-admin@partner.example');
    await page.getByLabel('Country or region').selectOption('US');
    await page.getByLabel('Default email language').selectOption({ index: 1 });
    await page.getByLabel('Wholesale subscription').fill('Sub23452345');
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Provisioning ID').first().waitFor();
  });

  it('lists the matching organizations with the suggested one first, and waits for the customer\'s approval', async () => {
    const email = 'it-admin@nordic-bakery.example';
    await existingOrg({ name: 'Nordic Bakery', admin: email, users: 150, verifiedDomains: ['nordic-bakery.example'], licenses: [{ name: 'enterprise_meetings', state: 'active' }] });
    // Another org with the same (claimed) domain: listed after the suggested one, a trial, so disabled.
    await existingOrg({ name: 'Bakery Trial', admin: 'someone@bakery-trial.example', trial: true, claimedDomains: ['nordic-bakery.example'] });

    await openWizard();
    await page.getByLabel('Customer administrator email').fill(email);
    await snap(page, 'attach-email');
    await page.getByRole('button', { name: 'Next' }).click();
    const options = page.getByRole('radio');
    await expect.poll(() => options.count()).toBe(3);
    // The suggested org first, chosen for the partner; the trial org cannot be chosen; then "a new organization".
    const first = options.nth(0);
    expect(await page.locator('label[for="org-0"]').textContent()).toBe('Nordic Bakery');
    expect(await first.isChecked()).toBe(true);
    const facts = (await page.locator('#org-0-hint').innerText()).replace(/\s+/g, ' ');
    expect(facts).toContain('Suggested');
    expect(facts).toContain(`${email} is a full administrator of this organization.`);
    expect(facts).toContain('The customer\'s administrator must approve: 100 users or more; a verified email domain.');
    expect(facts).toContain('You become provisioning administrator: limited visibility of the organization\'s existing users.');
    expect(await page.locator('label[for="org-1"]').textContent()).toBe('Bakery Trial');
    expect(await options.nth(1).isDisabled()).toBe(true);
    expect(await page.locator('#org-1-hint').innerText()).toContain('Trial organization: it cannot be converted to a wholesale customer.');
    expect(await page.getByLabel('A new organization').isChecked()).toBe(false);
    await snap(page, 'attach-organizations');
    await page.getByRole('button', { name: 'Confirm' }).click();

    // Customer information: the company name starts as the org's, the email is the one typed.
    await expect.poll(() => page.getByLabel('Company name').inputValue()).toBe('Nordic Bakery');
    await page.getByText('Existing organization: Nordic Bakery').waitFor();
    await completeWizard(email, 'nordic-001', 'attach');
    const summary = (await page.locator('.summary').innerText()).replace(/\s+/g, ' ');
    expect(summary).toContain('Nordic Bakery (existing)');
    expect(summary).toContain('100 users or more; a verified email domain');
    await snap(page, 'attach-summary');
    await page.getByRole('button', { name: 'Create customer' }).click();

    await page.getByRole('heading', { name: 'Nordic Bakery', level: 1 }).waitFor();
    await page.getByText('Provisioning starts once the organization\'s administrator approves').waitFor();
    const progress = page.locator('#progress-text');
    await expect.poll(async () => (await progress.textContent()) ?? '').toMatch(/^Waiting for customer approval until .+\d/);
    await page.locator('.progress-box').getByText('Waiting for customer approval', { exact: true }).waitFor();
    const attachSection = page.getByRole('region', { name: 'Existing organization' });
    const text = (await attachSection.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Provisioning administrator (limited visibility of existing users)');
    expect(text).toContain('Waiting for the customer\'s administrator');
    expect(text).toContain('We recommend that you contact the customer\'s administrator and ask for full administrator access to the organization.');
    // Nothing to add users to until the customer's administrator approves.
    expect(await page.getByRole('link', { name: 'Set up customer › Add users' }).count()).toBe(0);
    await snap(page, 'attach-pending');
    await attachSection.scrollIntoViewIfNeeded();
    await snap(page, 'attach-pending-rights');

    await customersNav().click();
    const row = page.getByRole('row', { name: /Nordic Bakery/ });
    await row.getByText('Waiting for customer approval').waitFor();
    expect(await row.innerText()).toMatch(/Until .+\d/);
    await page.getByLabel('Status').selectOption('pending_approval');
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await snap(page, 'attach-list');
  });

  it('attaches automatically when no approval criterion applies, and follows it to provisioned', async () => {
    const email = 'owner@corner-cafe.example';
    await existingOrg({ name: 'Corner Cafe', admin: email, users: 5 });
    await openWizard();
    await page.getByLabel('Customer administrator email').fill(email);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.locator('#org-0-hint').getByText('No approval needed', { exact: false }).waitFor();
    expect(await page.locator('#org-0-hint').innerText()).toContain('You become full administrator of the organization.');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await completeWizard(email, 'cafe-001');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Provisioning is complete.').waitFor({ timeout: 30_000 });
    const text = (await page.getByRole('region', { name: 'Existing organization' }).innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Full administrator');
    expect(text).toContain('Not needed (attached automatically)');
    expect(text).not.toContain('We recommend');
    await page.getByRole('link', { name: 'Set up customer › Add users' }).first().waitFor();
  });

  it('shows the partner\'s own customer organization read-only once attached (API only)', async () => {
    const partners = (await (await fetch(`${server.url}/v1/operator/partners`, { headers: op })).json()) as { items: Array<{ id: string }> };
    const email = 'admin@own-customer.example';
    await existingOrg({ name: 'Own Customer', admin: email, managedByPartnerId: partners.items[0]!.id });
    await openWizard();
    await page.getByLabel('Customer administrator email').fill(email);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await completeWizard(email, 'own-001');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Provisioning is complete.').waitFor({ timeout: 30_000 });
    await page.getByText('This customer is read-only here.', { exact: false }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Set up customer › Add users' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit packages' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Add location' }).count()).toBe(0);
    await snap(page, 'attach-api-only');
    // A direct link to a change screen says the same instead of offering a form.
    await page.goto(page.url().replace(/\?.*$/, '') + '/users/new');
    await page.getByText('Provisioned through the API only').first().waitFor();
    expect(await page.getByRole('button', { name: /^Add users/ }).count()).toBe(0);
  });

  it('continues as a new organization when no organization matches the email', async () => {
    await openWizard();
    await page.getByLabel('Customer administrator email').fill('founder@brand-new.example');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('No existing organization matches founder@brand-new.example: a new organization will be created.').waitFor();
    expect(await page.getByLabel('Company name').inputValue()).toBe('');
    expect(await page.getByLabel('Administrator email').inputValue()).toBe('founder@brand-new.example');
  });
});
