import { expect } from 'vitest';
import { OPERATOR, type TestApp } from './app.ts';
import { createPartner, createTemplate, unique } from './fixtures.ts';
import { readyCustomer, subscriberBody, type ReadyCustomer } from './subscribers.ts';

/**
 * One partner with one of everything (template, provisioned customer with a location and
 * numbers, a calling subscriber and its person, a Setup Assist request, a Partner Hub admin
 * signed in), and `idFor` to find the right id for a parameter by its name.
 */
export type World = {
  token: string;
  partnerId: string;
  tokenId: string;
  template: { id: string; provisioningId: string; name: string };
  customer: ReadyCustomer & { name: string };
  subscriber: { id: string; personId: string; email: string };
  setupAssistId: string;
  admin: { email: string; cookie: string; csrf: string };
};

export async function partnerWorld(t: TestApp): Promise<World> {
  const { partner, token } = await createPartner(t);
  const template = await createTemplate(t, token);
  const customer = await readyCustomer(t, token, template.provisioningId);
  const got = await t.call('GET', `/v1/wholesale/customers/${customer.id}`, { token });
  const sub = await t.call('POST', '/v1/wholesale/subscribers', {
    token,
    body: subscriberBody(customer.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: customer.numbers[0] }),
  });
  expect(sub.status, JSON.stringify(sub.body)).toBe(200);
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const assist = await t.call('POST', '/v1/wholesale/setup-assist-requests', {
    token,
    body: { customerId: customer.id, customerName: got.body.customerInfo.name, contactName: 'Jo', contactEmail: 'jo@partner.example', services: ['other'], preferredDate: day },
  });
  expect(assist.status, JSON.stringify(assist.body)).toBe(201);
  const tokens = await t.call('GET', `/v1/operator/partners/${partner.id}/tokens`, { token: OPERATOR });
  const email = `${unique('hub').toLowerCase()}@partner.example`;
  const password = 'a partner hub password';
  expect((await t.call('PUT', `/v1/operator/partners/${partner.id}/admins`, { token: OPERATOR, body: { email, password } })).status).toBe(200);
  const signIn = await t.call('POST', '/v1/portal/session', { body: { email, password } });
  expect(signIn.status).toBe(200);
  return {
    token,
    partnerId: partner.id,
    tokenId: tokens.body.items[0].id,
    template: { id: template.id, provisioningId: template.provisioningId, name: template.name },
    customer: { ...customer, name: got.body.customerInfo.name },
    subscriber: { id: sub.body.id, personId: sub.body.personId, email: sub.body.email },
    setupAssistId: assist.body.id,
    admin: { email, cookie: String(signIn.headers['set-cookie']).split(';')[0]!, csrf: signIn.body.csrfToken },
  };
}

/** The world's value for a path, query or body parameter, judged by its name (undefined: none). */
export function idFor(w: World, name: string): string | undefined {
  const n = name.toLowerCase();
  const rules: Array<[RegExp, string]> = [
    [/subscriberid$/, w.subscriber.id],
    [/^provisioningid$/, w.template.provisioningId],
    [/^external(customer)?id$/, w.customer.externalId],
    [/customerid$/, w.customer.id],
    [/templateid$/, w.template.id],
    [/locationid$/, w.customer.locationId],
    [/^(personid|userid)$/, w.subscriber.personId],
    [/orgid$/, w.customer.orgId],
    [/partnerid$/, w.partnerId],
    [/^tokenid$/, w.tokenId],
    [/^requestid$/, w.setupAssistId],
    [/phonenumber$/, w.customer.numbers[0]!],
    [/^(email|to)$/, w.subscriber.email],
    [/^search$/, w.customer.name],
  ];
  return rules.find(([re]) => re.test(n))?.[1];
}

/** Every id of the world, for a fuzz to put in the wrong places too. */
export const allIds = (w: World): string[] => [
  w.customer.id, w.customer.orgId, w.customer.locationId, w.template.id, w.template.provisioningId,
  w.subscriber.id, w.subscriber.personId, w.setupAssistId, w.partnerId, w.tokenId, ...w.customer.numbers,
];
