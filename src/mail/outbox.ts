import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { MailKind } from '../db/schema.ts';
import { newUuid } from '../http/ids.ts';

/** The job that sends one outbox row (payload `{ mailId }`). */
export const JOB_MAIL_SEND = 'mail.send';

/**
 * Delivery attempts before a mail is `failed`. With the default backoff base (1 s) the last
 * one is about 8½ minutes after the first (1+2+4+…+256 s), enough for a mail server restart.
 */
export const MAIL_MAX_ATTEMPTS = 10;

export interface NewMail {
  /** The partner it is sent for (none for platform mail). */
  partnerId?: string | null;
  kind: MailKind;
  to: string;
  /** What it is written in (see `mailLanguage`/`renderMail`). */
  language: string;
  /** The From display name; the address is MAIL_FROM_ADDRESS. */
  fromName: string;
  subject: string;
  text: string;
  html?: string | null;
}

/**
 * Puts a mail in the outbox and enqueues its `mail.send` job, both in the caller's transaction:
 * a change that rolls back sends nothing. Call the app's `onEnqueued()` after the commit so an
 * in-process worker sends at once. Returns the outbox row id.
 */
export async function queueMail(tx: DbOrTx, mail: NewMail, opts: { maxAttempts?: number } = {}): Promise<string> {
  const id = newUuid();
  // One statement for the outbox row and its job (a round trip less per mail on the write path).
  await tx.execute(sql`
    WITH mail AS (
      INSERT INTO mail_outbox (id, partner_id, kind, "to", language, from_name, subject, text, html, status, created)
      VALUES (${id}, ${mail.partnerId ?? null}, ${mail.kind}, ${mail.to.trim()}, ${mail.language}, ${mail.fromName},
        ${mail.subject}, ${mail.text}, ${mail.html ?? null}, 'pending', clock_timestamp())
      RETURNING id)
    INSERT INTO jobs (type, payload, key, max_attempts)
    SELECT ${JOB_MAIL_SEND}, jsonb_build_object('mailId', mail.id::text), 'mail:' || mail.id::text, ${opts.maxAttempts ?? MAIL_MAX_ATTEMPTS}::int FROM mail`);
  return id;
}
