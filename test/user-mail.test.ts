import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestApp, type TestApp } from './helpers/app.ts';
import { callingLocation, createPartner, createTemplate, customerBody, provision } from './helpers/fixtures.ts';
import { startSmtpSink, type SinkMessage, type SmtpSink } from './helpers/smtp-sink.ts';
import { freshNumbers, subscriberBody } from './helpers/subscribers.ts';

/**
 * Who gets which mail (seed 004, issue 3 §3), through a real SMTP sink: administrators get an
 * invitation and never a welcome; end users a welcome; US/CA people also the RedSky notice; all
 * in the template's default email language under its brand.
 */
let sink: SmtpSink;
let t: TestApp;
let token: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({ SMTP_URL: sink.url, JOB_BACKOFF_BASE_MS: '20' });
  ({ token } = await createPartner(t));
});
afterAll(async () => {
  await t.close();
  await sink.close();
});

const to = (addr: string) => (m: SinkMessage) => m.envelopeTo.includes(addr);
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('mail for a new customer and its users', () => {
  it('French template, US customer: admin invitation + RedSky to the admin, welcome + RedSky to users, no welcome to admins', async () => {
    const tpl = await createTemplate(t, token, { defaultEmailLanguage: 'fr_FR', emailSettings: { brandName: 'TelcoFrance', allowAdminInviteEmailsOnAttach: false } });
    const primary = `boss-${Date.now()}@client.example`;
    const done = await provision(t, token, customerBody(tpl.provisioningId, {
      packages: ['webex_calling', 'webex_meetings'],
      customerInfo: { name: 'Client SA', primaryEmail: primary, language: 'fr' },
      provisioningParameters: { calling: callingLocation() },
    }));
    expect(done.body.status).toBe('provisioned');
    const invite = await sink.waitFor((m) => to(primary)(m) && m.fromName === 'TelcoFrance');
    expect(invite.subject).toMatch(/administr/i);
    expect(invite.text).toContain('TelcoFrance');
    expect(invite.text).toContain('http://wh.test/control-hub/');
    const redsky = await sink.waitFor((m) => to(primary)(m) && m.fromName === 'RedSky E911 Notifications');
    expect(redsky.subject).not.toBe(invite.subject);

    // The first subscriber (another person) becomes full admin: an invitation, not a welcome.
    const admin = subscriberBody(done.body.id, { packages: ['webex_calling'] }, { extension: '1001' });
    expect((await t.call('POST', '/v1/wholesale/subscribers', { token, body: admin })).status).toBe(200);
    await sink.waitFor((m) => to(admin.email)(m) && m.fromName === 'TelcoFrance');
    // A calling user with a number: welcome in French with the number, and the RedSky notice.
    const locs = await t.call('GET', `/v1/locations?orgId=${done.body.orgId}`, { token });
    const [num] = freshNumbers(1);
    await t.call('POST', `/v1/telephony/config/locations/${locs.body.items[0].id}/numbers?orgId=${done.body.orgId}`, { token, body: { phoneNumbers: [num] } });
    const user = subscriberBody(done.body.id, { packages: ['webex_calling'] }, { primaryPhoneNumber: num, firstName: 'Amélie' });
    expect((await t.call('POST', '/v1/wholesale/subscribers', { token, body: user })).status).toBe(200);
    const welcome = await sink.waitFor((m) => to(user.email)(m) && m.fromName === 'TelcoFrance');
    expect(welcome.text).toContain('Amélie');
    expect(welcome.text).toContain(num!);
    expect(welcome.subject).not.toBe(invite.subject);
    await sink.waitFor((m) => to(user.email)(m) && m.fromName === 'RedSky E911 Notifications');

    await settle();
    const adminMail = sink.messages.filter(to(admin.email));
    expect(adminMail.map((m) => m.fromName).sort()).toEqual(['RedSky E911 Notifications', 'TelcoFrance']);
    expect(adminMail.find((m) => m.fromName === 'TelcoFrance')!.subject).toBe(invite.subject);
    expect(sink.messages.filter(to(user.email))).toHaveLength(2);
    expect(sink.messages.filter(to(primary))).toHaveLength(2);
  });

  it('outside the US and Canada there is no RedSky notice; the first user who is the primary admin is not invited twice', async () => {
    const tpl = await createTemplate(t, token, { defaultEmailLanguage: 'da_DK', country: 'DK' });
    const primary = `chef-${Date.now()}@firma.example`;
    const dk = { addressLine1: 'Strøget 1', city: 'København', zipOrPostalCode: '1160', country: 'DK' };
    const done = await provision(t, token, customerBody(tpl.provisioningId, {
      packages: ['webex_meetings'],
      address: dk,
      customerInfo: { name: 'Firma ApS', primaryEmail: primary },
      provisioningParameters: {},
    }));
    await sink.waitFor(to(primary));
    expect((await t.call('POST', '/v1/wholesale/subscribers', { token, body: { ...subscriberBody(done.body.id), email: primary } })).status).toBe(200);
    const user = subscriberBody(done.body.id);
    await t.call('POST', '/v1/wholesale/subscribers', { token, body: user });
    const welcome = await sink.waitFor(to(user.email));
    expect(welcome.subject).toMatch(/velkommen|klar/i);
    await settle();
    expect(sink.messages.filter(to(primary))).toHaveLength(1);
    expect(sink.messages.filter(to(user.email))).toHaveLength(1);
    expect(sink.messages.some((m) => (to(primary)(m) || to(user.email)(m)) && m.fromName.startsWith('RedSky'))).toBe(false);
  });

  it('a refused subscriber sends nothing', async () => {
    const tpl = await createTemplate(t, token);
    const done = await provision(t, token, customerBody(tpl.provisioningId, { provisioningParameters: {} }));
    const bad = { ...subscriberBody(done.body.id, { packages: ['webex_voice'] }, { extension: '2222' }) };
    expect((await t.call('POST', '/v1/wholesale/subscribers', { token, body: bad })).status).toBe(409);
    await settle();
    expect(sink.messages.filter(to(bad.email))).toEqual([]);
    const outbox = await t.call('GET', `/v1/operator/outbox?to=${bad.email}`, { token: OPERATOR });
    expect(outbox.body.items).toEqual([]);
  });
});

describe('the partner\'s own outbox', () => {
  it('lists only the partner\'s mail and says whether SMTP is configured', async () => {
    const own = await t.call('GET', '/v1/wholesale/outbox?max=100', { token });
    expect(own.status).toBe(200);
    expect(own.body.smtpConfigured).toBe(true);
    expect(own.body.items.length).toBeGreaterThan(0);
    const other = await createPartner(t);
    const theirs = await t.call('GET', '/v1/wholesale/outbox', { token: other.token });
    expect(theirs.body.items).toEqual([]);
  });
});
