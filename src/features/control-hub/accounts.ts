import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { controlHubSessions, customerAdminAccounts, orgAdmins, organizations, people } from '../../db/schema.ts';
import type { CustomerAdminSession } from '../../http/auth.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { encodeId, newUuid } from '../../http/ids.ts';
import { afterFailure, checkAgainstNothing, throwIfLocked } from '../portal-auth/lockout.ts';
import { MIN_PASSWORD, hashPassword, verifyPassword } from '../portal-auth/service.ts';

/**
 * Control Hub accounts of customers' full administrators: activated from the invitation (or
 * attach-approval) mail, then email + password with the Partner Hub's rules (scrypt, lock-out
 * after 5 failures, server-side sessions behind an HTTP-only cookie, a CSRF token per session).
 */

/** How long an activation link from an invitation or approval mail stays valid. */
export const ACTIVATION_DAYS = 30;
const SESSION_HOURS = 12;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A Control Hub account for a customer's administrator, with a fresh activation token; returns
 * the link to put in the mail. An account already activated keeps its password until the link
 * is used (it then sets a new one); the page offers sign-in first and goes on to `next`.
 */
export async function issueActivation(tx: DbOrTx, orgId: string, email: string, publicUrl: string, next = '/control-hub/'): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + ACTIVATION_DAYS * 86_400_000);
  const normalized = email.trim().toLowerCase();
  await tx.insert(customerAdminAccounts)
    .values({ id: newUuid(), orgId, email: normalized, activationTokenHash: sha256(token), activationExpires: expires })
    .onConflictDoUpdate({
      target: customerAdminAccounts.email,
      set: { orgId, activationTokenHash: sha256(token), activationExpires: expires },
      // Another org's admin with the same email cannot be taken over by an invitation.
      setWhere: sql`${customerAdminAccounts.orgId} = ${orgId}`,
    });
  return `${publicUrl}/control-hub/activate?token=${token}&next=${encodeURIComponent(next)}`;
}

/**
 * Only a full administrator of the org has Control Hub access: a user of the org with the
 * full_admin role, or the administrator the customer was created with (org_admins).
 */
export async function isFullAdmin(db: DbOrTx, orgId: string, email: string): Promise<boolean> {
  const [person, admin] = await Promise.all([
    db.select({ id: people.id }).from(people)
      .where(and(eq(people.orgId, orgId), eq(people.email, email), sql`'full_admin' = ANY(${people.roles})`)).limit(1),
    db.select({ email: orgAdmins.email }).from(orgAdmins)
      .where(and(eq(orgAdmins.orgId, orgId), eq(orgAdmins.email, email), eq(orgAdmins.role, 'full_admin'))).limit(1),
  ]);
  return person.length > 0 || admin.length > 0;
}

export type ControlHubView = {
  admin: { email: string };
  org: { id: string; name: string };
  csrfToken: string;
  expires: string;
};

type Account = typeof customerAdminAccounts.$inferSelect;

const invalidLink = () => ApiError.one(404, ErrorCodes.ACTIVATION_LINK_INVALID,
  'The activation link is not valid: it is unknown, expired or already used. Ask for a new invitation.');
const notAdmin = () => ApiError.one(403, ErrorCodes.NOT_FULL_ADMIN,
  'Only a full administrator of the organization can use Control Hub.');
const badCredentials = () => ApiError.one(401, ErrorCodes.BAD_CREDENTIALS, 'The email or password is not correct.');

async function orgName(db: DbOrTx, orgId: string): Promise<string> {
  const [org] = await db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, orgId));
  return org?.name ?? '';
}

async function byToken(db: DbOrTx, token: string): Promise<Account> {
  if (!/^[\w-]{20,100}$/.test(token)) throw invalidLink();
  const [a] = await db.select().from(customerAdminAccounts)
    .where(and(eq(customerAdminAccounts.activationTokenHash, sha256(token)), gt(customerAdminAccounts.activationExpires, new Date())));
  if (!a) throw invalidLink();
  return a;
}

async function openSession(db: Db, a: Account): Promise<{ token: string; view: ControlHubView }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expires = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db.delete(controlHubSessions).where(lt(controlHubSessions.expires, new Date()));
  await db.insert(controlHubSessions).values({ tokenHash: sha256(token), accountId: a.id, csrfToken, expires });
  return {
    token,
    view: {
      admin: { email: a.email },
      org: { id: encodeId('ORGANIZATION', a.orgId), name: await orgName(db, a.orgId) },
      csrfToken,
      expires: expires.toISOString(),
    },
  };
}

/** A dummy hash to compare against when the email is unknown, so timing does not tell. */

export const controlHubAuth = {
  /** What an activation link is for, before the password is chosen. */
  async activationInfo(db: Db, token: string) {
    const a = await byToken(db, token);
    if (!(await isFullAdmin(db, a.orgId, a.email))) throw notAdmin();
    return {
      email: a.email,
      orgId: encodeId('ORGANIZATION', a.orgId),
      orgName: await orgName(db, a.orgId),
      activated: a.passwordHash !== null,
      expires: a.activationExpires!.toISOString(),
    };
  },

  /** Sets the password (first time, or a new one), uses up the link and signs in. */
  async activate(db: Db, token: string, password: string) {
    if (password.length < MIN_PASSWORD) {
      throw ApiError.one(400, ErrorCodes.WEAK_PASSWORD, `The password must have at least ${MIN_PASSWORD} characters.`);
    }
    const a = await byToken(db, token);
    if (!(await isFullAdmin(db, a.orgId, a.email))) throw notAdmin();
    const passwordHash = await hashPassword(password);
    const [updated] = await db.update(customerAdminAccounts)
      .set({ passwordHash, activationTokenHash: null, activationExpires: null, failedAttempts: 0, lockedUntil: null })
      .where(and(eq(customerAdminAccounts.id, a.id), eq(customerAdminAccounts.activationTokenHash, sha256(token))))
      .returning();
    // Used at the same moment by another request.
    if (!updated) throw invalidLink();
    // A new password ends the sessions opened with the old one.
    await db.delete(controlHubSessions).where(eq(controlHubSessions.accountId, a.id));
    return openSession(db, updated);
  },

  async signIn(db: Db, email: string, password: string) {
    const [a] = await db.select().from(customerAdminAccounts).where(eq(customerAdminAccounts.email, email.trim().toLowerCase())).limit(1);
    if (!a?.passwordHash) {
      await checkAgainstNothing(password);
      throw badCredentials();
    }
    throwIfLocked(a.lockedUntil);
    if (!(await verifyPassword(password, a.passwordHash))) {
      await db.update(customerAdminAccounts).set(afterFailure(a.failedAttempts)).where(eq(customerAdminAccounts.id, a.id));
      throw badCredentials();
    }
    await db.update(customerAdminAccounts).set({ failedAttempts: 0, lockedUntil: null }).where(eq(customerAdminAccounts.id, a.id));
    if (!(await isFullAdmin(db, a.orgId, a.email))) throw notAdmin();
    return openSession(db, a);
  },

  /** The session behind a cookie token, or null (expired, signed out, no longer a full administrator). */
  async session(db: Db, token: string): Promise<(CustomerAdminSession & { view: ControlHubView }) | null> {
    const rows = await db.select({ s: controlHubSessions, a: customerAdminAccounts, org: organizations.name })
      .from(controlHubSessions)
      .innerJoin(customerAdminAccounts, eq(customerAdminAccounts.id, controlHubSessions.accountId))
      .innerJoin(organizations, eq(organizations.id, customerAdminAccounts.orgId))
      .where(and(eq(controlHubSessions.tokenHash, sha256(token)), gt(controlHubSessions.expires, new Date())))
      .limit(1);
    const r = rows[0];
    if (!r || !(await isFullAdmin(db, r.a.orgId, r.a.email))) return null;
    return {
      accountId: r.a.id,
      orgId: r.a.orgId,
      email: r.a.email,
      csrfToken: r.s.csrfToken,
      view: {
        admin: { email: r.a.email },
        org: { id: encodeId('ORGANIZATION', r.a.orgId), name: r.org },
        csrfToken: r.s.csrfToken,
        expires: r.s.expires.toISOString(),
      },
    };
  },

  async signOut(db: Db, token: string): Promise<void> {
    await db.delete(controlHubSessions).where(eq(controlHubSessions.tokenHash, sha256(token)));
  },
};
