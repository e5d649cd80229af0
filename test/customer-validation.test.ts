import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, expectWebexError, type TestApp } from './helpers/app.ts';
import { callingLocation, createPartner, createTemplate, customerBody, provision, usAddress, startPartnerApp } from './helpers/fixtures.ts';

/** Every synchronous rule of POST /v1/wholesale/customers and /validate, with its error code. */
let t: TestApp;
let token: string;
let partnerId: string;
let provisioningId: string;

beforeAll(async () => {
  ({ t, token, partnerId, provisioningId } = await startPartnerApp());
});
afterAll(() => t.close());

const post = (body: unknown) => t.call('POST', '/v1/wholesale/customers', { token, body });
const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
const addr = (over: Record<string, unknown>) => ({ ...usAddress(), ...over });

describe('required fields (facts §5.1)', () => {
  it.each(['provisioningId', 'packages', 'externalId', 'address'])('missing %s → 400 code 1001', async (field) => {
    expectWebexError(await post(without(customerBody(provisioningId), field)), 400, 1001);
  });

  it('customerInfo is mandatory for a new org → 400 6015', async () => {
    expectWebexError(await post(without(customerBody(provisioningId), 'customerInfo')), 400, 6015);
  });

  it.each(['addressLine1', 'city', 'country'])('address.%s missing → 400 1001', async (field) => {
    expectWebexError(await post(customerBody(provisioningId, { address: without(usAddress(), field) })), 400, 1001);
  });

  it('reports every problem of a request at once', async () => {
    const res = await post(customerBody(provisioningId, {
      address: addr({ country: 'XX' }),
      customerInfo: { name: '50% Off', primaryEmail: 'nope', language: 'klingon' },
    }));
    expectWebexError(res, 400);
    expect(res.body.errors.map((e: { errorCode: number }) => e.errorCode).sort()).toEqual([6003, 6004, 6005, 6006]);
  });
});

describe('customerInfo', () => {
  it.each([
    [{ name: 'Fifty % Pizza' }, 6003],
    [{ primaryEmail: 'not-an-email' }, 6004],
    [{ primaryEmail: 'a@b' }, 6004],
    [{ language: 'english' }, 6005],
    [{ language: 'en-US' }, 6005],
    [{ language: 'xx_YY' }, 6005],
  ])('%o → 400 %i', async (over, code) => {
    const body = customerBody(provisioningId);
    expectWebexError(await post({ ...body, customerInfo: { ...body.customerInfo, ...over } }), 400, code);
  });

  it.each(['en', 'en_us', 'fr_CA', 'ja_JP', 'da'])('accepts language %s', async (language) => {
    const body = customerBody(provisioningId);
    expect((await post({ ...body, customerInfo: { ...body.customerInfo, language } })).status).toBe(202);
  });
});

describe('addresses', () => {
  it.each([
    [addr({ addressLine1: 'x'.repeat(51) }), 6009],
    [addr({ addressLine2: 'y'.repeat(51) }), 6009],
    [addr({ country: 'USA' }), 6006],
    [addr({ country: 'ZZ' }), 6006],
    [addr({ country: 'us' }), 6006],
    [without(usAddress(), 'stateOrProvince'), 6007],
    [without(usAddress(), 'zipOrPostalCode'), 6008],
    [addr({ stateOrProvince: 'Milpitas' }), 6014],
    [{ addressLine1: '1 Rue', city: 'Montréal', zipOrPostalCode: 'H2X 1Y4', country: 'CA' }, 6007],
    [{ addressLine1: '1-1 Chiyoda', city: 'Tokyo', stateOrProvince: '13', country: 'JP' }, 6008],
    [{ addressLine1: '1 High St', city: 'Leeds', country: 'GB' }, 6008],
    [{ addressLine1: 'Av. Paulista 1', city: 'São Paulo', zipOrPostalCode: '01311-000', country: 'BR' }, 6007],
  ])('billing address %o → 400 %i', async (address, code) => {
    expectWebexError(await post(customerBody(provisioningId, { address })), 400, code);
  });

  it.each([
    [{ addressLine1: 'Strada Lipscani 1', city: 'București', country: 'RO' }],
    [{ addressLine1: '1 High St', city: 'Leeds', zipOrPostalCode: 'LS1 1AA', country: 'GB' }],
    [{ addressLine1: '1-1 Chiyoda', city: 'Tokyo', stateOrProvince: 'JP-13', zipOrPostalCode: '100-0001', country: 'JP' }],
    [addr({ addressLine1: 'x'.repeat(50) })],
  ])('accepts %o', async (address) => {
    expect((await post(customerBody(provisioningId, { address })).then((r) => r.status))).toBe(202);
  });

  it('applies the same rules to the calling location address', async () => {
    const loc = callingLocation();
    loc.location.address = { ...loc.location.address, addressLine1: 'z'.repeat(60) };
    const res = await post(customerBody(provisioningId, { packages: ['webex_calling'], provisioningParameters: { calling: loc } }));
    expectWebexError(res, 400, 6009);
    expect(res.body.errors[0].description).toContain('provisioningParameters.calling.location.address.addressLine1');
  });
});

describe('packages', () => {
  it('unknown package name → 400', async () => {
    expectWebexError(await post(customerBody(provisioningId, { packages: ['webex_everything'] })), 400, 1003);
  });

  it('empty package list → 400', async () => {
    expectWebexError(await post(customerBody(provisioningId, { packages: [] })), 400);
  });

  it('a package twice → 400 6013', async () => {
    expectWebexError(await post(customerBody(provisioningId, { packages: ['webex_meetings', 'webex_meetings'] })), 400, 6013);
  });

  it.each([
    [['cisco_calling_plan'], 6012],
    [['cisco_calling_plan', 'webex_meetings'], 6012],
    [['attendant_console', 'webex_voice'], 6012],
    [['attendant_console', 'webex_calling_standard'], 6012],
  ])('%o → 400 %i (add-on without its base package)', async (packages, code) => {
    expectWebexError(await post(customerBody(provisioningId, { packages })), 400, code);
  });

  it.each([[['cisco_calling_plan', 'webex_voice']], [['attendant_console', 'cx_essentials']], [['attendant_console', 'webex_suite']]])('accepts %o', async (packages) => {
    expect((await post(customerBody(provisioningId, { packages }))).status).toBe(202);
  });
});

describe('calling parameters', () => {
  it('a calling package without provisioningParameters.calling.location → 400 6010', async () => {
    expectWebexError(await post(customerBody(provisioningId, { packages: ['webex_calling'], provisioningParameters: {} })), 400, 6010);
    expectWebexError(await post(customerBody(provisioningId, { packages: ['common_area_calling'], provisioningParameters: undefined })), 400, 6010);
  });

  it('a meetings-only customer needs no location', async () => {
    expect((await post(customerBody(provisioningId, { packages: ['webex_meetings'], provisioningParameters: undefined }))).status).toBe(202);
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 6011],
    [{ timezone: 'PST' }, 6011],
    [{ language: 'tlh' }, 6005],
  ])('location %o → 400 %i', async (over, code) => {
    const calling = callingLocation();
    Object.assign(calling.location, over);
    expectWebexError(await post(customerBody(provisioningId, { packages: ['webex_calling'], provisioningParameters: { calling } })), 400, code);
  });

  it('location.name, timezone and language are required', async () => {
    for (const field of ['name', 'timezone', 'language', 'address']) {
      const calling = callingLocation();
      delete (calling.location as Record<string, unknown>)[field];
      expectWebexError(await post(customerBody(provisioningId, { packages: ['webex_calling'], provisioningParameters: { calling } })), 400, 1001);
    }
  });

  it('meetings.timezone must be a real zone', async () => {
    expectWebexError(await post(customerBody(provisioningId, { provisioningParameters: { meetings: { timezone: 'Nowhere/Land' } } })), 400, 6011);
  });
});

describe('references and uniqueness', () => {
  it('unknown provisioningId → 404 6001', async () => {
    expectWebexError(await post(customerBody('ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2')), 404, 6001);
    expectWebexError(await post(customerBody('garbage!!')), 404, 6001);
  });

  it('another partner\'s provisioningId → 404 6001', async () => {
    const other = await createPartner(t);
    const tpl = await createTemplate(t, other.token);
    expectWebexError(await post(customerBody(tpl.provisioningId)), 404, 6001);
  });

  it('externalId already used by this partner → 409 6002; another partner may use it', async () => {
    const body = customerBody(provisioningId);
    expect((await post(body)).status).toBe(202);
    expectWebexError(await post({ ...customerBody(provisioningId), externalId: body.externalId }), 409, 6002);
    const other = await createPartner(t);
    const tpl = await createTemplate(t, other.token);
    const res = await t.call('POST', '/v1/wholesale/customers', { token: other.token, body: { ...customerBody(tpl.provisioningId), externalId: body.externalId } });
    expect(res.status).toBe(202);
  });

  it('an orgId that is already a wholesale customer → 409 6016; a malformed orgId → 400', async () => {
    const first = await provision(t, token, customerBody(provisioningId));
    expectWebexError(await post(customerBody(provisioningId, { orgId: first.body.orgId })), 409, 6016);
    expectWebexError(await post(customerBody(provisioningId, { orgId: 'bm90LWFuLW9yZw' })), 400, 1003);
  });
});

describe('billingStartDate (delayed billing)', () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('is refused unless the partner has enable_wholesale_delayed_billing', async () => {
    expectWebexError(await post(customerBody(provisioningId, { billingStartDate: day(10) })), 400, 6030);
  });

  it('accepts today to 90 days ahead once enabled, and refuses the past, day 91 and non-dates', async () => {
    await t.call('PATCH', `/v1/operator/partners/${partnerId}`, { token: OPERATOR, body: { settings: { enable_wholesale_delayed_billing: true } } });
    try {
      for (const ok of [day(0), day(45), day(90)]) {
        const body = customerBody(provisioningId, { billingStartDate: ok });
        const res = await post(body);
        expect(res.status, ok).toBe(202);
      }
      for (const bad of [day(-1), day(91), '2026-02-30', 'next week']) {
        const res = await post(customerBody(provisioningId, { billingStartDate: bad }));
        expectWebexError(res, 400);
        expect([6031, 1003]).toContain(res.body.errors[0].errorCode);
      }
      const body = customerBody(provisioningId, { billingStartDate: day(30) });
      const done = await provision(t, token, body);
      expect(done.body.billingStartDate).toBe(day(30));
    } finally {
      await t.call('PATCH', `/v1/operator/partners/${partnerId}`, { token: OPERATOR, body: { settings: { enable_wholesale_delayed_billing: false } } });
    }
  });
});

describe('POST /v1/wholesale/customers/validate (precheck)', () => {
  it('answers the success info code 100 for a valid request, writing nothing', async () => {
    const body = customerBody(provisioningId);
    const res = await t.call('POST', '/v1/wholesale/customers/validate', { token, body });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'success', info: [{ infoCode: 100, description: 'Provisioning preCheck validation successful.' }] });
    const list = await t.call('GET', `/v1/wholesale/customers?externalId=${body.externalId}`, { token });
    expect(list.body.items).toEqual([]);
  });

  it('needs only the address (the reference example: address + customerInfo.primaryEmail)', async () => {
    const res = await t.call('POST', '/v1/wholesale/customers/validate', { token, body: { address: usAddress(), customerInfo: { primaryEmail: 'john.anderson@acme.com' } } });
    expect(res.status).toBe(200);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers/validate', { token, body: { customerInfo: { primaryEmail: 'a@b.example' } } }), 400, 1001);
    expectWebexError(await t.call('POST', '/v1/wholesale/customers/validate', { token, body: { address: usAddress(), customerInfo: { name: 'x' } } }), 400, 1001);
  });

  it('reports the same errors as provisioning would', async () => {
    const taken = customerBody(provisioningId);
    await post(taken);
    const cases: Array<[Record<string, unknown>, number, number]> = [
      [{ address: addr({ country: 'XX' }) }, 400, 6006],
      [{ address: usAddress(), packages: ['webex_calling'] }, 400, 6010],
      [{ address: usAddress(), packages: ['attendant_console'] }, 400, 6012],
      [{ address: usAddress(), provisioningId: 'ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2' }, 404, 6001],
      [{ address: usAddress(), externalId: taken.externalId }, 409, 6002],
      [{ address: usAddress(), customerInfo: { primaryEmail: 'bad' } }, 400, 6004],
      [{ address: usAddress(), packages: ['webex_meetings'], provisioningParameters: { packages: { limits: { webex_meetings: 0 } } } }, 400, 6020],
    ];
    for (const [body, status, code] of cases) {
      expectWebexError(await t.call('POST', '/v1/wholesale/customers/validate', { token, body }), status, code);
    }
  });
});
