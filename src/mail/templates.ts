import type { MailKind } from '../db/schema.ts';
import { da } from './messages/da.ts';
import { en } from './messages/en.ts';
import { fr } from './messages/fr.ts';
import { ja } from './messages/ja.ts';
import { ro } from './messages/ro.ts';

/**
 * The mail we send, in the languages we write it in. Message files hold plain text only (no
 * markup); the renderer builds the text and HTML bodies from the same blocks and escapes every
 * value for HTML, so a name like `<b>Bob</b>` arrives as text in both.
 */

export const MAIL_LANGUAGES = ['en', 'fr', 'ja', 'ro', 'da'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** The emergency-services provider's notifications have their own sender, whatever the brand. */
export const EMERGENCY_SENDER_NAME = 'RedSky E911 Notifications';

/** To an end user whose account is ready. */
export interface WelcomeVars {
  firstName?: string;
  /** The partner's brand of the collaboration service. */
  brandName: string;
  phoneNumber?: string;
  extension?: string;
  /** Where to sign in, when there is such a page. */
  link?: string;
}

/** To a customer administrator: set up administrator access (not a welcome mail). */
export interface AdminInvitationVars {
  firstName?: string;
  brandName: string;
  /** The customer organization to administer. */
  orgName: string;
  /** Where to set up the access. */
  link: string;
}

/** To US and Canadian users and administrators: their emergency-services (RedSky E911) account. */
export interface EmergencyNotificationVars {
  firstName?: string;
  orgName?: string;
  /** Where to review the emergency location, when there is such a page. */
  link?: string;
}

/** To an existing organization's administrator: a partner asks to attach wholesale services (seed 003). */
export interface AttachApprovalVars {
  firstName?: string;
  /** The partner asking. */
  partnerName: string;
  orgName: string;
  /** The Control Hub approval screen (or the activation page first). */
  link: string;
  /** Last day to answer (YYYY-MM-DD). */
  expires: string;
}

/** To the holder of a free account: consent to move it into a customer organization. */
export interface ConsentMoveVars {
  brandName: string;
  orgName: string;
  link: string;
}

export interface MailVars {
  welcome: WelcomeVars;
  admin_invitation: AdminInvitationVars;
  emergency_notification: EmergencyNotificationVars;
  attach_approval: AttachApprovalVars;
  consent_move: ConsentMoveVars;
}

/**
 * A paragraph (a `\n` inside is a line break), label/value lines (an absent value drops its
 * line), or a link. `null`/`false` blocks are left out, for conditional paragraphs.
 */
export type Block =
  | string
  | { facts: Array<readonly [label: string, value: string | undefined]> }
  | { label: string; link: string | undefined }
  | null
  | false;

export interface KindMessages<V> {
  subject(v: V): string;
  body(v: V): Block[];
}

export type Messages = { [K in MailKind]: KindMessages<MailVars[K]> };

const MESSAGES: Record<MailLanguage, Messages> = { en, fr, ja, ro, da };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The language it was written in (after mapping the locale and falling back to English). */
  language: MailLanguage;
}

/**
 * The mail language for a locale or language: `fr_CA` → `fr`, `ja-JP` → `ja`; English for
 * anything we do not write (or nothing). Pass a template's `defaultEmailLanguage`, a
 * customer's `customerInfo.language` or a person's locale.
 */
export function mailLanguage(templateDefaultEmailLanguage?: string | null): MailLanguage {
  const lang = /^([A-Za-z]{2})(?:[_-][A-Za-z0-9]+)*$/.exec(templateDefaultEmailLanguage?.trim() ?? '')?.[1]?.toLowerCase();
  return (MAIL_LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as MailLanguage) : 'en';
}

/** The From display name of a kind of mail sent for a brand. */
export function senderName(kind: MailKind, brandName: string): string {
  return kind === 'emergency_notification' ? EMERGENCY_SENDER_NAME : clean(brandName) || 'Wholesale Hub';
}

/** Subject, text and HTML of one mail, in `language` (any locale; English when unsupported). */
export function renderMail<K extends MailKind>(kind: K, language: string | null | undefined, vars: MailVars[K]): RenderedMail {
  const lang = mailLanguage(language);
  const messages: KindMessages<MailVars[K]> = MESSAGES[lang][kind];
  const v = cleanVars(vars);
  const subject = messages.subject(v).replace(/\s+/g, ' ').trim();
  const blocks = messages.body(v).filter((b): b is Exclude<Block, null | false> => b !== null && b !== false);
  return { subject, text: renderText(blocks), html: renderHtml(lang, subject, blocks), language: lang };
}

/** Control characters (CR/LF included) and runs of spaces in a value become one space. */
const clean = (s: string): string => s.replace(/[\s\p{Cc}]+/gu, ' ').trim();

/** Every string value cleaned; empty ones become absent. */
function cleanVars<V>(vars: V): V {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(vars as Record<string, unknown>)) {
    if (typeof val === 'string') {
      const c = clean(val);
      if (c) out[k] = c;
    } else if (val !== undefined && val !== null) {
      out[k] = val;
    }
  }
  return out as V;
}

type RenderBlock = Exclude<Block, null | false>;

const presentFacts = (facts: Array<readonly [string, string | undefined]>) =>
  facts.filter((f): f is readonly [string, string] => f[1] !== undefined && f[1] !== '');

function renderText(blocks: RenderBlock[]): string {
  const parts: string[] = [];
  for (const b of blocks) {
    if (typeof b === 'string') parts.push(b);
    else if ('facts' in b) {
      const lines = presentFacts(b.facts).map(([label, value]) => `${label}: ${value}`);
      if (lines.length) parts.push(lines.join('\n'));
    } else if (b.link) parts.push(`${b.label}:\n${b.link}`);
  }
  return `${parts.join('\n\n')}\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const isWebLink = (url: string): boolean => {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};

const paragraph = (s: string) => `<p style="margin:0 0 16px">${s.split('\n').map(escapeHtml).join('<br>')}</p>`;

function renderHtml(lang: MailLanguage, subject: string, blocks: RenderBlock[]): string {
  const body: string[] = [];
  for (const b of blocks) {
    if (typeof b === 'string') body.push(paragraph(b));
    else if ('facts' in b) {
      const rows = presentFacts(b.facts).map(([label, value]) => `${escapeHtml(label)}: <strong>${escapeHtml(value)}</strong>`);
      if (rows.length) body.push(`<p style="margin:0 0 16px">${rows.join('<br>')}</p>`);
    } else if (b.link) {
      // Only web links become anchors: anything else (javascript:…) is shown as text.
      body.push(
        isWebLink(b.link)
          ? `<p style="margin:0 0 16px"><a href="${escapeHtml(b.link)}" style="display:inline-block;padding:10px 18px;background:#0b5cad;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(b.label)}</a></p>` +
              `<p style="margin:0 0 16px;font-size:13px;color:#555">${escapeHtml(b.link)}</p>`
          : paragraph(`${b.label}: ${b.link}`),
      );
    }
  }
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222222">',
    ...body,
    '</body></html>',
    '',
  ].join('\n');
}
