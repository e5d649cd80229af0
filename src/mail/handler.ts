import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { mailOutbox } from '../db/schema.ts';
import { isEmail } from '../http/common-schemas.ts';
import { PermanentJobError, type JobHandler } from '../jobs/runner.ts';
import { JOB_MAIL_SEND } from './outbox.ts';
import type { MailTransport } from './transport.ts';

export interface MailHandlerOptions {
  /** None: mail is kept in the outbox as `stored` (the development outbox). */
  transport: MailTransport | undefined;
  /** The From address (MAIL_FROM_ADDRESS); the display name is the row's. */
  fromAddress: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The server refused this recipient or this message for good (5yz, RFC 5321): sending the same
 * again gets the same answer. Connection, TLS, authentication and 4yz failures are retried.
 */
function refusedForGood(err: unknown): boolean {
  const e = err as { code?: unknown; responseCode?: unknown };
  return (
    (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') &&
    typeof e.responseCode === 'number' &&
    e.responseCode >= 500 &&
    e.responseCode < 600 &&
    e.responseCode !== 503
  );
}

/**
 * The `mail.send` job: delivers one outbox row. Idempotent: a row that is no longer `pending`
 * (sent, stored, failed, or gone with its partner) is left alone. Each SMTP attempt is counted
 * in the row and its error kept; a failure throws so the queue retries with backoff, and the
 * last one marks the row `failed`.
 */
export function mailJobHandlers(db: Db, opts: MailHandlerOptions): Record<string, JobHandler> {
  const domain = opts.fromAddress.split('@')[1] ?? 'localhost';
  const pendingRow = (id: string) => and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'pending'));
  const mailIdOf = (payload: Record<string, unknown>): string => {
    const id = payload.mailId;
    if (typeof id !== 'string' || !UUID_RE.test(id)) throw new PermanentJobError('mail.send job without a valid mailId');
    return id;
  };

  const handler: JobHandler = {
    async run(job) {
      const id = mailIdOf(job.payload);
      if (!opts.transport) {
        await db.update(mailOutbox).set({ status: 'stored' }).where(pendingRow(id));
        return;
      }
      const [row] = await db
        .update(mailOutbox)
        .set({ attempts: sql`${mailOutbox.attempts} + 1` })
        .where(pendingRow(id))
        .returning();
      if (!row) return;
      if (!isEmail(row.to)) throw new PermanentJobError(`not a deliverable address: ${row.to}`);
      try {
        await opts.transport.send({
          from: { name: row.fromName, address: opts.fromAddress },
          to: row.to,
          subject: row.subject,
          text: row.text,
          ...(row.html ? { html: row.html } : {}),
          messageId: `<${row.id}@${domain}>`,
        });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        await db.update(mailOutbox).set({ lastError: message.slice(0, 2000) }).where(eq(mailOutbox.id, id));
        if (refusedForGood(err)) throw new PermanentJobError(message);
        throw err;
      }
      await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date(), lastError: null }).where(eq(mailOutbox.id, id));
    },

    async onExhausted(tx, job, err) {
      const id = typeof job.payload.mailId === 'string' && UUID_RE.test(job.payload.mailId) ? job.payload.mailId : undefined;
      if (!id) return;
      // Keep the SMTP error of the last attempt over a generic "attempts exhausted".
      await tx
        .update(mailOutbox)
        .set({ status: 'failed', lastError: sql`coalesce(${mailOutbox.lastError}, ${err.message.slice(0, 2000)})` })
        .where(pendingRow(id));
    },
  };
  return { [JOB_MAIL_SEND]: handler };
}
