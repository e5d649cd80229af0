import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { callingLocation, customerBody, provision, waitForCustomer, startPartnerApp } from './helpers/fixtures.ts';

/** Seed 004, "Limitations d'attribution de quantité de colis", through the API. */
let t: TestApp;
let token: string;
let partnerId: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, partnerId, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

const withLimits = (packages: string[], limits: Record<string, unknown> | null) =>
  customerBody(provisioningId, { packages, provisioningParameters: { calling: callingLocation(), packages: { limits } } });
const post = (body: unknown) => t.call('POST', '/v1/wholesale/customers', { token, body });
const put = (id: string, body: unknown) => t.call('PUT', `/v1/wholesale/customers/${id}`, { token, body });
const quantities = (c: { resourceDetails: { packages: Array<{ name: string; quantity: unknown }> } }) =>
  Object.fromEntries(c.resourceDetails.packages.map((p) => [p.name, p.quantity]));

describe('setting quantities at creation', () => {
  it('stores a limit per package and shows {limit, assigned} on the customer', async () => {
    const done = await provision(t, token, withLimits(['webex_calling', 'webex_meetings', 'cisco_calling_plan'], { webex_calling: 10, webex_meetings: 25 }));
    expect(done.body.status).toBe('provisioned');
    expect(quantities(done.body)).toEqual({
      webex_calling: { limit: 10, assigned: 0 },
      webex_meetings: { limit: 25, assigned: 0 },
      // Not user-assignable: never limited.
      cisco_calling_plan: { limit: null, assigned: 0 },
    });
  });

  it('an unlimited customer shows limit null', async () => {
    const done = await provision(t, token, customerBody(provisioningId));
    expect(quantities(done.body)).toEqual({ webex_meetings: { limit: null, assigned: 0 } });
  });

  it.each([0, -5, 2.5])('a quantity of %s is refused (400 6020)', async (q) => {
    expectWebexError(await post(withLimits(['webex_meetings'], { webex_meetings: q })), 400, 6020);
  });

  it.each(['cisco_calling_plan', 'cx_voice_ports', 'webex_ai_agent', 'no_such_package'])('a quantity for %s is refused (400 6021)', async (name) => {
    expectWebexError(await post(withLimits(['webex_calling', 'cisco_calling_plan'], { webex_calling: 5, [name]: 5 })), 400, 6021);
  });

  it('no mix of limited and unlimited packages (400 6022)', async () => {
    const res = await post(withLimits(['webex_calling', 'webex_meetings'], { webex_calling: 5 }));
    expectWebexError(res, 400, 6022);
    expect(res.body.errors[0].description).toContain('webex_meetings');
  });

  it('refuses a quantity above the partner\'s allowed maximum (400 6026)', async () => {
    await t.call('PATCH', `/v1/operator/partners/${partnerId}`, { token: OPERATOR, body: { settings: { package_quantity_max: 100 } } });
    try {
      expectWebexError(await post(withLimits(['webex_meetings'], { webex_meetings: 101 })), 400, 6026);
      expect((await post(withLimits(['webex_meetings'], { webex_meetings: 100 }))).status).toBe(202);
    } finally {
      await t.call('PATCH', `/v1/operator/partners/${partnerId}`, { token: OPERATOR, body: { settings: { package_quantity_max: null } } });
    }
  });
});

describe('changing quantities later (PUT)', () => {
  it('a limit can be raised, or kept, but never lowered (409 6025)', async () => {
    const done = await provision(t, token, withLimits(['webex_meetings'], { webex_meetings: 10 }));
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 9 } } } }), 409, 6025);
    expect((await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 10 } } } })).status).toBe(202);
    const raised = await provision(t, token, withLimits(['webex_meetings'], { webex_meetings: 1 }));
    expect((await put(raised.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 30 } } } })).status).toBe(202);
    const after = await waitForCustomer(t, token, raised.body.id);
    expect(quantities(after.body).webex_meetings).toEqual({ limit: 30, assigned: 0 });
  });

  it('a customer created unlimited cannot become limited (409 6023)', async () => {
    const done = await provision(t, token, customerBody(provisioningId));
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 5 } } } }), 409, 6023);
  });

  it('a limited customer cannot become unlimited (409 6024)', async () => {
    const done = await provision(t, token, withLimits(['webex_meetings'], { webex_meetings: 5 }));
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: null } } }), 409, 6024);
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: null } } } }), 409, 6024);
  });

  it('keeps the limits when a PUT does not mention them, and a package added later needs its own limit', async () => {
    const done = await provision(t, token, withLimits(['webex_meetings'], { webex_meetings: 5 }));
    expect((await put(done.body.id, { packages: ['webex_meetings'] })).status).toBe(202);
    await waitForCustomer(t, token, done.body.id);
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings', 'webex_voice'], provisioningParameters: { calling: callingLocation() } }), 400, 6022);
  });

  it('quantities cannot be set while the customer is flagged as migrating (409 6027)', async () => {
    const done = await provision(t, token, withLimits(['webex_meetings'], { webex_meetings: 5 }));
    const flag = await t.call('PATCH', `/v1/operator/customers/${done.body.id}`, { token: OPERATOR, body: { migrating: true } });
    expect(flag.status).toBe(200);
    expectWebexError(await put(done.body.id, { packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 6 } } } }), 409, 6027);
    // Other updates still work.
    expect((await put(done.body.id, { packages: ['webex_meetings'] })).status).toBe(202);
  });
});
