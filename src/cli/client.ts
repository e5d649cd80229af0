import { randomUUID } from 'node:crypto';

/**
 * A small fetch-based client of the Wholesale Hub HTTP API for the `wholesale-hub` command.
 * Failures are thrown as CliError (exit code + ready-to-print lines); the program's entry point
 * prints them to stderr and sets the exit code, so stdout is always flushed first.
 */

/** Exit codes of the command. */
export const EXIT_API_ERROR = 1;
export const EXIT_NETWORK_ERROR = 2;

export class CliError extends Error {
  readonly exitCode: number;
  readonly lines: string[];

  constructor(exitCode: number, lines: string[]) {
    super(lines[0] ?? 'error');
    this.exitCode = exitCode;
    this.lines = lines;
  }
}

export type WebexErrorBody = {
  message?: string;
  errors?: { errorCode?: number; description?: string }[];
  trackingId?: string;
};

export type ApiResponse<T = unknown> = { status: number; body: T; headers: Headers; url: string };

export type RequestOptions = {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses returned to the caller instead of failing (e.g. 404 while waiting for a deletion). */
  allow?: number[];
};

export interface ClientOptions {
  baseUrl: string;
  token?: string;
  /** Per-request timeout; a request that takes longer counts as a network error. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Parses and normalises a base URL; an unusable one is a usage error. */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(EXIT_NETWORK_ERROR, [`wholesale-hub: invalid --url ${JSON.stringify(raw)}: not a URL`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(EXIT_NETWORK_ERROR, [`wholesale-hub: invalid --url ${JSON.stringify(raw)}: must be http(s)`]);
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

/** The innermost useful reason of a fetch failure (undici wraps the socket error in `cause`). */
function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  let e: unknown = err;
  const seen = new Set<unknown>();
  while (e instanceof Error && e.cause !== undefined && !seen.has(e.cause)) {
    seen.add(e);
    e = e.cause;
  }
  if (e instanceof AggregateError && e.errors.length) e = e.errors[0];
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    const msg = e.message || String(code ?? 'unknown error');
    return typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg;
  }
  return String(e);
}

function parseBody(text: string, contentType: string | null): unknown {
  if (!text) return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** The lines printed for a non-2xx response: status, message, each error item, trackingId. */
export function describeHttpError(status: number, statusText: string, body: unknown, headers: Headers): string[] {
  const lines: string[] = [];
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as WebexErrorBody;
    lines.push(`wholesale-hub: ${head}: ${b.message ?? '(no message)'}`);
    for (const e of Array.isArray(b.errors) ? b.errors : []) {
      lines.push(`  ${e.errorCode ?? '?'}: ${e.description ?? ''}`);
    }
  } else if (typeof body === 'string' && body.trim()) {
    const first = body.trim().split('\n')[0]!.slice(0, 200);
    lines.push(`wholesale-hub: ${head}: ${first}`);
  } else {
    lines.push(`wholesale-hub: ${head}`);
  }
  const tracking = (body as WebexErrorBody | undefined)?.trackingId ?? headers.get('trackingid');
  if (tracking) lines.push(`  trackingId: ${tracking}`);
  return lines;
}

export class ApiClient {
  readonly baseUrl: URL;
  readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(opts: ClientOptions) {
    this.baseUrl = parseBaseUrl(opts.baseUrl);
    this.token = opts.token;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.fetchImpl = opts.fetch ?? fetch;
  }

  /** An absolute URL for an API path (relative to the base URL, which may carry a prefix). */
  urlFor(path: string, query: RequestOptions['query'] = {}): URL {
    const url = new URL(path.replace(/^\/+/, ''), this.baseUrl);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  /**
   * A link the server built from its PUBLIC_URL (Location, Link rel=next) re-aimed at our base
   * URL: the server may know itself under another name than the one we reach it by.
   */
  rebase(link: string): URL {
    const u = new URL(link, this.baseUrl);
    const apiPath = u.pathname.indexOf('/v1/');
    const path = apiPath >= 0 ? u.pathname.slice(apiPath) : u.pathname;
    const out = this.urlFor(path);
    out.search = u.search;
    return out;
  }

  async request<T = unknown>(method: string, pathOrUrl: string | URL, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = pathOrUrl instanceof URL ? pathOrUrl : this.urlFor(pathOrUrl, opts.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      trackingid: `WHCLI_${randomUUID()}`,
      ...opts.headers,
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    let text: string;
    try {
      res = await this.fetchImpl(url, { method, headers, body: payload, signal: AbortSignal.timeout(this.timeoutMs) });
      text = await res.text();
    } catch (err) {
      throw new CliError(EXIT_NETWORK_ERROR, [`wholesale-hub: cannot reach ${url.origin} (${method} ${url.pathname}): ${networkReason(err)}`]);
    }
    const body = parseBody(text, res.headers.get('content-type'));
    if ((res.status < 200 || res.status > 299) && !opts.allow?.includes(res.status)) {
      throw new CliError(EXIT_API_ERROR, describeHttpError(res.status, res.statusText, body, res.headers));
    }
    return { status: res.status, body: body as T, headers: res.headers, url: url.toString() };
  }

  get<T = unknown>(path: string | URL, opts?: RequestOptions) { return this.request<T>('GET', path, opts); }
  post<T = unknown>(path: string, body: unknown, opts?: RequestOptions) { return this.request<T>('POST', path, { ...opts, body }); }
  put<T = unknown>(path: string, body: unknown, opts?: RequestOptions) { return this.request<T>('PUT', path, { ...opts, body }); }
  patch<T = unknown>(path: string, body: unknown, opts?: RequestOptions) { return this.request<T>('PATCH', path, { ...opts, body }); }
  delete<T = unknown>(path: string, opts?: RequestOptions) { return this.request<T>('DELETE', path, opts); }
}

/** The URL of the `rel="next"` entry of an RFC 8288 Link header, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (m && /\brel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}
