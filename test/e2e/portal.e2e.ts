import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from '../helpers/process.ts';
import { launch, newPage, snap } from './browser.ts';

/**
 * Partner Hub in a real browser against the real server (embedded database): sign in, create a
 * template, create a customer with quantities, add users until the quantity rule refuses one,
 * and read the screens in Japanese. Screenshots go to docs/screenshots/.
 */
const ADMIN = 'admin@demo-partner.example';
const PASSWORD = 'demo password 123';
let server: ServerProcess;
let dataDir: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'wh-e2e-'));
  server = await startServer({
    DATA_DIR: dataDir, LOG_LEVEL: 'warn', OPERATOR_TOKEN: 'e2e-operator-token-000000',
    BOOTSTRAP_PARTNER_ADMIN_EMAIL: ADMIN, BOOTSTRAP_PARTNER_ADMIN_PASSWORD: PASSWORD,
  });
  ({ browser, close: closeBrowser } = await launch());
  ({ page } = await newPage(browser, server.url));
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) await snap(page, `failure-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
});
afterAll(async () => {
  await closeBrowser?.();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Partner Hub', () => {
  it('signs in', async () => {
    await page.goto('/');
    await expect.poll(() => page.getByRole('heading', { name: 'Sign in to Partner Hub' }).isVisible()).toBe(true);
    await snap(page, 'sign-in');
    await page.getByLabel('Email').fill(ADMIN);
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not correct.').first().waitFor();
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Onboarding templates' }).waitFor();
  });

  it('creates an onboarding template with the wizard and shows its Provisioning ID', async () => {
    await page.getByRole('link', { name: 'Onboarding templates' }).click();
    await page.getByRole('link', { name: 'Create template' }).or(page.getByRole('button', { name: 'Create template' })).first().click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Template name').fill('SMB standard');
    await page.getByLabel('Service provider administrator').fill('sp-admin@partner.example');
    await page.getByLabel('Country or region').selectOption('US');
    await page.getByLabel('Default email language').selectOption({ index: 1 });
    await page.getByLabel('Wholesale subscription').fill('Sub23452345');
    await snap(page, 'template-wizard');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Brand name for emails').fill('TelcoX');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('Provisioning ID').first().waitFor();
    await snap(page, 'template');
  });

  it('creates a customer with package quantities and follows it to provisioned', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Create wholesale customer' }).or(page.getByRole('link', { name: 'Create wholesale customer' })).first().click();
    await page.getByLabel('Onboarding template').selectOption({ label: 'SMB standard' });
    await page.getByLabel('Company name').fill('Acme Pizza');
    await page.getByLabel('Administrator email').fill('boss@acme.example');
    await page.getByLabel('External customer ID').fill('acme-001');
    await page.getByLabel('Country', { exact: true }).selectOption('US');
    // The supported-location confirmation is required to continue.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Confirm the customer is in a supported location to continue.').first().waitFor();
    await page.getByLabel('I verify this customer is in a Cisco Webex supported location').check();
    await snap(page, 'customer-info');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Webex Calling', { exact: true }).check();
    await page.getByLabel('Enable package quantity selection').check();
    await page.getByLabel('Quantity for Webex Calling').fill('0');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Enter a positive whole number.').first().waitFor();
    await page.getByLabel('Quantity for Webex Calling').fill('2');
    await snap(page, 'customer-packages');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Address line 1').fill('771 Alder Drive');
    await page.getByLabel('City').fill('Milpitas');
    await page.getByLabel('State or province').selectOption('CA');
    await page.getByLabel('Postal code').fill('95035');
    await page.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await page.getByLabel('Language', { exact: true }).last().selectOption('en_US');
    await page.getByRole('button', { name: 'Next' }).click();
    await snap(page, 'customer-summary');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByText('Provisioning is complete.').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByText('0 of 2').first().isVisible()).toBe(true);
    await snap(page, 'customer');
  });

  it('adds two users; the quantity rule refuses a third', async () => {
    await page.getByRole('link', { name: 'Set up customer › Add users' }).or(page.getByRole('button', { name: 'Set up customer › Add users' })).first().click();
    const fillRow = async (n: number, first: string, email: string, ext: string) => {
      const row = page.getByRole('group', { name: `User ${n}` });
      await row.getByLabel('First name').fill(first);
      await row.getByLabel('Last name').fill('Doe');
      await row.getByLabel('Email address').fill(email);
      await row.getByLabel('Package').selectOption('webex_calling');
      await row.getByLabel('Extension', { exact: false }).fill(ext);
    };
    await fillRow(1, 'Ann', 'ann@acme.example', '2001');
    await page.getByRole('button', { name: 'Add another user' }).click();
    await fillRow(2, 'Bob', 'bob@acme.example', '2002');
    await page.getByRole('button', { name: 'Add another user' }).click();
    await fillRow(3, 'Cy', 'cy@acme.example', '2003');
    await snap(page, 'add-users');
    await page.getByRole('button', { name: /^Add users/ }).click();
    await page.getByText('Added: 2. Failed: 1.').waitFor({ timeout: 20_000 });
    const third = page.getByRole('group', { name: 'User 3' });
    await expect.poll(async () => (await third.textContent()) ?? '').toContain('5030');
    await snap(page, 'add-users-result');
  });

  it('switches to Japanese and shows translated screens', async () => {
    await page.getByLabel('Language').selectOption('ja');
    await page.getByRole('navigation', { name: /./ }).first().waitFor();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByRole('navigation').getByRole('link').first().waitFor();
    const text = (await page.locator('body').innerText());
    expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
    expect(text).not.toContain('Onboarding templates');
    await snap(page, 'japanese-add-users');
    await page.getByRole('navigation', { name: /./ }).first().getByRole('link').first().click();
    await page.getByText('Acme Pizza').first().waitFor();
    expect(await page.locator('body').innerText()).toMatch(/顧客/);
    await snap(page, 'japanese-customers');
  });
});
