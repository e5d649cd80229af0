import { z } from 'zod';
import { CONTROL_HUB_COOKIE, readCookie } from '../../http/auth.ts';
import { emailString, errorResponses } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import type { App, Deps } from '../../http/types.ts';
import { controlHubAuth } from './accounts.ts';

export const tags = ['Control Hub (extension)'];
export const customerAdmin = { auth: 'customer_admin' as const };

const SessionSchema = z.object({
  admin: z.object({ email: z.string() }),
  org: z.object({ id: z.string(), name: z.string() }),
  csrfToken: z.string().describe('Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the Control Hub cookie.'),
  expires: z.string(),
}).meta({ id: 'ControlHubSession' });

const ActivationSchema = z.object({
  email: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  activated: z.boolean().describe('The account already has a password: sign in, or choose a new password with this link.'),
  expires: z.string(),
}).meta({ id: 'ControlHubActivation' });

const token = z.string().max(200);

/** Activation from the invitation mail, sign-in, the session and sign-out. */
export function controlHubAuthRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const secure = config.PUBLIC_URL.startsWith('https://');
  // Sent only to the Control Hub API: the Partner Hub and the rest of the API never see it.
  const cookie = (value: string, maxAge: number) =>
    `${CONTROL_HUB_COOKIE}=${value}; Path=/v1/control-hub; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

  app.get('/v1/control-hub/activation', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Who and which organization an activation link is for', querystring: z.object({ token }),
      response: { 200: ActivationSchema, ...errorResponses } },
  }, async (req) => controlHubAuth.activationInfo(db, req.query.token));

  app.post('/v1/control-hub/activation', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Choose the password (uses up the link) and sign in', body: z.object({ token, password: z.string().max(1000) }),
      response: { 200: SessionSchema, ...errorResponses } },
  }, async (req, reply) => {
    const { token: t, view } = await controlHubAuth.activate(db, req.body.token, req.body.password);
    reply.header('Set-Cookie', cookie(t, 12 * 3600));
    return view;
  });

  app.post('/v1/control-hub/session', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Sign in to Control Hub (sets an HTTP-only session cookie)', body: z.object({ email: emailString, password: z.string().max(1000) }),
      response: { 200: SessionSchema, 423: z.any(), ...errorResponses } },
  }, async (req, reply) => {
    const { token: t, view } = await controlHubAuth.signIn(db, req.body.email, req.body.password);
    reply.header('Set-Cookie', cookie(t, 12 * 3600));
    return view;
  });

  app.get('/v1/control-hub/session', {
    config: customerAdmin,
    schema: { tags, summary: 'The signed-in customer administrator, their organization and the CSRF token', response: { 200: SessionSchema, ...errorResponses } },
  }, async (req) => {
    const s = await controlHubAuth.session(db, readCookie(req, CONTROL_HUB_COOKIE)!);
    if (!s) throw ApiError.one(401, ErrorCodes.UNAUTHORIZED, 'Not signed in.');
    return s.view;
  });

  app.delete('/v1/control-hub/session', {
    config: customerAdmin,
    schema: { tags, summary: 'Sign out of Control Hub', response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await controlHubAuth.signOut(db, readCookie(req, CONTROL_HUB_COOKIE)!);
    reply.header('Set-Cookie', cookie('', 0));
    return reply.status(204).send(null);
  });
}
