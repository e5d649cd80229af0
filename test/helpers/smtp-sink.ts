import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the sink received it, parsed enough for assertions. */
export interface SinkMessage {
  /** Envelope sender and recipients (MAIL FROM / RCPT TO). */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Headers by lower-case name, unfolded, encoded words decoded. */
  headers: Record<string, string>;
  from: string;
  fromName: string;
  fromAddress: string;
  to: string;
  subject: string;
  messageId: string;
  /** The text/plain part, decoded. */
  text: string;
  /** The text/html part, decoded, when there is one. */
  html?: string;
  raw: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:PORT */
  url: string;
  messages: SinkMessage[];
  /** Refuse the next `count` messages (after DATA) with `code` (451: try again later). */
  rejectNext(count: number, code?: number): void;
  /** Resolves with the first message (received already or later) that matches. */
  waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
}

/** A real SMTP server on a free local port (no TLS, no authentication) that keeps what it gets. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  let rejections = 0;
  let rejectCode = 451;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Idle test connections must not hold close() for its default 30 s.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (rejections > 0) {
          rejections--;
          const err = Object.assign(new Error(rejectCode < 500 ? 'Try again later' : 'Message refused'), { responseCode: rejectCode });
          callback(err);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mailFrom = session.envelope.mailFrom;
        messages.push(
          parseMessage(
            raw,
            mailFrom ? mailFrom.address : '',
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejectNext(count, code = 451) {
      rejections = count;
      rejectCode = code;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const m = messages.find(predicate);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no matching message within ${timeoutMs} ms (received ${messages.length})`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// --- A small MIME reader: enough for what nodemailer writes (headers, multipart, QP, base64). ---

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  return { headers, body };
}

/** RFC 2047 encoded words (=?utf-8?B?…?= / =?utf-8?Q?…?=); the space between two of them goes. */
function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : qpBytes(text.replace(/_/g, ' ')).toString('utf8'),
    );
}

function qpBytes(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(s[i]!, 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return qpBytes(body.replace(/=\r?\n/g, '')).toString('utf8');
    default:
      return body;
  }
}

const param = (header: string | undefined, name: string): string | undefined =>
  new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header ?? '')?.[1];

/** text/plain and text/html of a (possibly nested multipart) entity. */
function parts(headers: Record<string, string>, body: string): { text?: string; html?: string } {
  const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = param(headers['content-type'], 'boundary');
    if (!boundary) return {};
    const out: { text?: string; html?: string } = {};
    const sections = body.split(`--${boundary}`).slice(1);
    for (const section of sections) {
      if (section.startsWith('--')) break;
      const inner = splitHeaders(section.replace(/^\r?\n/, ''));
      const found = parts(inner.headers, inner.body.replace(/\r?\n$/, ''));
      out.text ??= found.text;
      out.html ??= found.html;
    }
    return out;
  }
  const decoded = decodeBody(body, headers['content-transfer-encoding']).replace(/\r\n/g, '\n');
  return type.startsWith('text/html') ? { html: decoded } : { text: decoded };
}

function parseAddress(value: string): { name: string; address: string } {
  const m = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<]*?))\s*<([^>]+)>\s*$/.exec(value);
  if (!m) return { name: '', address: value.trim() };
  return { name: (m[1] ?? m[2] ?? '').replace(/\\(.)/g, '$1').trim(), address: m[3]!.trim() };
}

export function parseMessage(raw: string, envelopeFrom: string, envelopeTo: string[]): SinkMessage {
  const { headers, body } = splitHeaders(raw);
  const from = parseAddress(headers.from ?? '');
  const { text, html } = parts(headers, body);
  return {
    envelopeFrom,
    envelopeTo,
    headers,
    from: headers.from ?? '',
    fromName: from.name,
    fromAddress: from.address,
    to: headers.to ?? '',
    subject: headers.subject ?? '',
    messageId: headers['message-id'] ?? '',
    text: text ?? '',
    ...(html !== undefined ? { html } : {}),
    raw,
  };
}
