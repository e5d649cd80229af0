import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox, people, phoneNumbers } from '../src/db/schema.ts';
import { decodeId } from '../src/http/ids.ts';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { startPartnerApp, unique } from './helpers/fixtures.ts';
import { readyCustomer, type ReadyCustomer } from './helpers/subscribers.ts';
import { referenceErrors } from './helpers/reference.ts';

/** pending_user_migration: a free (consumer) account moves into the customer org only with consent. */
let t: TestApp;
let token: string;
let customer: ReadyCustomer;

beforeAll(async () => {
  let provisioningId: string;
  ({ t, token, provisioningId } = await startPartnerApp());
  customer = await readyCustomer(t, token, provisioningId, { limits: { webex_calling: 10, webex_meetings: 10 }, numbers: 6 });
});
afterAll(() => t.close());

/** A free account in the directory (its own consumer org). */
async function freeAccount(over: { freeAccount?: boolean } = {}) {
  const email = `${unique('free')}@gmail.example`.toLowerCase();
  const res = await t.call('POST', '/v1/operator/organizations', { token: OPERATOR, body: {
    name: unique('Consumer'), users: [{ email, firstName: 'Fri', lastName: 'Account', freeAccount: over.freeAccount ?? true }],
  } });
  expect(res.status).toBe(201);
  return email;
}

const provisionBody = (email: string, over: Record<string, unknown> = {}) => ({
  customerId: customer.id, email, package: 'webex_calling',
  provisioningParameters: { firstName: 'Fri', lastName: 'Account', primaryPhoneNumber: customer.numbers.shift(), extension: String(2000 + Math.floor(Math.random() * 7000)) },
  ...over,
});

async function consentLink(email: string): Promise<string> {
  const rows = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.kind, 'consent_move')));
  const last = rows.sort((a, b) => a.created.getTime() - b.created.getTime()).at(-1);
  const m = /\/consent\/([\w-]+)/.exec(last?.text ?? '');
  expect(m, 'a consent mail with a link').toBeTruthy();
  return m![1]!;
}

describe('provisioning a free account', () => {
  it('answers 202 pending_user_migration (no personId), holds the unit and the number, and mails a consent link', async () => {
    const email = await freeAccount();
    const body = provisionBody(email);
    const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ email, status: 'pending_user_migration', customerId: customer.id });
    expect(res.body.personId).toBeUndefined();
    expect(res.headers.location).toMatch(new RegExp(`/v1/wholesale/subscribers/${res.body.id}$`));
    expect(referenceErrors('Subscriber', res.body)).toEqual([]);
    const c = await t.call('GET', `/v1/wholesale/customers/${customer.id}`, { token });
    expect(c.body.resourceDetails.packages.find((p: { name: string }) => p.name === 'webex_calling').quantity.assigned).toBeGreaterThanOrEqual(1);
    const [num] = await t.database.db.select().from(phoneNumbers).where(eq(phoneNumbers.number, body.provisioningParameters.primaryPhoneNumber!));
    expect(num!.personId).not.toBeNull();
    const tokenPart = await consentLink(email);
    const info = await t.call('GET', `/v1/consent/${tokenPart}`);
    expect(info.body).toMatchObject({ email, status: 'pending' });
    // The list filter finds it.
    const pending = await t.call('GET', `/v1/wholesale/subscribers?status=pending_user_migration&email=${email}`, { token });
    expect(pending.body.items.map((s: { id: string }) => s.id)).toEqual([res.body.id]);
    // Changing it while pending is refused.
    expectWebexError(await t.call('PUT', `/v1/wholesale/subscribers/${res.body.id}`, { token, body: { package: 'webex_meetings' } }), 409, 5060);
  });

  it('accepting moves the account into the customer org: provisioned, with lastStatusChange, number and extension, a welcome mail and an audit event', async () => {
    const email = await freeAccount();
    const body = provisionBody(email);
    const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body });
    const link = await consentLink(email);
    await new Promise((r) => setTimeout(r, 5));
    const accepted = await t.call('POST', `/v1/consent/${link}/accept`);
    expect(accepted.status).toBe(204);
    const sub = await t.call('GET', `/v1/wholesale/subscribers/${res.body.id}`, { token });
    expect(sub.body).toMatchObject({ status: 'provisioned', personId: expect.any(String) });
    expect(Date.parse(sub.body.lastStatusChange)).toBeGreaterThan(Date.parse(res.body.lastStatusChange));
    const [person] = await t.database.db.select().from(people).where(eq(people.email, email));
    expect(person).toMatchObject({ orgId: decodeId('ORGANIZATION', customer.orgId), freeAccount: false, extension: body.provisioningParameters.extension, roles: [] });
    const welcome = await t.database.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, email), eq(mailOutbox.kind, 'welcome')));
    expect(welcome).toHaveLength(1);
    const audit = await t.call('GET', `/v1/operator/audit?orgId=${customer.orgId}`, { token: OPERATOR });
    expect(audit.body.items.find((e: { action: string; actor: string }) => e.action === 'consent.accepted' && e.actor === `user:${email}`)).toMatchObject({
      after: { orgId: decodeId('ORGANIZATION', customer.orgId), freeAccount: false },
    });
    // The link works once.
    expectWebexError(await t.call('POST', `/v1/consent/${link}/accept`), 404, 5062);
    expectWebexError(await t.call('GET', `/v1/consent/${link}`), 404, 5062);
    // Resending for a provisioned subscriber is a conflict, on both paths.
    expectWebexError(await t.call('POST', `/v1/subscribers/${res.body.id}/emails/consentMove`, { token }), 409, 5060);
    expectWebexError(await t.call('POST', `/v1/wholesale/subscribers/${res.body.id}/emails/consentMove`, { token }), 409, 5060);
  });

  it('declining leaves it pending with an error entry; consentMove resends a new link (204) on both paths', async () => {
    const email = await freeAccount();
    const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body: provisionBody(email, { package: 'webex_meetings', provisioningParameters: { firstName: 'F', lastName: 'A' } }) });
    expect(res.status).toBe(202);
    const first = await consentLink(email);
    expect((await t.call('POST', `/v1/consent/${first}/decline`)).status).toBe(204);
    const sub = await t.call('GET', `/v1/wholesale/subscribers/${res.body.id}`, { token });
    expect(sub.body).toMatchObject({ status: 'pending_user_migration', errors: [{ errorCode: 5061 }] });
    expect((await t.call('POST', `/v1/subscribers/${res.body.id}/emails/consentMove`, { token })).status).toBe(204);
    const second = await consentLink(email);
    expect(second).not.toBe(first);
    expect((await t.call('POST', `/v1/wholesale/subscribers/${res.body.id}/emails/consentMove`, { token })).status).toBe(204);
    const third = await consentLink(email);
    expectWebexError(await t.call('POST', `/v1/consent/${second}/accept`), 404, 5062);
    expect((await t.call('POST', `/v1/consent/${third}/accept`)).status).toBe(204);
    expect((await t.call('GET', `/v1/wholesale/subscribers/${res.body.id}`, { token })).body.status).toBe('provisioned');
  });

  it('refuses a user of another (non-free) org with 409 10022, unknown subscribers with 404, and other partners', async () => {
    const email = await freeAccount({ freeAccount: false });
    expectWebexError(await t.call('POST', '/v1/wholesale/subscribers', { token, body: provisionBody(email) }), 409, 10022);
    const { encodeId, newUuid } = await import('../src/http/ids.ts');
    expectWebexError(await t.call('POST', `/v1/subscribers/${encodeId('SUBSCRIBER', newUuid())}/emails/consentMove`, { token }), 404);
    const free = await freeAccount();
    const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body: provisionBody(free, { package: 'webex_meetings', provisioningParameters: { firstName: 'F', lastName: 'A' } }) });
    const { createPartner } = await import('./helpers/fixtures.ts');
    const other = await createPartner(t);
    expectWebexError(await t.call('POST', `/v1/subscribers/${res.body.id}/emails/consentMove`, { token: other.token }), 404);
    expectWebexError(await t.call('GET', '/v1/consent/not-a-token'), 404, 5062);
  });

  it('removing a pending subscriber returns its unit and frees its number', async () => {
    const email = await freeAccount();
    const body = provisionBody(email);
    const res = await t.call('POST', '/v1/wholesale/subscribers', { token, body });
    expect(res.status).toBe(202);
    expect((await t.call('DELETE', `/v1/wholesale/subscribers/${res.body.id}`, { token })).status).toBe(204);
    const [num] = await t.database.db.select().from(phoneNumbers).where(eq(phoneNumbers.number, body.provisioningParameters.primaryPhoneNumber!));
    expect(num!.personId).toBeNull();
  });
});
