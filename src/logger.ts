import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process logger (API and worker). Secrets never reach a log line: credential headers and
 * password/token fields are redacted wherever a log call puts them, URLs lose the values of
 * secret-looking query and path parameters (`?access_token=…`, `/v1/consent/:token`), and
 * database errors lose their SQL parameters (a failed INSERT would otherwise print them).
 */
export const REDACTED = '[REDACTED]';

const SECRET_WORD = /token|passw|secret|session|auth|code|key|sig|cookie|csrf/i;
/** `token`, `access_token`, `password`… but not `tokenId` (an id is not a secret). */
const isSecretName = (name: string) => SECRET_WORD.test(name) && !/id$/i.test(name);

const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'req.headers["idempotency-key"]',
  'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie', 'headers["set-cookie"]', 'headers["x-csrf-token"]',
  'password', '*.password', 'token', '*.token', 'csrfToken', '*.csrfToken', 'body.password', 'body.token',
];

type LoggedRequest = {
  method: string;
  url: string;
  ip?: string;
  host?: string;
  headers?: Record<string, unknown>;
  params?: unknown;
  routeOptions?: { url?: string };
  socket?: { remotePort?: number };
};

/** The URL with the values of secret-looking path and query parameters replaced. */
export function redactUrl(url: string, route?: string, params?: unknown): string {
  const q = url.indexOf('?');
  let path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  if (route && params && typeof params === 'object' && [...route.matchAll(/:(\w+)/g)].some((m) => isSecretName(m[1]!))) {
    const values = params as Record<string, string>;
    path = route.replace(/:(\w+)/g, (_, name: string) => (isSecretName(name) ? REDACTED : encodeURIComponent(values[name] ?? '')));
  }
  if (!query) return path;
  const parts = query.split('&').map((p) => {
    const eq = p.indexOf('=');
    const name = eq < 0 ? p : p.slice(0, eq);
    return eq >= 0 && isSecretName(decodeSafe(name)) ? `${name}=${REDACTED}` : p;
  });
  return `${path}?${parts.join('&')}`;
}

function decodeSafe(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Drops `params` and the "params: …" line Drizzle puts in the message of a failed query. */
function scrubDbError(value: unknown, depth = 0): unknown {
  if (!value || typeof value !== 'object' || depth > 5) {
    return typeof value === 'string' ? value.replace(/\nparams: [^\n]*/g, '\nparams: [REDACTED]') : value;
  }
  const out: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(value)) out[k] = k === 'params' ? REDACTED : scrubDbError(v, depth + 1);
  return out;
}

export const serializers = {
  req: (req: LoggedRequest) => ({
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url, req.routeOptions?.url, req.params) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  }),
  err: (err: Error) => scrubDbError(pino.stdSerializers.err(err)),
};

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    serializers,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    // e.g. `{ reason: err.message }`: a failed query's message carries its parameters.
    formatters: {
      log: (o: Record<string, unknown>) => {
        for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && v.includes('\nparams: ')) o[k] = scrubDbError(v);
        return o;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
