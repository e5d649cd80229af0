import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizations, partners, templates } from '../../db/schema.ts';
import { queueMail } from '../../mail/outbox.ts';
import { mailLanguage, renderMail, senderName, type MailVars } from '../../mail/templates.ts';
import { issueActivation } from '../control-hub/accounts.ts';
import type { CustomerRow } from '../customers/store.ts';

/**
 * Who gets which mail when users and administrators are created (seed 004, issue 3 §3):
 * end users get a welcome mail; customer administrators get an administrator invitation
 * instead (never a welcome); US and Canadian users and administrators also get the emergency
 * provider's account notification. Mail is queued in the caller's transaction, in the
 * template's default email language, under the template's brand name (else the partner's name).
 */
export type Recipient = {
  email: string;
  firstName?: string | null;
  admin: boolean;
  /** Country of the user's calling location, else of the customer's address. */
  country: string;
  phoneNumber?: string;
  extension?: string;
};

async function brandOf(tx: DbOrTx, c: CustomerRow) {
  const [row] = await tx.select({ lang: templates.defaultEmailLanguage, email: templates.emailSettings, partner: partners.name })
    .from(templates).innerJoin(partners, eq(partners.id, templates.partnerId)).where(eq(templates.id, c.templateId));
  return { language: mailLanguage(row?.lang), brandName: row?.email.brandName ?? row?.partner ?? 'Wholesale Hub' };
}

async function send<K extends keyof MailVars>(tx: DbOrTx, c: CustomerRow, kind: K, to: string, language: string, brandName: string, vars: MailVars[K]) {
  const m = renderMail(kind, language, vars);
  await queueMail(tx, { partnerId: c.partnerId, kind, to, language: m.language, fromName: senderName(kind, brandName), subject: m.subject, text: m.text, html: m.html });
}

export async function notifyNewUser(tx: DbOrTx, c: CustomerRow, r: Recipient, publicUrl: string): Promise<void> {
  const { language, brandName } = await brandOf(tx, c);
  const firstName = r.firstName ?? undefined;
  const orgName = c.customerInfo?.name ?? c.externalId;
  if (r.admin) {
    // The invitation activates the administrator's Control Hub access.
    const link = await issueActivation(tx, c.orgId, r.email, publicUrl);
    await send(tx, c, 'admin_invitation', r.email, language, brandName, { firstName, brandName, orgName, link });
  } else {
    await send(tx, c, 'welcome', r.email, language, brandName, { firstName, brandName, phoneNumber: r.phoneNumber, extension: r.extension, link: `${publicUrl}/` });
  }
  if (r.country === 'US' || r.country === 'CA') {
    await send(tx, c, 'emergency_notification', r.email, language, brandName, { firstName, orgName });
  }
}

/** To the holder of a free account: the link to accept (or decline) moving it into the org. */
export async function notifyConsentMove(tx: DbOrTx, c: CustomerRow, email: string, link: string): Promise<void> {
  const { language, brandName } = await brandOf(tx, c);
  const [org] = await tx.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, c.orgId));
  await send(tx, c, 'consent_move', email, language, brandName, { brandName, orgName: org?.name ?? c.customerInfo?.name ?? c.externalId, link });
}
