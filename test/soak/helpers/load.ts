/** What a real client sees of one HTTP attempt: a status, or a broken connection, or its own timeout. */
export type Attempt = {
  status: number | 'connection_error' | 'timeout';
  ms: number;
  body?: any;
  headers?: Headers;
  error?: string;
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One attempt over real HTTP; never throws. */
export async function attempt(
  base: string,
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; key?: string; timeoutMs: number },
): Promise<Attempt> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.key) headers['idempotency-key'] = opts.key;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const started = Date.now();
  try {
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: res.status, ms: Date.now() - started, body, headers: res.headers };
  } catch (err) {
    const e = err as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'AbortError';
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    return { status: timedOut ? 'timeout' : 'connection_error', ms: Date.now() - started, error: cause?.code ?? cause?.message ?? e.message };
  }
}

/** Seeded PRNG (mulberry32): a failing soak run can be replayed with SOAK_SEED. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const soakSeed = (): number => Number(process.env.SOAK_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** All pages of a list endpoint (offset/max), as a client would read them. */
export async function listAll<T>(base: string, token: string, url: string): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 100) {
    const sep = url.includes('?') ? '&' : '?';
    const res = await attempt(base, 'GET', `${url}${sep}max=100&offset=${offset}`, { token, timeoutMs: 30_000 });
    if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} ${JSON.stringify(res.body ?? res.error)}`);
    const items = res.body.items as T[];
    out.push(...items);
    if (items.length < 100) return out;
  }
}

/** Runs fn over items with at most `limit` at a time. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  }));
  return out;
}

/** SOAK_SCALE=0.2 runs a fifth of the counts (for a quick try; CI runs the full size). */
export const scaled = (n: number): number => Math.max(1, Math.round(n * Number(process.env.SOAK_SCALE ?? 1)));
