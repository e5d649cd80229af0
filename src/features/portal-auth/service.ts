import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { partnerAdmins, partners, portalSessions } from '../../db/schema.ts';
import type { PartnerScope } from '../../http/auth.ts';
import { ApiError, ErrorCodes, conflict } from '../../http/errors.ts';
import { encodeId, newUuid } from '../../http/ids.ts';
import { partnerService } from '../partners/service.ts';
import { afterFailure, checkAgainstNothing, throwIfLocked } from './lockout.ts';

/**
 * Partner Hub sign-in: scrypt password hashes, server-side sessions behind an HTTP-only cookie
 * (only the token's hash is stored), a CSRF token per session, and lock-out after repeated
 * failures.
 */
const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const KDF = { N: 2 ** 15, r: 8, p: 1 };
const SESSION_HOURS = 12;
export { LOCK_MINUTES, MAX_FAILURES } from './lockout.ts';
export const MIN_PASSWORD = 12;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, { ...KDF, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', KDF.N, KDF.r, KDF.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const got = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(got, expected);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export type SessionView = {
  admin: { id: string; email: string };
  partner: { id: string; name: string };
  csrfToken: string;
  expires: string;
};

export type SessionAuth = { partner: PartnerScope; csrfToken: string; adminId: string };

const badCredentials = () => ApiError.one(401, ErrorCodes.BAD_CREDENTIALS, 'The email or password is not correct.');


export const portalAuth = {
  /** Operator: create the admin or reset their password. */
  async setAdmin(db: Db, partnerId: string, email: string, password: string) {
    if (password.length < MIN_PASSWORD) {
      throw ApiError.one(400, ErrorCodes.WEAK_PASSWORD, `The password must have at least ${MIN_PASSWORD} characters.`);
    }
    const passwordHash = await hashPassword(password);
    const normalized = email.trim().toLowerCase();
    try {
      const [row] = await db.insert(partnerAdmins).values({ id: newUuid(), partnerId, email: normalized, passwordHash })
        .onConflictDoUpdate({
          target: partnerAdmins.email,
          set: { passwordHash, failedAttempts: 0, lockedUntil: null },
          setWhere: sql`${partnerAdmins.partnerId} = ${partnerId}`,
        })
        .returning();
      if (!row) throw conflict(ErrorCodes.ADMIN_EMAIL_TAKEN, 'That email belongs to another partner\'s administrator.');
      // A new password ends the sessions opened with the old one.
      await db.delete(portalSessions).where(eq(portalSessions.adminId, row.id));
      return { id: encodeId('PEOPLE', row.id), email: row.email, created: row.created.toISOString() };
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(ErrorCodes.ADMIN_EMAIL_TAKEN, 'That email belongs to another partner\'s administrator.');
      throw err;
    }
  },

  async listAdmins(db: Db, partnerId: string) {
    const rows = await db.select().from(partnerAdmins).where(eq(partnerAdmins.partnerId, partnerId)).orderBy(asc(partnerAdmins.created));
    return rows.map((r) => ({ id: encodeId('PEOPLE', r.id), email: r.email, created: r.created.toISOString(), locked: Boolean(r.lockedUntil && r.lockedUntil > new Date()) }));
  },

  async signIn(db: Db, email: string, password: string): Promise<{ token: string; view: SessionView }> {
    const [admin] = await db.select().from(partnerAdmins).where(eq(partnerAdmins.email, email.trim().toLowerCase())).limit(1);
    if (!admin) {
      await checkAgainstNothing(password);
      throw badCredentials();
    }
    throwIfLocked(admin.lockedUntil);
    if (!(await verifyPassword(password, admin.passwordHash))) {
      await db.update(partnerAdmins).set(afterFailure(admin.failedAttempts)).where(eq(partnerAdmins.id, admin.id));
      throw badCredentials();
    }
    await db.update(partnerAdmins).set({ failedAttempts: 0, lockedUntil: null }).where(eq(partnerAdmins.id, admin.id));
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
    await db.delete(portalSessions).where(lt(portalSessions.expires, new Date()));
    await db.insert(portalSessions).values({ tokenHash: sha256(token), adminId: admin.id, csrfToken, expires });
    const [partner] = await db.select().from(partners).where(eq(partners.id, admin.partnerId));
    return {
      token,
      view: {
        admin: { id: encodeId('PEOPLE', admin.id), email: admin.email },
        partner: { id: encodeId('PARTNER', partner!.id), name: partner!.name },
        csrfToken,
        expires: expires.toISOString(),
      },
    };
  },

  /** The session behind a cookie token, or null (expired, signed out, unknown). */
  async session(db: Db, token: string): Promise<(SessionAuth & { view: SessionView }) | null> {
    const rows = await db
      .select({ s: portalSessions, a: partnerAdmins, p: partners })
      .from(portalSessions)
      .innerJoin(partnerAdmins, eq(partnerAdmins.id, portalSessions.adminId))
      .innerJoin(partners, eq(partners.id, partnerAdmins.partnerId))
      .where(and(eq(portalSessions.tokenHash, sha256(token)), gt(portalSessions.expires, new Date())))
      .limit(1);
    const r = rows[0];
    if (!r) return null;
    return {
      adminId: r.a.id,
      csrfToken: r.s.csrfToken,
      partner: { id: r.p.id, orgId: r.p.orgId, name: r.p.name, settings: r.p.settings },
      view: {
        admin: { id: encodeId('PEOPLE', r.a.id), email: r.a.email },
        partner: { id: encodeId('PARTNER', r.p.id), name: r.p.name },
        csrfToken: r.s.csrfToken,
        expires: r.s.expires.toISOString(),
      },
    };
  },

  async signOut(db: Db, token: string): Promise<void> {
    await db.delete(portalSessions).where(eq(portalSessions.tokenHash, sha256(token)));
  },

  /** BOOTSTRAP_PARTNER_ADMIN_*: the demo partner's admin with exactly this password. */
  async bootstrapAdmin(db: Db, email: string, password: string): Promise<void> {
    const partner = await partnerService.demoPartner(db);
    const [existing] = await db.select().from(partnerAdmins).where(eq(partnerAdmins.email, email.trim().toLowerCase()));
    if (existing && existing.partnerId === partner.id && (await verifyPassword(password, existing.passwordHash))) return;
    await this.setAdmin(db, partner.id, email, password);
  },
};
