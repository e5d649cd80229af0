import { createHash, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { partners, partnerTokens } from '../db/schema.ts';
import { SCOPES, type Scope } from '../domain/scopes.ts';
import { ApiError, ErrorCodes } from './errors.ts';

export { SCOPES, type Scope };

export type PartnerScope = {
  id: string;
  orgId: string;
  name: string;
  settings: Record<string, unknown>;
};

/**
 * What a route requires: the operator token, a partner scope (a bearer token with that scope, or
 * a Partner Hub session), a Partner Hub session, a Control Hub session of a customer's
 * administrator (`customer_admin`), or nothing.
 */
export type AuthRequirement = 'operator' | 'public' | 'session' | 'customer_admin' | { scope: Scope };

/** A Partner Hub session found from its cookie. */
export type PortalSession = { partner: PartnerScope; csrfToken: string; adminId: string };
export type SessionLookup = (token: string) => Promise<PortalSession | null>;

export const SESSION_COOKIE = 'wh_session';

/** A Control Hub session (a customer's full administrator), found from its own cookie. */
export type CustomerAdminSession = { accountId: string; orgId: string; email: string; csrfToken: string };
export type CustomerAdminLookup = (token: string) => Promise<CustomerAdminSession | null>;
export const CONTROL_HUB_COOKIE = 'wh_ch_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyRequest {
    partner?: PartnerScope;
    portalSession?: PortalSession;
    customerAdmin?: CustomerAdminSession;
  }
}

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const hashToken = (token: string): string =>
  createHash('sha256').update(token).digest('hex');

const unauthorized = () =>
  ApiError.one(
    401,
    ErrorCodes.UNAUTHORIZED,
    'The request requires a valid access token set in the Authorization header.',
  );

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1]! : null;
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

type TokenOwner = { partner: PartnerScope; scopes: string[] };

/**
 * Tokens seen in the last few seconds, so that a busy client does not cost a query per request.
 * This process forgets them at once when a token is revoked or a partner changes
 * (`forgetTokens`); other processes of a multi-process deployment within TOKEN_CACHE_MS.
 */
export const TOKEN_CACHE_MS = 5_000;
const tokenCache = new Map<string, { owner: TokenOwner | null; until: number }>();

export function forgetTokens(): void {
  tokenCache.clear();
}

/** The partner owning an active token with its scopes, or null. */
export async function findPartnerByToken(db: Db, token: string): Promise<TokenOwner | null> {
  const hash = hashToken(token);
  const now = Date.now();
  const hit = tokenCache.get(hash);
  if (hit && hit.until > now) return hit.owner;
  const owner = await lookupToken(db, hash);
  // Unknown tokens are not remembered: guessing must not fill the cache.
  if (owner) {
    if (tokenCache.size >= 10_000) tokenCache.clear();
    tokenCache.set(hash, { owner, until: now + TOKEN_CACHE_MS });
  }
  return owner;
}

async function lookupToken(db: Db, hash: string): Promise<TokenOwner | null> {
  const rows = await db
    .select({
      id: partners.id,
      orgId: partners.orgId,
      name: partners.name,
      settings: partners.settings,
      scopes: partnerTokens.scopes,
    })
    .from(partnerTokens)
    .innerJoin(partners, eq(partners.id, partnerTokens.partnerId))
    .where(and(eq(partnerTokens.tokenHash, hash), isNull(partnerTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const { scopes, ...partner } = row;
  return { partner, scopes };
}

/**
 * Every route declares `config.auth`; a route without one is refused at start-up so that no
 * endpoint is public by accident.
 */
export function registerAuth(app: FastifyInstance, db: Db, operatorToken?: string, sessions?: SessionLookup, customerAdmins?: CustomerAdminLookup): void {
  /** Cookie sessions act for the partner with every scope; changes need the session's CSRF token. */
  const fromSession = async (req: FastifyRequest): Promise<PortalSession | null> => {
    const token = readCookie(req, SESSION_COOKIE);
    const session = token && sessions ? await sessions(token) : null;
    if (!session) return null;
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw ApiError.one(403, ErrorCodes.CSRF_FAILED, 'The X-CSRF-Token header is missing or does not match the session.');
    }
    return session;
  };

  /** Control Hub: its own cookie only (never a bearer token nor a Partner Hub session). */
  const fromControlHub = async (req: FastifyRequest): Promise<CustomerAdminSession> => {
    const token = bearer(req) ? undefined : readCookie(req, CONTROL_HUB_COOKIE);
    const session = token && customerAdmins ? await customerAdmins(token) : null;
    if (!session) throw unauthorized();
    if (!SAFE_METHODS.has(req.method) && req.headers['x-csrf-token'] !== session.csrfToken) {
      throw ApiError.one(403, ErrorCodes.CSRF_FAILED, 'The X-CSRF-Token header is missing or does not match the session.');
    }
    return session;
  };

  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined && !route.url.startsWith('/docs')) {
      throw new Error(`route ${route.method} ${route.url} declares no auth requirement`);
    }
  });

  app.addHook('onRequest', async (req) => {
    const need = req.routeOptions.config?.auth ?? 'public';
    if (need === 'public') return;
    if (need === 'customer_admin') {
      req.customerAdmin = await fromControlHub(req);
      return;
    }
    const token = bearer(req);
    if (!token && need !== 'operator') {
      const session = await fromSession(req);
      if (!session) throw unauthorized();
      req.portalSession = session;
      req.partner = session.partner;
      return;
    }
    if (need === 'session') throw unauthorized();
    if (!token) throw unauthorized();
    if (need === 'operator') {
      if (!operatorToken || !sameSecret(token, operatorToken)) throw unauthorized();
      return;
    }
    const found = await findPartnerByToken(db, token);
    if (!found) throw unauthorized();
    if (!found.scopes.includes(need.scope)) {
      throw ApiError.one(
        403,
        ErrorCodes.MISSING_SCOPE,
        `The access token does not have the required scope ${need.scope}.`,
      );
    }
    req.partner = found.partner;
  });
}

/** The authenticated partner of a partner route (set by the onRequest hook). */
export function partnerOf(req: FastifyRequest): PartnerScope {
  if (!req.partner) throw unauthorized();
  return req.partner;
}

/** Who did it, for the audit log: the partner, through the API or a Partner Hub administrator. */
export function actorOf(req: FastifyRequest): string {
  const name = req.partner?.name ?? 'unknown';
  return req.portalSession ? `partner:${name} (Partner Hub admin ${req.portalSession.adminId})` : `partner:${name} (API)`;
}
