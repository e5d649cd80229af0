import { randomUUID } from 'node:crypto';

/**
 * Webex IDs are base64url (usually unpadded) of `ciscospark://<region>/<TYPE>/<uuid>`. Clients
 * such as the Cisco reference app decode them to UUIDs and back, so we keep that exact form.
 */
export type IdType =
  | 'ENTERPRISE'
  | 'ORGANIZATION'
  | 'LICENSE'
  | 'LOCATION'
  | 'PEOPLE'
  | 'SUBSCRIBER'
  | 'PARTNER'
  | 'TOKEN'
  | 'TEMPLATE'
  | 'RESTRICTED_PARTY';

const REGION = 'us';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const newUuid = (): string => randomUUID();

export function encodeId(type: IdType, uuid: string, suffix = ''): string {
  return Buffer.from(`ciscospark://${REGION}/${type}/${uuid}${suffix}`).toString('base64url');
}

function decodeBase64(id: string): string | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(id) || id.length > 400) return null;
  // Buffer accepts both alphabets and optional padding.
  return Buffer.from(id, 'base64').toString('utf8');
}

/** The uuid inside an id of the given type, or null when the id is not one (never throws). */
export function decodeId(type: IdType, id: string): string | null {
  const text = decodeBase64(id);
  if (!text) return null;
  const m = /^ciscospark:\/\/[a-z0-9]+\/([A-Za-z_]+)\/([0-9a-fA-F-]{36})$/.exec(text);
  if (!m || m[1]!.toUpperCase() !== type) return null;
  const uuid = m[2]!.toLowerCase();
  return UUID_RE.test(uuid) ? uuid : null;
}

/** License ids carry the org and a SKU: `ciscospark://us/LICENSE/<orgUuid>:<SKU>_<uuid>`. */
export const encodeLicenseId = (orgId: string, sku: string, licenseId: string): string =>
  encodeId('LICENSE', orgId, `:${sku}_${licenseId}`);

/** Provisioning ids are base64 of a bare uuid, as in the reference examples. */
export const encodeProvisioningId = (uuid: string): string =>
  Buffer.from(uuid).toString('base64url');

export function decodeProvisioningId(id: string): string | null {
  const text = decodeBase64(id);
  if (!text) return null;
  const uuid = text.toLowerCase();
  return UUID_RE.test(uuid) ? uuid : null;
}
