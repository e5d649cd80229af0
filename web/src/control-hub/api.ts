import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../api/schema';

/**
 * Control Hub's own API client: the same typed paths as the Partner Hub's, with the Control Hub
 * session's CSRF token on every change. The session cookie (`wh_ch_session`) is HTTP-only and
 * sent by the browser to /v1/control-hub only.
 */
type Schemas = components['schemas'];
export type ChSession = Schemas['ControlHubSession'];
export type ChApproval = Schemas['ControlHubApproval'];
export type ChUser = Schemas['ControlHubUser'];
export type ChWholesale = Schemas['ControlHubWholesale'];
export type ChPartnerAccess = Schemas['ControlHubPartnerAccess'];
export type ChSettings = Schemas['ControlHubSettings'];
export type ChSettingsEdit = Schemas['ControlHubSettingsEdit'];
export type ChAuditEvent = Schemas['ControlHubAuditEvent'];
export type ChNewUser = Schemas['ControlHubNewUser'];
export type ChUserEdit = Schemas['ControlHubUserEdit'];

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

export function setChCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setChSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const PUBLIC = ['/v1/control-hub/session', '/v1/control-hub/activation'];

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

const sessionWatch: Middleware = {
  onResponse({ request, response }) {
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !PUBLIC.includes(path)) onSessionLost?.();
    return response;
  },
};

export const chApi = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'include',
  headers: { Accept: 'application/json' },
});
chApi.use(csrf, sessionWatch);
