import nodemailer from 'nodemailer';

/** One message as it goes out. */
export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The same for every attempt at one outbox row, so receivers can spot a duplicate. */
  messageId?: string;
}

/** Where mail goes. Throws when the server does not take the message (the job retries). */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/**
 * An SMTP transport for `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://host:465`; query
 * options as nodemailer reads them), or none: mail then stays in the outbox as `stored`.
 * One connection per message; timeouts keep a dead server from holding a job for long.
 */
export function createMailTransport(smtpUrl: string | undefined): MailTransport | undefined {
  if (!smtpUrl) return undefined;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html ? { html: mail.html } : {}),
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
    close() {
      transporter.close();
    },
  };
}
