import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { customers } from '../../db/schema.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { decodeId } from '../../http/ids.ts';
import type { CustomerRow } from '../customers/store.ts';

/**
 * Partners act on a customer organization by its `orgId` (Locations, Numbers and People APIs).
 * The org must belong to one of the partner's customers and exist (provisioned at least once);
 * anything else is a 404, so another partner's orgs do not appear to exist.
 */
export async function customerOrgFor(db: DbOrTx, partnerId: string, encodedOrgId: string | undefined): Promise<CustomerRow> {
  if (!encodedOrgId) {
    throw ApiError.one(400, ErrorCodes.NULL_PARAMETER, 'Mandatory parameter orgId is missing.');
  }
  const orgId = decodeId('ORGANIZATION', encodedOrgId);
  const rows = orgId
    ? await db.select().from(customers)
      .where(and(eq(customers.orgId, orgId), eq(customers.partnerId, partnerId), eq(customers.orgReady, true)))
      .limit(1)
    : [];
  if (!rows[0]) throw ApiError.one(404, ErrorCodes.NOT_FOUND, 'Organization not found.');
  return rows[0];
}
