import { and, desc, eq, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { encodeId } from '../../http/ids.ts';

/**
 * The audit log of attach decisions, approvals, rejections, rights grants and consent moves.
 * Written in the transaction of the change it records, so an event exists exactly when the
 * change does. `actor` is `partner:<email or token>`, `customer_admin:<email>`, `operator`,
 * `user:<email>` or `system`.
 */
export type AuditAction =
  | 'attach.automatic'
  | 'attach.approval_requested'
  | 'attach.approved'
  | 'attach.rejected'
  | 'attach.expired'
  | 'attach.applied'
  | 'attach.detached'
  | 'rights.granted'
  | 'rights.revoked'
  | 'consent.requested'
  | 'consent.resent'
  | 'consent.accepted'
  | 'consent.declined'
  | 'org.created'
  | 'org.settings_changed';

export type AuditEvent = {
  orgId?: string | null;
  partnerId?: string | null;
  customerId?: string | null;
  actor: string;
  action: AuditAction;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

export async function audit(tx: DbOrTx, e: AuditEvent): Promise<void> {
  await tx.insert(auditEvents).values({
    orgId: e.orgId ?? null,
    partnerId: e.partnerId ?? null,
    customerId: e.customerId ?? null,
    actor: e.actor,
    action: e.action,
    before: e.before ?? null,
    after: e.after ?? null,
  });
}

export type AuditView = {
  id: string;
  orgId?: string;
  partnerId?: string;
  customerId?: string;
  actor: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  created: string;
};

/** Newest first; `before` is the id to page from (exclusive). */
export async function listAudit(db: DbOrTx, f: { orgId?: string; before?: number; max: number }): Promise<AuditView[]> {
  const rows = await db.select().from(auditEvents)
    .where(and(f.orgId ? eq(auditEvents.orgId, f.orgId) : undefined, f.before ? lt(auditEvents.id, f.before) : undefined))
    .orderBy(desc(auditEvents.id)).limit(f.max);
  return rows.map((r) => ({
    id: String(r.id),
    ...(r.orgId ? { orgId: encodeId('ORGANIZATION', r.orgId) } : {}),
    ...(r.partnerId ? { partnerId: encodeId('PARTNER', r.partnerId) } : {}),
    ...(r.customerId ? { customerId: encodeId('ENTERPRISE', r.customerId) } : {}),
    actor: r.actor,
    action: r.action,
    before: r.before ?? null,
    after: r.after ?? null,
    created: r.created.toISOString(),
  }));
}
