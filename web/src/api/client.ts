import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The one API client of the portal, typed from the server's own OpenAPI document
 * (schema.d.ts, `npm run gen:client`). It sends the Partner Hub session cookie and, on every
 * change (POST/PUT/PATCH/DELETE), the session's CSRF token.
 */
export type Schemas = components['schemas'];
export type Customer = Schemas['Customer'];
export type CustomerStatus = Customer['status'];
export type PackageDetail = Schemas['Package'];
export type CustomerPackage = Schemas['WholesalePackagesCustomer'];
export type SubscriberPackage = Schemas['WholesalePackagesSubscriber'];
export type Template = Schemas['OnboardingTemplate'];
export type TemplateInput = Schemas['TemplateInputInput'];
export type CreateCustomerInput = Schemas['CustomerProvisioningRequestInput'];
export type Location = Schemas['Location'];
export type PhoneNumber = Schemas['PhoneNumber'];
export type Subscriber = Schemas['Subscriber'];
export type Person = Schemas['Person'];
export type PortalSession = Schemas['PortalSession'];
export type ErrorItem = { errorCode: number; description: string };

let csrfToken: string | null = null;
let onSessionLost: (() => void) | null = null;

/** The session provider keeps these current. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setSessionLostHandler(handler: (() => void) | null): void {
  onSessionLost = handler;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

/** A 401 on any call but the sign-in itself means the session ended (expired or signed out elsewhere). */
const sessionWatch: Middleware = {
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.startsWith('/v1/portal/session')) onSessionLost?.();
    return response;
  },
};

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'include',
  headers: { Accept: 'application/json' },
});
api.use(csrf, sessionWatch);

/** The Webex error body of a refused request (status 0: the server could not be reached). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: ErrorItem[],
    readonly trackingId?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  codes(): number[] {
    return this.errors.map((e) => e.errorCode);
  }
}

function toProblem(error: unknown, response: Response): ApiProblem {
  const body = (error ?? {}) as { message?: unknown; errors?: unknown; trackingId?: unknown };
  const errors = Array.isArray(body.errors)
    ? (body.errors as ErrorItem[]).filter((e) => typeof e?.errorCode === 'number' && typeof e.description === 'string')
    : [];
  const retry = Number(response.headers.get('Retry-After'));
  return new ApiProblem(
    response.status,
    typeof body.message === 'string' ? body.message : `${response.status} ${response.statusText}`,
    errors,
    typeof body.trackingId === 'string' ? body.trackingId : (response.headers.get('TrackingID') ?? undefined),
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiProblem: screens handle
 * one error type whatever went wrong.
 */
export async function ok<T>(call: Promise<Result<T>>): Promise<{ data: T; response: Response }> {
  let res: Result<T>;
  try {
    res = await call;
  } catch (err) {
    throw new ApiProblem(0, err instanceof Error ? err.message : String(err), []);
  }
  if (!res.response.ok) throw toProblem(res.error, res.response);
  return { data: res.data as T, response: res.response };
}

/** Whether an RFC 8288 Link header has the given relation (e.g. "next"). */
export function hasLink(response: Response, rel: string): boolean {
  const link = response.headers.get('Link') ?? '';
  return link.split(',').some((part) => new RegExp(`rel="?${rel}"?`).test(part));
}

/** The last path segment of a resource URL (the id in a 202 `{url}`). */
export const idFromUrl = (url: string): string => decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).pop() ?? '');
