import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { mailOutbox } from '../src/db/schema.ts';
import { decodeId } from '../src/http/ids.ts';
import { mailJobHandlers } from '../src/mail/handler.ts';
import { JOB_MAIL_SEND, queueMail, type NewMail } from '../src/mail/outbox.ts';
import { EMERGENCY_SENDER_NAME, MAIL_LANGUAGES, escapeHtml, mailLanguage, renderMail, senderName } from '../src/mail/templates.ts';
import { createMailTransport } from '../src/mail/transport.ts';
import { OPERATOR, expectWebexError, startTestApp, type TestApp } from './helpers/app.ts';
import { createPartner, unique } from './helpers/fixtures.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';

/** Mail: the outbox, the mail.send job through a real SMTP server, templates in every language. */

const FROM = 'noreply@hub.example';

function welcome(to: string, language = 'fr_CA', brandName = 'Acme Cloud'): NewMail {
  const r = renderMail('welcome', language, { firstName: 'Chloé', brandName, phoneNumber: '+1 408 555 0100', extension: '1234' });
  return { kind: 'welcome', to, language: r.language, fromName: senderName('welcome', brandName), subject: r.subject, text: r.text, html: r.html };
}

async function rowOf(t: TestApp, id: string) {
  const [row] = await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row!;
}

async function untilRow(t: TestApp, id: string, pred: (r: Awaited<ReturnType<typeof rowOf>>) => boolean, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const row = await rowOf(t, id);
    if (pred(row)) return row;
    if (Date.now() > end) throw new Error(`outbox row ${id} stayed ${row.status} (attempts ${row.attempts}, ${row.lastError ?? 'no error'})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Queued in a committed transaction, then the in-process worker is told (as routes do). */
async function queue(t: TestApp, mail: NewMail, opts?: { maxAttempts?: number }): Promise<string> {
  const id = await t.database.db.transaction((tx) => queueMail(tx, mail, opts));
  t.worker?.wake();
  return id;
}

describe('mail through SMTP', () => {
  let t: TestApp;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: sink.url, MAIL_FROM_ADDRESS: FROM, JOB_BACKOFF_BASE_MS: '20' });
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });
  afterEach(() => sink.rejectNext(0));

  it('the configuration reaches the app', () => {
    expect(t.config.SMTP_URL).toBe(sink.url);
    expect(t.config.MAIL_FROM_ADDRESS).toBe(FROM);
  });

  it('a mail queued in a committed transaction arrives, From "<brand>" <MAIL_FROM_ADDRESS>, in its language', async () => {
    const { partner } = await createPartner(t);
    const to = `${unique('chloe')}@customer.example`;
    const id = await queue(t, { ...welcome(to), partnerId: decodeId('PARTNER', partner.id) });
    const m = await sink.waitFor((x) => x.envelopeTo.includes(to));
    expect(m.fromName).toBe('Acme Cloud');
    expect(m.fromAddress).toBe(FROM);
    expect(m.envelopeFrom).toBe(FROM);
    expect(m.to).toContain(to);
    expect(m.subject).toBe('Bienvenue sur Acme Cloud');
    expect(m.text).toContain('Bonjour Chloé,');
    expect(m.text).toContain('Votre compte de collaboration Acme Cloud est prêt.');
    expect(m.text).toContain('Votre numéro de téléphone: +1 408 555 0100');
    expect(m.html).toContain('<html lang="fr">');
    expect(m.messageId).toBe(`<${id}@hub.example>`);
    const row = await untilRow(t, id, (r) => r.status === 'sent');
    expect(row.attempts).toBe(1);
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(row.lastError).toBeNull();
  });

  it('the emergency notification has its own sender name and a non-Latin subject survives the trip', async () => {
    const to = `${unique('kenji')}@customer.example`;
    const r = renderMail('emergency_notification', 'ja_JP', { firstName: '健二', orgName: 'Acme' });
    await queue(t, { kind: 'emergency_notification', to, language: r.language, fromName: senderName('emergency_notification', 'Acme Cloud'), subject: r.subject, text: r.text, html: r.html });
    const m = await sink.waitFor((x) => x.envelopeTo.includes(to));
    expect(m.fromName).toBe('RedSky E911 Notifications');
    expect(m.fromAddress).toBe(FROM);
    expect(m.subject).toBe('緊急サービス (E911) アカウントのお知らせ');
    expect(m.text).toContain('健二 様');
  });

  it('a rolled-back transaction sends nothing and leaves no outbox row', async () => {
    const gone = `${unique('gone')}@customer.example`;
    const kept = `${unique('kept')}@customer.example`;
    let goneId = '';
    await t.database.db
      .transaction(async (tx) => {
        goneId = await queueMail(tx, welcome(gone));
        tx.rollback();
      })
      .catch(() => undefined);
    const keptId = await queue(t, welcome(kept));
    await sink.waitFor((x) => x.envelopeTo.includes(kept));
    await untilRow(t, keptId, (r) => r.status === 'sent');
    // The later mail went through the same queue, so the earlier one would have gone first.
    expect(sink.messages.filter((x) => x.envelopeTo.includes(gone))).toHaveLength(0);
    expect(await t.database.db.select().from(mailOutbox).where(eq(mailOutbox.id, goneId))).toHaveLength(0);
  });

  it('a refused delivery is retried with backoff: refused twice, delivered on attempt 3', async () => {
    const to = `${unique('retry')}@customer.example`;
    sink.rejectNext(2);
    const id = await queue(t, welcome(to, 'da_DK'));
    const m = await sink.waitFor((x) => x.envelopeTo.includes(to));
    expect(m.subject).toBe('Velkommen til Acme Cloud');
    const row = await untilRow(t, id, (r) => r.status === 'sent');
    expect(row.attempts).toBe(3);
    expect(sink.messages.filter((x) => x.envelopeTo.includes(to))).toHaveLength(1);
  });

  it('after the last attempt the mail is failed, with the SMTP error', async () => {
    const to = `${unique('down')}@customer.example`;
    sink.rejectNext(10);
    const id = await queue(t, welcome(to), { maxAttempts: 2 });
    const row = await untilRow(t, id, (r) => r.status === 'failed');
    expect(row.attempts).toBe(2);
    expect(row.lastError).toMatch(/451/);
    expect(row.sentAt).toBeNull();
  });

  it('a permanent refusal (5xx) fails at once', async () => {
    const to = `${unique('nobody')}@customer.example`;
    sink.rejectNext(1, 550);
    const id = await queue(t, welcome(to));
    const row = await untilRow(t, id, (r) => r.status === 'failed');
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/550/);
  });

  it('an undeliverable address fails without trying', async () => {
    const id = await queue(t, welcome('not an address'));
    const row = await untilRow(t, id, (r) => r.status === 'failed');
    expect(row.lastError).toMatch(/not a deliverable address/);
  });

  it('sending is idempotent: a mail already sent is not sent again', async () => {
    const to = `${unique('once')}@customer.example`;
    const id = await queue(t, welcome(to));
    await untilRow(t, id, (r) => r.status === 'sent');
    const handler = mailJobHandlers(t.database.db, { transport: createMailTransport(sink.url), fromAddress: FROM })[JOB_MAIL_SEND]!;
    await handler.run({ id: 0, type: JOB_MAIL_SEND, payload: { mailId: id }, attempts: 1, maxAttempts: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.messages.filter((x) => x.envelopeTo.includes(to))).toHaveLength(1);
    expect((await rowOf(t, id)).attempts).toBe(1);
  });
});

describe('mail without SMTP_URL: the development outbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('stores the mail instead of sending it, and GET /v1/operator/outbox shows it newest first', async () => {
    expect(t.config.SMTP_URL).toBeUndefined();
    expect(t.config.MAIL_FROM_ADDRESS).toBe('no-reply@wholesalehub.local');
    const to = `${unique('dev')}@customer.example`;
    const inv = renderMail('admin_invitation', 'ro_RO', { firstName: 'Ana', brandName: 'Acme Cloud', orgName: 'Pizza SRL', link: 'https://hub.example/invite?t=abc&x=1' });
    const ids = await t.database.db.transaction(async (tx) => [
      await queueMail(tx, welcome(to, 'en_US')),
      await queueMail(tx, { kind: 'admin_invitation', to, language: inv.language, fromName: 'Acme Cloud', subject: inv.subject, text: inv.text, html: inv.html }),
    ]);
    t.worker?.wake();
    for (const id of ids) await untilRow(t, id, (r) => r.status === 'stored');

    const res = await t.call('GET', `/v1/operator/outbox?to=${encodeURIComponent(to.toUpperCase())}`, { token: OPERATOR });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1], ids[0]]);
    const [invitation, welcomeMail] = res.body.items;
    expect(invitation).toEqual({
      id: ids[1], kind: 'admin_invitation', to, fromName: 'Acme Cloud', language: 'ro',
      subject: 'Invitație de a administra Pizza SRL în Acme Cloud', text: inv.text,
      status: 'stored', attempts: 0, created: expect.any(String),
    });
    expect(invitation.text).toContain('https://hub.example/invite?t=abc&x=1');
    expect(welcomeMail).toMatchObject({ kind: 'welcome', language: 'en', subject: 'Welcome to Acme Cloud', status: 'stored' });
    expect(welcomeMail.sentAt).toBeUndefined();

    const byKind = await t.call('GET', `/v1/operator/outbox?to=${encodeURIComponent(to)}&kind=welcome`, { token: OPERATOR });
    expect(byKind.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    const page = await t.call('GET', `/v1/operator/outbox?to=${encodeURIComponent(to)}&max=1&offset=1`, { token: OPERATOR });
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    expect(String(page.headers.link)).toContain('rel="prev"');
    const stored = await t.call('GET', `/v1/operator/outbox?to=${encodeURIComponent(to)}&status=sent`, { token: OPERATOR });
    expect(stored.body.items).toEqual([]);
  });

  it('the outbox is the operator\'s: no token 401; bad parameters 400', async () => {
    expect((await t.call('GET', '/v1/operator/outbox')).status).toBe(401);
    expectWebexError(await t.call('GET', '/v1/operator/outbox?kind=newsletter', { token: OPERATOR }), 400);
    expectWebexError(await t.call('GET', '/v1/operator/outbox?max=0', { token: OPERATOR }), 400);
  });
});

describe('mail configuration', () => {
  it('SMTP_URL must be smtp:// or smtps://; MAIL_FROM_ADDRESS an address', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example:465' }, []).SMTP_URL).toBe('smtps://u:p@mail.example:465');
    expect(() => loadConfig({ SMTP_URL: 'http://mail.example' }, [])).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: 'mail.example:25' }, [])).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MAIL_FROM_ADDRESS: 'nobody' }, [])).toThrow(/MAIL_FROM_ADDRESS/);
    expect(loadConfig({}, []).MAIL_FROM_ADDRESS).toBe('no-reply@wholesalehub.local');
  });
});

describe('mail templates', () => {
  const vars = {
    welcome: { firstName: 'Ana', brandName: 'Acme Cloud', phoneNumber: '+40 21 555 0100', extension: '4321', link: 'https://hub.example/signin' },
    admin_invitation: { firstName: 'Ana', brandName: 'Acme Cloud', orgName: 'Pizza SRL', link: 'https://hub.example/invite/abc' },
    emergency_notification: { firstName: 'Ana', orgName: 'Pizza SRL', link: 'https://e911.example/me' },
  } as const;
  const subjects = {
    en: ['Welcome to Acme Cloud', 'Invitation to administer Pizza SRL on Acme Cloud', 'Your emergency services (E911) account'],
    fr: ['Bienvenue sur Acme Cloud', 'Invitation à administrer Pizza SRL sur Acme Cloud', 'Votre compte de services d’urgence (E911)'],
    ja: ['Acme Cloud へようこそ', 'Acme Cloud の Pizza SRL の管理者への招待', '緊急サービス (E911) アカウントのお知らせ'],
    ro: ['Bun venit la Acme Cloud', 'Invitație de a administra Pizza SRL în Acme Cloud', 'Contul dumneavoastră pentru servicii de urgență (E911)'],
    da: ['Velkommen til Acme Cloud', 'Invitation til at administrere Pizza SRL i Acme Cloud', 'Din konto til nødtjenester (E911)'],
  } as const;

  it.each(MAIL_LANGUAGES)('every kind renders in %s', (lang) => {
    const w = renderMail('welcome', lang, vars.welcome);
    const a = renderMail('admin_invitation', lang, vars.admin_invitation);
    const e = renderMail('emergency_notification', lang, vars.emergency_notification);
    expect([w.subject, a.subject, e.subject]).toEqual(subjects[lang]);
    for (const r of [w, a, e]) {
      expect(r.language).toBe(lang);
      expect(r.text).toContain('Ana');
      expect(r.html).toContain(`<html lang="${lang}">`);
      expect(r.text).not.toMatch(/undefined|null|\$\{/);
      expect(r.html).not.toMatch(/undefined|null|\$\{/);
    }
    expect(w.text).toContain('+40 21 555 0100');
    expect(w.text).toContain('4321');
    expect(w.text).toContain('Acme Cloud');
    expect(a.text).toContain('https://hub.example/invite/abc');
    expect(a.html).toContain('href="https://hub.example/invite/abc"');
    expect(e.text).toContain('RedSky');
    expect(e.text).toContain('911');
    // The languages really differ: no English left in the others.
    if (lang !== 'en') expect(w.text).not.toContain('collaboration account is ready');
  });

  it('the welcome mail says the account is ready; the invitation is not a welcome mail', () => {
    const w = renderMail('welcome', 'en', vars.welcome);
    expect(w.text).toContain('Hello Ana,');
    expect(w.text).toContain('Your Acme Cloud collaboration account is ready.');
    expect(w.text).toContain('Your phone number: +40 21 555 0100\nYour extension: 4321');
    const a = renderMail('admin_invitation', 'en', vars.admin_invitation);
    expect(a.subject).not.toMatch(/welcome/i);
    expect(a.text).not.toMatch(/welcome/i);
    expect(a.text).toContain('administrator');
    expect(a.text).toContain('Set up administrator access:\nhttps://hub.example/invite/abc');
  });

  it('absent optional values drop their lines', () => {
    const w = renderMail('welcome', 'en', { brandName: 'Acme Cloud' });
    expect(w.text.startsWith('Hello,\n\n')).toBe(true);
    expect(w.text).not.toContain('phone number');
    expect(w.text).not.toContain('extension');
    expect(w.text).not.toContain('Sign in');
    const ext = renderMail('welcome', 'en', { brandName: 'Acme Cloud', extension: '55', phoneNumber: '  ' });
    expect(ext.text).toContain('Your extension: 55');
    expect(ext.text).not.toContain('phone number');
    const e = renderMail('emergency_notification', 'fr', {});
    expect(e.text).toContain('Votre organisation utilise RedSky');
  });

  it('locales map to their language; anything else is English', () => {
    expect(mailLanguage('fr_CA')).toBe('fr');
    expect(mailLanguage('ja_JP')).toBe('ja');
    expect(mailLanguage('da_DK')).toBe('da');
    expect(mailLanguage('ro_RO')).toBe('ro');
    expect(mailLanguage('en_US')).toBe('en');
    expect(mailLanguage('FR-fr')).toBe('fr');
    expect(mailLanguage('fr')).toBe('fr');
    expect(mailLanguage('de_DE')).toBe('en');
    expect(mailLanguage('de')).toBe('en');
    expect(mailLanguage('')).toBe('en');
    expect(mailLanguage(undefined)).toBe('en');
    expect(mailLanguage(null)).toBe('en');
    expect(mailLanguage('french')).toBe('en');
    const de = renderMail('welcome', 'de', vars.welcome);
    expect(de.language).toBe('en');
    expect(de.subject).toBe('Welcome to Acme Cloud');
    expect(renderMail('welcome', 'de_DE', vars.welcome).subject).toBe('Welcome to Acme Cloud');
    expect(renderMail('welcome', 'fr_CA', vars.welcome).subject).toBe('Bienvenue sur Acme Cloud');
  });

  it('the emergency notification comes from RedSky whatever the brand', () => {
    expect(EMERGENCY_SENDER_NAME).toBe('RedSky E911 Notifications');
    expect(senderName('emergency_notification', 'Acme Cloud')).toBe('RedSky E911 Notifications');
    expect(senderName('welcome', 'Acme Cloud')).toBe('Acme Cloud');
    expect(senderName('admin_invitation', ' Acme\r\nCloud ')).toBe('Acme Cloud');
  });

  it('escapes values in HTML and keeps them verbatim in text', () => {
    const evil = '<script>alert("x")</script> & \'Co\'';
    const w = renderMail('welcome', 'en', { firstName: evil, brandName: 'A&B <Cloud>', link: 'https://hub.example/?a=1&b="2"' });
    expect(w.html).not.toContain('<script>');
    expect(w.html).toContain('Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;,');
    expect(w.html).toContain('A&amp;B &lt;Cloud&gt;');
    expect(w.html).not.toContain('<Cloud>');
    expect(w.html).toContain('href="https://hub.example/?a=1&amp;b=&quot;2&quot;"');
    expect(w.html).toContain('<title>Welcome to A&amp;B &lt;Cloud&gt;</title>');
    expect(w.text).toContain(`Hello ${evil},`);
    expect(w.subject).toBe('Welcome to A&B <Cloud>');
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
  });

  it('a link that is not a web link is never an anchor; line breaks cannot reach the subject', () => {
    const a = renderMail('admin_invitation', 'en', { brandName: 'Acme', orgName: 'Evil\r\nBcc: x@y.example', link: 'javascript:alert(1)' });
    expect(a.html).not.toContain('href=');
    expect(a.html).toContain('javascript:alert(1)');
    expect(a.subject).toBe('Invitation to administer Evil Bcc: x@y.example on Acme');
    expect(a.subject).not.toMatch(/[\r\n]/);
  });
});
