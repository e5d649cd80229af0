import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../helpers/process.ts';
import { snap } from './browser.ts';
import { useE2e } from './setup.ts';

/**
 * Partner Hub in a real browser against the real server (embedded database): sign in, create a
 * template, create a customer with quantities, add users until the quantity rule refuses one,
 * read the screens in Japanese, then edit the customer's packages, add a location and its
 * numbers, send a Wholesale Setup Assist request and read the mail. Screenshots go to
 * docs/screenshots/.
 */
const ADMIN = 'admin@demo-partner.example';
const PASSWORD = 'demo password 123';
const OPERATOR_TOKEN = 'e2e-operator-token-000000';

const e2e = useE2e('portal', { OPERATOR_TOKEN, BOOTSTRAP_PARTNER_ADMIN_EMAIL: ADMIN, BOOTSTRAP_PARTNER_ADMIN_PASSWORD: PASSWORD });
let server: ServerProcess;
let page: Page;

beforeAll(async () => {
  ({ server, page } = e2e);
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
    // Seed 003: the customer administrator's email first; no existing organization has it, so a new one.
    await page.getByLabel('Customer administrator email').fill('boss@acme.example');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Onboarding template').selectOption({ label: 'SMB standard' });
    await page.getByLabel('Company name').fill('Acme Pizza');
    expect(await page.getByLabel('Administrator email').inputValue()).toBe('boss@acme.example');
    await page.getByLabel('External customer ID').fill('acme-001');
    await page.getByLabel('Country', { exact: true }).selectOption('US');
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
    // The supported-location confirmation (on the headquarters screen) is required to continue.
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Confirm the customer is in a supported location to continue.').first().waitFor();
    await page.getByLabel('I verify this customer is in a Cisco Webex supported location').check();
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

  it('edits the packages: the form keeps the quantity rules and shows the API\'s refusal', async () => {
    await page.locator('#language').selectOption('en');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers', exact: true }).click();
    await page.getByRole('link', { name: 'Acme Pizza' }).click();
    // The partner's largest quantity, so that the API has something to refuse that the form lets through.
    const op = { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' };
    const partners = (await (await fetch(`${server.url}/v1/operator/partners`, { headers: op })).json()) as { items: Array<{ id: string }> };
    const res = await fetch(`${server.url}/v1/operator/partners/${partners.items[0]!.id}`, {
      method: 'PATCH', headers: op, body: JSON.stringify({ settings: { package_quantity_max: 100 } }),
    });
    expect(res.status).toBe(200);

    await page.getByRole('link', { name: 'Edit packages' }).click();
    const calling = page.getByLabel('Quantity for Webex Calling');
    expect(await calling.inputValue()).toBe('2');
    await calling.fill('1');
    await page.getByLabel('Webex Meetings', { exact: true }).check();
    await page.getByRole('button', { name: 'Save packages' }).click();
    await page.getByText('A quantity can only be raised: enter 2 or more.').waitFor();
    await page.getByText('Enter a quantity.').waitFor();
    expect(await calling.getAttribute('aria-invalid')).toBe('true');
    await calling.fill('500');
    await page.getByLabel('Quantity for Webex Meetings').fill('5');
    await page.getByRole('button', { name: 'Save packages' }).click();
    await expect.poll(async () => (await page.locator('#qty-webex_calling-error').textContent()) ?? '').toContain('6026');
    await page.getByRole('group', { name: 'Package quantities' }).evaluate((g) => g.scrollIntoView());
    await snap(page, 'edit-packages');
    await calling.fill('3');
    await page.getByRole('button', { name: 'Save packages' }).click();
    await page.getByText('Update accepted').waitFor();
    await page.getByText('Provisioning is complete.').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByText('2 of 3').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('0 of 5').first().isVisible()).toBe(true);
  });

  it('adds a location with the country rules, then its numbers, showing each refused one', async () => {
    await page.getByRole('link', { name: 'Add location' }).click();
    await page.getByLabel('Location name').fill('headquarters');
    await page.getByLabel('Country').selectOption('DK');
    await page.getByLabel('Address line 1').fill('Vesterbrogade 1');
    await page.getByLabel('City').fill('København');
    await page.getByRole('button', { name: 'Add location' }).click();
    // Denmark needs a postal code, not a state.
    await expect.poll(() => page.getByLabel('Postal code').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('State or province').getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Postal code').fill('1620');
    await page.getByRole('button', { name: 'Add location' }).click();
    await expect.poll(async () => (await page.locator('#loc-name-error').textContent()) ?? '').toContain('7001');
    await page.getByLabel('Location name').fill('Copenhagen');
    await page.getByLabel('Emergency location identifier').fill('CPH-1');
    await page.getByRole('button', { name: 'Add location' }).click();
    await page.getByText('Location added').waitFor();

    const box = page.getByLabel('Phone numbers to add');
    const add = page.getByRole('button', { name: 'Add numbers' });
    await box.fill('+4532000001\n12345\n+4532000001');
    await add.click();
    await page.getByText('is not an E.164 number').waitFor();
    await page.getByText('is listed more than once.').waitFor();
    await box.fill('+45 32 00 00 01\n+4532000002');
    await add.click();
    await page.getByText('Numbers added to Copenhagen: 2.').waitFor();
    await box.fill('+4532000002\n+4532000003');
    await add.click();
    await page.getByText('No number was added. Numbers refused: 1.').waitFor();
    expect(await page.locator('#numbers-error').textContent()).toContain('+4532000002 is already in use.');
    await page.locator('#numbers-error').evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await snap(page, 'location-numbers');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('#numbers-error').evaluate((e) => e.scrollIntoView({ block: 'end' }));
    await snap(page, 'location-numbers-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('button', { name: 'Remove the refused numbers from the list' }).click();
    expect(await box.inputValue()).toBe('+4532000003');
    await add.click();
    await page.getByText('Numbers added to Copenhagen: 1.').waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Phone numbers' }).getByText('Available').count()).toBe(3);

    await page.getByRole('link', { name: 'Edit location' }).click();
    expect(await page.getByLabel('Emergency location identifier').inputValue()).toBe('CPH-1');
    await page.getByLabel('Location name').fill('Copenhagen office');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Location saved').waitFor();
    await page.getByRole('heading', { name: 'Copenhagen office' }).waitFor();
  });

  it('sends a Wholesale Setup Assist request from the customer page and lists it', async () => {
    await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Acme Pizza' }).click();
    await page.getByRole('link', { name: 'Copenhagen office', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Submit the Wholesale Setup Assist request form' }).click();
    expect(await page.getByLabel('Which customer is it for?').locator('option:checked').textContent()).toBe('Acme Pizza');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.getByText('Choose the help you need.').waitFor();
    await page.getByLabel('Contact name').fill('Pat Partner');
    await page.getByLabel('Contact email').fill('pat@partner.example');
    await page.getByLabel('Number porting').check();
    await page.getByLabel('Device setup').check();
    await page.getByLabel(/^Details/).fill('40 phones; port 10 numbers.');
    await page.getByLabel('Preferred date').fill('2099-01-15');
    await page.getByRole('button', { name: 'Submit request' }).click();
    await page.getByText('Request submitted').waitFor();
    const previous = page.getByRole('table', { name: 'Your previous requests' });
    await expect.poll(async () => (await previous.textContent()) ?? '').toContain('Number porting');
    expect(await previous.textContent()).toContain('Acme Pizza');
    await snap(page, 'setup-assist');
  });

  it('lists the mail kept without an SMTP server and shows its text', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mail' }).click();
    await page.getByText('No SMTP server is configured').waitFor();
    await page.getByLabel('Recipient').fill('boss@acme.example');
    await expect.poll(() => page.getByRole('row').count()).toBe(3);
    await page.getByRole('button', { name: 'Invitation to administer Acme Pizza on TelcoX' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('boss@acme.example');
    await snap(page, 'mail');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 390, height: 844 });
    await snap(page, 'mail-narrow');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator('#language').selectOption('fr');
    await page.getByText("Aucun serveur SMTP n'est configuré").waitFor();
  });
});
