import { and, count, desc, eq, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { customers, templates } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { isCountryCode } from '../../domain/countries.ts';
import { normalizeLocale } from '../../domain/locales.ts';
import { isEmail } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes, Problems, conflict, notFound } from '../../http/errors.ts';
import { decodeId, decodeProvisioningId, encodeId, encodeProvisioningId, newUuid } from '../../http/ids.ts';
import type { Page } from '../../http/pagination.ts';
import type { Template, TemplateInput } from './schemas.ts';

type Row = typeof templates.$inferSelect;

const PSTN_WARNING = {
  errorCode: 8100,
  description:
    'A cloud-connected PSTN provider in an onboarding template is not recommended because of the limitations of this approach; configure PSTN per customer instead.',
};

function present(row: Row, customerCount: number): Template {
  return {
    id: encodeId('TEMPLATE', row.id),
    provisioningId: encodeProvisioningId(row.provisioningId),
    name: row.name,
    serviceProviderAdminEmail: row.serviceProviderAdminEmail,
    country: row.country,
    defaultEmailLanguage: row.defaultEmailLanguage,
    wholesaleSubscriptionId: row.wholesaleSubscriptionId,
    ...(row.pstnProvider ? { pstnProvider: row.pstnProvider, warnings: [PSTN_WARNING] } : {}),
    authentication: row.authentication,
    emailSettings: row.emailSettings,
    callingSettings: row.callingSettings,
    customerCount,
    created: row.created.toISOString(),
    updated: row.updated.toISOString(),
  };
}

/** Domain checks with stable codes; returns the normalised values to store. */
function check(input: TemplateInput) {
  const p = new Problems();
  if (!isEmail(input.serviceProviderAdminEmail)) {
    p.add(ErrorCodes.INVALID_EMAIL, 'serviceProviderAdminEmail is not a valid email address.');
  }
  if (!isCountryCode(input.country)) {
    p.add(ErrorCodes.INVALID_COUNTRY, `country "${input.country}" is not an ISO 3166-1 alpha-2 code.`);
  }
  const language = normalizeLocale(input.defaultEmailLanguage);
  if (!language) {
    p.add(ErrorCodes.INVALID_LANGUAGE, `defaultEmailLanguage "${input.defaultEmailLanguage}" is not a supported locale.`);
  }
  const auth = input.authentication;
  if (auth.method !== 'webex' && !auth.idpEntityId) {
    p.add(ErrorCodes.IDP_ENTITY_ID_REQUIRED, `authentication.idpEntityId is required for ${auth.method}.`);
  }
  p.throwIfAny();
  return {
    name: input.name,
    serviceProviderAdminEmail: input.serviceProviderAdminEmail,
    country: input.country,
    defaultEmailLanguage: language!,
    wholesaleSubscriptionId: input.wholesaleSubscriptionId,
    pstnProvider: input.pstnProvider ?? null,
    // The IdP id means nothing for Webex authentication: do not keep a stale one.
    authentication: auth.method === 'webex' ? { method: auth.method } : { method: auth.method, idpEntityId: auth.idpEntityId! },
    emailSettings: input.emailSettings,
    callingSettings: input.callingSettings,
  };
}

async function nameTaken(db: DbOrTx, partnerId: string, name: string, exceptId?: string) {
  const rows = await db
    .select({ id: templates.id })
    .from(templates)
    .where(and(eq(templates.partnerId, partnerId), eq(templates.name, name), exceptId ? ne(templates.id, exceptId) : undefined))
    .limit(1);
  return rows.length > 0;
}

const nameConflict = (name: string) =>
  conflict(ErrorCodes.TEMPLATE_NAME_EXISTS, `An onboarding template named "${name}" already exists.`);

async function usage(db: DbOrTx, templateId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(customers).where(eq(customers.templateId, templateId));
  return Number(row?.n ?? 0);
}

async function load(db: DbOrTx, partnerId: string, id: string): Promise<Row> {
  const uuid = decodeId('TEMPLATE', id);
  const rows = uuid
    ? await db.select().from(templates).where(and(eq(templates.id, uuid), eq(templates.partnerId, partnerId))).limit(1)
    : [];
  if (!rows[0]) throw notFound('Onboarding template');
  return rows[0];
}

export const templateService = {
  async create(db: Db, partnerId: string, input: TemplateInput): Promise<Template> {
    const values = check(input);
    if (await nameTaken(db, partnerId, values.name)) throw nameConflict(values.name);
    try {
      const [row] = await db
        .insert(templates)
        .values({ id: newUuid(), partnerId, provisioningId: newUuid(), ...values })
        .returning();
      return present(row!, 0);
    } catch (err) {
      if (isUniqueViolation(err)) throw nameConflict(values.name);
      throw err;
    }
  },

  async get(db: Db, partnerId: string, id: string): Promise<Template> {
    const row = await load(db, partnerId, id);
    return present(row, await usage(db, row.id));
  },

  async list(db: Db, partnerId: string, page: Page): Promise<{ items: Template[]; hasMore: boolean }> {
    const rows = await db
      .select()
      .from(templates)
      .where(eq(templates.partnerId, partnerId))
      .orderBy(desc(templates.created), desc(templates.id))
      .offset(page.offset)
      .limit(page.max + 1);
    const items = await Promise.all(rows.slice(0, page.max).map(async (r) => present(r, await usage(db, r.id))));
    return { items, hasMore: rows.length > page.max };
  },

  async update(db: Db, partnerId: string, id: string, input: TemplateInput): Promise<Template> {
    const row = await load(db, partnerId, id);
    const values = check(input);
    if (await nameTaken(db, partnerId, values.name, row.id)) throw nameConflict(values.name);
    try {
      const [updated] = await db
        .update(templates)
        .set({ ...values, updated: new Date() })
        .where(and(eq(templates.id, row.id), eq(templates.partnerId, partnerId)))
        .returning();
      return present(updated!, await usage(db, row.id));
    } catch (err) {
      if (isUniqueViolation(err)) throw nameConflict(values.name);
      throw err;
    }
  },

  async remove(db: Db, partnerId: string, id: string): Promise<void> {
    const row = await load(db, partnerId, id);
    await db.transaction(async (tx) => {
      const n = await usage(tx, row.id);
      if (n > 0) {
        throw conflict(
          ErrorCodes.TEMPLATE_IN_USE,
          `The onboarding template is used by ${n} customer(s) and cannot be deleted.`,
        );
      }
      await tx.delete(templates).where(and(eq(templates.id, row.id), eq(templates.partnerId, partnerId)));
    });
  },

  /** The partner's template behind a provisioningId, or a 404-style error. */
  async byProvisioningId(db: DbOrTx, partnerId: string, provisioningId: string): Promise<Row> {
    const uuid = decodeProvisioningId(provisioningId);
    const rows = uuid
      ? await db
          .select()
          .from(templates)
          .where(and(eq(templates.provisioningId, uuid), eq(templates.partnerId, partnerId)))
          .limit(1)
      : [];
    if (!rows[0]) {
      throw ApiError.one(404, ErrorCodes.PROVISIONING_ID_NOT_FOUND, `No onboarding template has provisioningId "${provisioningId}".`);
    }
    return rows[0];
  },
};
