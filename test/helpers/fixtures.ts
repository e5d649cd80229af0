import { expect } from 'vitest';
import { SCOPES } from '../../src/domain/scopes.ts';
import { OPERATOR, startTestApp, type TestApp } from './app.ts';

export const ALL_SCOPES = [...SCOPES];

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;

export async function createPartner(t: TestApp, settings: Record<string, unknown> = {}, scopes = ALL_SCOPES) {
  const p = await t.call('POST', '/v1/operator/partners', { token: OPERATOR, body: { name: unique('Partner'), adminEmail: 'admin@partner.example', settings } });
  expect(p.status).toBe(201);
  const tok = await t.call('POST', `/v1/operator/partners/${p.body.id}/tokens`, { token: OPERATOR, body: { scopes } });
  expect(tok.status).toBe(201);
  return { partner: p.body, token: tok.body.token as string };
}

export const templateBody = (over: Record<string, unknown> = {}) => ({
  name: unique('Template'),
  serviceProviderAdminEmail: 'sp-admin@partner.example',
  country: 'US',
  defaultEmailLanguage: 'en_US',
  wholesaleSubscriptionId: 'Sub23452345',
  ...over,
});

export async function createTemplate(t: TestApp, token: string, over: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/v1/wholesale/templates', { token, body: templateBody(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; provisioningId: string; name: string };
}

export const usAddress = () => ({
  addressLine1: '771 Alder Drive',
  addressLine2: 'Cisco Site 5',
  city: 'Milpitas',
  stateOrProvince: 'CA',
  zipOrPostalCode: '95035',
  country: 'US',
});

export const callingLocation = () => ({
  location: {
    name: 'Head Office',
    address: usAddress(),
    timezone: 'America/Los_Angeles',
    language: 'en_us',
    emergencyLocationIdentifier: '95547321',
  },
});

/** A valid new-customer body: meetings only unless packages say otherwise. */
export function customerBody(provisioningId: string, over: Record<string, unknown> = {}) {
  const packages = (over.packages as string[] | undefined) ?? ['webex_meetings'];
  return {
    provisioningId,
    packages,
    externalId: unique('ext'),
    address: usAddress(),
    customerInfo: { name: unique('Acme Corp'), primaryEmail: 'admin@acme.example', language: 'en' },
    provisioningParameters: { calling: callingLocation(), meetings: { timezone: 'America/Los_Angeles' } },
    ...over,
  };
}

export const customerIdOf = (url: string) => url.split('/').pop()!;

const FINAL = ['provisioned', 'provisioned_with_errors', 'error', 'pending_rpl_review'];

/** Polls the customer until its status is final (or the given one), as real clients do. */
export async function waitForCustomer(t: TestApp, token: string, id: string, until: string[] = FINAL, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.call('GET', `/v1/wholesale/customers/${id}?includePackageLicenseInfo=true`, { token });
    if (res.status === 404 && until.includes('gone')) return res;
    if (res.status === 200 && until.includes(res.body.status)) return res;
    if (Date.now() > deadline) throw new Error(`customer ${id} still ${res.status} ${res.body?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function provision(t: TestApp, token: string, body: Record<string, unknown>) {
  const res = await t.call('POST', '/v1/wholesale/customers', { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = customerIdOf(res.body.url);
  return waitForCustomer(t, token, id);
}

/** The usual start of a test file: an app, one partner with a token, and one template. */
export async function startPartnerApp(env: Record<string, string> = {}) {
  const t = await startTestApp(env);
  const p = await createPartner(t);
  const tpl = await createTemplate(t, p.token);
  return { t, token: p.token, partnerId: p.partner.id as string, provisioningId: tpl.provisioningId };
}
