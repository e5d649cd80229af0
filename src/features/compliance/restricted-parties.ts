import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { restrictedParties } from '../../db/schema.ts';

/**
 * Names are compared after folding case, accents and punctuation, word by word: "ACME Corp."
 * on the list holds "Acme Corp Europe" and "acme-corp", but not "Acmecorp".
 */
export function normalizePartyName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export async function matchesRestrictedParty(tx: DbOrTx, name: string): Promise<boolean> {
  const n = ` ${normalizePartyName(name)} `;
  if (n.trim() === '') return false;
  const rows = await tx
    .select({ id: restrictedParties.id })
    .from(restrictedParties)
    .where(sql`strpos(${n}, ' ' || ${restrictedParties.normalized} || ' ') > 0`)
    .limit(1);
  return rows.length > 0;
}
