import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CONTROL_HUB_COOKIE, SESSION_COOKIE, readCookie } from './auth.ts';
import { ApiError, ErrorCodes } from './errors.ts';

/**
 * Per-process rate limits (token buckets in memory): each bearer token (by its SHA-256), Partner
 * Hub session or Control Hub session gets `perMinute` requests a minute in bursts of up to
 * `burst`; requests without credentials get `anonymousPerMinute` per client IP, and so do failed
 * authentications, so that guessing tokens from one address is throttled too. Over the limit:
 * 429 with `Retry-After`.
 */
export type RateLimits = { perMinute: number; burst: number; anonymousPerMinute: number };

/** Monitoring must never be throttled. */
const EXEMPT = new Set(['/health', '/metrics']);
const MAX_KEYS = 50_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(perMinute: number, readonly capacity: number, private readonly now: () => number = () => performance.now()) {
    this.perMs = perMinute / 60_000;
  }

  private refill(key: string, t: number): { tokens: number; at: number } | undefined {
    const b = this.buckets.get(key);
    if (b) {
      b.tokens = Math.min(this.capacity, b.tokens + (t - b.at) * this.perMs);
      b.at = t;
    }
    return b;
  }

  /** Takes one request from the key's bucket: 0 when allowed, else the seconds until one is. */
  take(key: string): number {
    const t = this.now();
    let b = this.refill(key, t);
    if (!b) {
      if (this.buckets.size >= MAX_KEYS) this.sweep(t);
      b = { tokens: this.capacity, at: t };
      this.buckets.set(key, b);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return (1 - b.tokens) / this.perMs / 1000;
  }

  /** Seconds until the key may make a request (0: now), without taking one. */
  wait(key: string): number {
    const b = this.refill(key, this.now());
    return !b || b.tokens >= 1 ? 0 : (1 - b.tokens) / this.perMs / 1000;
  }

  /** Full buckets are the same as absent ones; if that is not enough, the oldest keys go. */
  private sweep(t: number): void {
    for (const key of this.buckets.keys()) {
      if (this.refill(key, t)!.tokens >= this.capacity) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_KEYS / 2) break;
      this.buckets.delete(key);
    }
  }
}

const tooMany = (seconds: number) => {
  const retryAfter = Math.max(1, Math.ceil(seconds));
  const description = `Too many requests: retry after ${retryAfter} s.`;
  return new ApiError(429, description, [{ errorCode: ErrorCodes.RATE_LIMITED, description }], { 'Retry-After': String(retryAfter) });
};

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

/** The credentials a request carries, as a bucket key; undefined when it carries none. */
function credentialKey(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  const m = auth ? /^Bearer\s+(\S+)/i.exec(auth) : null;
  if (m) return `t:${sha256(m[1]!)}`;
  const session = readCookie(req, SESSION_COOKIE);
  if (session) return `s:${sha256(session)}`;
  const controlHub = readCookie(req, CONTROL_HUB_COOKIE);
  return controlHub ? `c:${sha256(controlHub)}` : undefined;
}

/** Registered before authentication, so a throttled client costs no database lookup. */
export function registerRateLimit(app: FastifyInstance, limits: RateLimits): void {
  const perKey = limits.perMinute > 0 ? new TokenBuckets(limits.perMinute, limits.burst) : undefined;
  const anonCapacity = Math.max(1, Math.ceil(limits.anonymousPerMinute / 6));
  const anonymous = limits.anonymousPerMinute > 0 ? new TokenBuckets(limits.anonymousPerMinute, anonCapacity) : undefined;
  const authFailures = limits.anonymousPerMinute > 0 ? new TokenBuckets(limits.anonymousPerMinute, anonCapacity) : undefined;
  if (!perKey && !anonymous) return;

  app.addHook('onRequest', async (req) => {
    if (EXEMPT.has(req.routeOptions.url ?? '')) return;
    const key = credentialKey(req);
    if (key === undefined) {
      const wait = anonymous?.take(`ip:${req.ip}`) ?? 0;
      if (wait > 0) throw tooMany(wait);
      return;
    }
    const failing = authFailures?.wait(`ip:${req.ip}`) ?? 0;
    if (failing > 0) throw tooMany(failing);
    const wait = perKey?.take(key) ?? 0;
    if (wait > 0) throw tooMany(wait);
  });

  if (authFailures) {
    app.addHook('onResponse', async (req, reply) => {
      if (reply.statusCode === 401 && credentialKey(req) !== undefined) authFailures.take(`ip:${req.ip}`);
    });
  }
}
