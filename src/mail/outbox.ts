import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { mailOutbox, type MailKind } from '../db/schema.ts';
import { newUuid } from '../http/ids.ts';
import { enqueue } from '../jobs/queue.ts';

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
  await tx.insert(mailOutbox).values({
    id,
    partnerId: mail.partnerId ?? null,
    kind: mail.kind,
    to: mail.to.trim(),
    language: mail.language,
    fromName: mail.fromName,
    subject: mail.subject,
    text: mail.text,
    html: mail.html ?? null,
    status: 'pending',
    // The wall clock, not the transaction start: several mails of one change keep their order.
    created: sql`clock_timestamp()`,
  });
  await enqueue(tx, {
    type: JOB_MAIL_SEND,
    payload: { mailId: id },
    key: `mail:${id}`,
    maxAttempts: opts.maxAttempts ?? MAIL_MAX_ATTEMPTS,
  });
  return id;
}
