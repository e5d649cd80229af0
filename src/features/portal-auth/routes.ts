import { z } from 'zod';
import { SESSION_COOKIE, readCookie } from '../../http/auth.ts';
import { emailString, errorResponses } from '../../http/common-schemas.ts';
import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { decodeId, encodeId } from '../../http/ids.ts';
import { partnerService } from '../partners/service.ts';
import type { App, Deps } from '../../http/types.ts';
import { portalAuth, type SessionView } from './service.ts';

const SessionSchema = z.object({
  admin: z.object({ id: z.string(), email: z.string() }),
  partner: z.object({ id: z.string(), name: z.string() }),
  csrfToken: z.string().describe('Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE made with the session cookie.'),
  expires: z.string(),
}).meta({ id: 'PortalSession' });
const AdminSchema = z.object({ id: z.string(), email: z.string(), created: z.string(), locked: z.boolean().optional() });

export function portalAuthRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const secure = config.PUBLIC_URL.startsWith('https://');
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  const tags = ['Partner Hub sign-in (extension)'];

  app.post('/v1/portal/session', {
    config: { auth: 'public' },
    schema: { tags, summary: 'Sign in to Partner Hub (sets an HTTP-only session cookie)', body: z.object({ email: emailString, password: z.string().max(1000) }),
      response: { 200: SessionSchema, 423: z.any(), ...errorResponses } },
  }, async (req, reply) => {
    const { token, view } = await portalAuth.signIn(db, req.body.email, req.body.password);
    reply.header('Set-Cookie', cookie(token, 12 * 3600));
    return view;
  });

  app.get('/v1/portal/session', {
    config: { auth: 'session' },
    schema: { tags, summary: 'The signed-in partner administrator and the CSRF token', response: { 200: SessionSchema, ...errorResponses } },
  }, async (req) => {
    const token = readCookie(req, SESSION_COOKIE)!;
    const s = await portalAuth.session(db, token);
    if (!s) throw ApiError.one(401, ErrorCodes.UNAUTHORIZED, 'Not signed in.');
    return s.view satisfies SessionView;
  });

  app.delete('/v1/portal/session', {
    config: { auth: 'session' },
    schema: { tags, summary: 'Sign out', response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await portalAuth.signOut(db, readCookie(req, SESSION_COOKIE)!);
    reply.header('Set-Cookie', cookie('', 0));
    return reply.status(204).send(null);
  });

  const assertPartner = async (id: string) => {
    await partnerService.get(db, encodeId('PARTNER', id));
  };
  const partnerParam = z.object({ partnerId: z.string() });
  const partnerUuid = (id: string) => {
    const uuid = decodeId('PARTNER', id);
    if (!uuid) throw ApiError.one(404, ErrorCodes.PARTNER_NOT_FOUND, 'Partner not found.');
    return uuid;
  };
  app.put('/v1/operator/partners/:partnerId/admins', {
    config: { auth: 'operator' },
    schema: { tags: ['Operator (extension)'], summary: 'Create a Partner Hub administrator or reset their password', params: partnerParam,
      body: z.object({ email: emailString.pipe(z.email()), password: z.string().max(1000) }), response: { 200: AdminSchema, ...errorResponses } },
  }, async (req) => {
    const id = partnerUuid(req.params.partnerId);
    await assertPartner(id);
    return portalAuth.setAdmin(db, id, req.body.email, req.body.password);
  });
  app.get('/v1/operator/partners/:partnerId/admins', {
    config: { auth: 'operator' },
    schema: { tags: ['Operator (extension)'], summary: 'Partner Hub administrators', params: partnerParam, response: { 200: z.object({ items: z.array(AdminSchema) }), ...errorResponses } },
  }, async (req) => {
    const id = partnerUuid(req.params.partnerId);
    await assertPartner(id);
    return { items: await portalAuth.listAdmins(db, id) };
  });

}
