import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { partners, partnerTokens } from '../../db/schema.ts';
import { SCOPES, forgetTokens, hashToken } from '../../http/auth.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { decodeId, encodeId, newUuid } from '../../http/ids.ts';
import { readSettings } from './settings.ts';

type PartnerRow = typeof partners.$inferSelect;

export const presentPartner = (p: PartnerRow) => ({
  id: encodeId('PARTNER', p.id),
  orgId: encodeId('ORGANIZATION', p.orgId),
  name: p.name,
  adminEmail: p.adminEmail,
  settings: readSettings(p.settings),
  created: p.created.toISOString(),
});

const partnerNotFound = () => ApiError.one(404, ErrorCodes.PARTNER_NOT_FOUND, 'Partner not found.');

async function load(db: Db, id: string): Promise<PartnerRow> {
  const uuid = decodeId('PARTNER', id);
  const rows = uuid ? await db.select().from(partners).where(eq(partners.id, uuid)).limit(1) : [];
  if (!rows[0]) throw partnerNotFound();
  return rows[0];
}

/** Tokens are random, shown once, and stored only as a SHA-256 hash. */
const newToken = () => `whp_${randomBytes(32).toString('base64url')}`;

export const partnerService = {
  async create(db: Db, input: { name: string; adminEmail: string; settings?: Record<string, unknown> }) {
    const [row] = await db.insert(partners).values({
      id: newUuid(), orgId: newUuid(), name: input.name, adminEmail: input.adminEmail.toLowerCase(), settings: input.settings ?? {},
    }).returning();
    return presentPartner(row!);
  },

  async list(db: Db) {
    const rows = await db.select().from(partners).orderBy(asc(partners.created), asc(partners.id));
    return rows.map(presentPartner);
  },

  async get(db: Db, id: string) {
    return presentPartner(await load(db, id));
  },

  async update(db: Db, id: string, input: { name?: string; adminEmail?: string; settings?: Record<string, unknown> }) {
    const p = await load(db, id);
    // Settings merge: a PATCH names only what changes; null clears a value.
    const settings = { ...p.settings, ...(input.settings ?? {}) };
    const [row] = await db.update(partners).set({
      name: input.name ?? p.name,
      adminEmail: input.adminEmail?.toLowerCase() ?? p.adminEmail,
      settings,
    }).where(eq(partners.id, p.id)).returning();
    forgetTokens();
    return presentPartner(row!);
  },

  async createToken(db: Db, partnerId: string, input: { scopes: string[]; name?: string }) {
    const p = await load(db, partnerId);
    const token = newToken();
    const id = newUuid();
    await db.insert(partnerTokens).values({ id, partnerId: p.id, name: input.name ?? null, tokenHash: hashToken(token), scopes: [...new Set(input.scopes)] });
    return { id: encodeId('TOKEN', id), token, scopes: [...new Set(input.scopes)], ...(input.name ? { name: input.name } : {}) };
  },

  async listTokens(db: Db, partnerId: string) {
    const p = await load(db, partnerId);
    const rows = await db.select().from(partnerTokens)
      .where(and(eq(partnerTokens.partnerId, p.id), isNull(partnerTokens.revokedAt)))
      .orderBy(asc(partnerTokens.created));
    return rows.map((t) => ({ id: encodeId('TOKEN', t.id), scopes: t.scopes, ...(t.name ? { name: t.name } : {}), created: t.created.toISOString() }));
  },

  async revokeToken(db: Db, partnerId: string, tokenId: string) {
    const p = await load(db, partnerId);
    const uuid = decodeId('TOKEN', tokenId);
    const rows = uuid
      ? await db.update(partnerTokens).set({ revokedAt: new Date() })
        .where(and(eq(partnerTokens.id, uuid), eq(partnerTokens.partnerId, p.id), isNull(partnerTokens.revokedAt)))
        .returning({ id: partnerTokens.id })
      : [];
    if (rows.length === 0) throw ApiError.one(404, ErrorCodes.NOT_FOUND, 'Token not found.');
    forgetTokens();
  },

  /** The "Demo Partner" of the bootstrap variables, created once even by processes starting together. */
  async demoPartner(db: Db): Promise<PartnerRow> {
    return db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(727274002)`);
      const [found] = await tx.select().from(partners).where(eq(partners.name, 'Demo Partner')).orderBy(asc(partners.created)).limit(1);
      if (found) return found;
      const [made] = await tx.insert(partners).values({ id: newUuid(), orgId: newUuid(), name: 'Demo Partner', adminEmail: 'admin@demo-partner.example', settings: {} }).returning();
      return made!;
    });
  },

  /**
   * BOOTSTRAP_PARTNER_TOKEN: the Demo Partner's admin token is exactly that value, with every
   * wholesale scope. Safe to run at every start and from several processes at once.
   */
  async bootstrap(db: Db, token: string): Promise<void> {
    const partner = await this.demoPartner(db);
    const hash = hashToken(token);
    await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(727274002)`);
      const [existing] = await tx.select().from(partnerTokens).where(eq(partnerTokens.tokenHash, hash)).for('update');
      if (existing) {
        await tx.update(partnerTokens).set({ scopes: [...SCOPES], revokedAt: null }).where(eq(partnerTokens.id, existing.id));
        return;
      }
      await tx.insert(partnerTokens).values({ id: newUuid(), partnerId: partner.id, name: 'bootstrap', tokenHash: hash, scopes: [...SCOPES] })
        .onConflictDoNothing();
    });
    forgetTokens();
  },
};
