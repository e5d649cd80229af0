import { expect } from 'vitest';
import type { TestApp } from './app.ts';
import { callingLocation, createPartner, createTemplate, customerBody, provision, unique } from './fixtures.ts';

/** A provisioned customer ready for subscribers: its ids, HQ location and numbers to hand out. */
export type ReadyCustomer = { id: string; orgId: string; externalId: string; locationId: string; numbers: string[] };

let numberSeq = 0;
/** Unique E.164 numbers per test process (the inventory is platform-wide). */
export const freshNumbers = (n: number) =>
  Array.from({ length: n }, () => `+1408${String(process.pid % 1000).padStart(3, '0')}${String(++numberSeq).padStart(4, '0')}`);

export async function readyCustomer(
  t: TestApp,
  token: string,
  provisioningId: string,
  opts: { packages?: string[]; limits?: Record<string, number>; numbers?: number } = {},
): Promise<ReadyCustomer> {
  const packages = opts.packages ?? ['webex_calling', 'webex_meetings'];
  const body = customerBody(provisioningId, {
    packages,
    provisioningParameters: { calling: callingLocation(), ...(opts.limits ? { packages: { limits: opts.limits } } : {}) },
  });
  const done = await provision(t, token, body);
  expect(done.body.status).toBe('provisioned');
  const locs = await t.call('GET', `/v1/locations?orgId=${done.body.orgId}`, { token });
  expect(locs.status, JSON.stringify(locs.body)).toBe(200);
  // Meetings-only customers have no calling location (and so no numbers).
  const locationId = locs.body.items[0]?.id as string;
  if (!locationId) return { id: done.body.id, orgId: done.body.orgId, externalId: body.externalId, locationId, numbers: [] };
  const numbers = freshNumbers(opts.numbers ?? 3);
  const added = await t.call('POST', `/v1/telephony/config/locations/${locationId}/numbers?orgId=${done.body.orgId}`, { token, body: { phoneNumbers: numbers } });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  return { id: done.body.id, orgId: done.body.orgId, externalId: body.externalId, locationId, numbers };
}

export async function partnerWithTemplate(t: TestApp) {
  const p = await createPartner(t);
  const tpl = await createTemplate(t, p.token);
  return { token: p.token, partnerId: p.partner.id as string, provisioningId: tpl.provisioningId };
}

export function subscriberBody(customerId: string, over: Record<string, unknown> = {}, params: Record<string, unknown> = {}) {
  return {
    customerId,
    email: `${unique('user')}@example.com`.toLowerCase(),
    packages: ['webex_meetings'],
    ...over,
    provisioningParameters: { firstName: 'Ada', lastName: 'Lovelace', ...params },
  };
}
