import { z } from 'zod';
import { actorOf, partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { ErrorCodes } from '../../http/errors.ts';
import { idempotent, sendStored } from '../../http/idempotency.ts';
import { readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { PrecheckResponseSchema } from '../customers/schemas.ts';
import {
  ListSubscribersQuery,
  PrecheckSubscriberSchema,
  ProvisionSubscriberSchema,
  SubscriberListSchema,
  SubscriberSchema,
  UpdateSubscriberSchema,
} from './schemas.ts';
import { subscriberService } from './service.ts';
import { acceptConsent, consentInfo, declineConsent, resendConsent } from './consent.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';

const tags = ['Wholesale Provisioning'];
const read = { auth: { scope: 'spark-admin:wholesale_subscribers_read' as const } };
const write = { auth: { scope: 'spark-admin:wholesale_subscribers_write' as const } };
const idParam = z.object({ subscriberId: z.string().describe('A unique identifier for the subscriber.') });
const subPartnerQuery = z.object({ onBehalfOfSubPartnerOrgId: z.string().optional() });
const idempotencyHeader = z.object({ 'idempotency-key': z.string().optional() });

export function subscriberRoutes(app: App, { database, config, onEnqueued }: Deps): void {
  const { db } = database;
  const service = subscriberService({ publicUrl: config.PUBLIC_URL });
  const urlOf = (id: string) => `${config.PUBLIC_URL}/v1/wholesale/subscribers/${id}`;
  const ok = (s: { id: string; status?: string }, statusCode = 200) => ({ statusCode, headers: { Location: urlOf(s.id) }, body: s });

  app.get('/v1/wholesale/subscribers', {
    config: read,
    schema: { tags, summary: 'List Wholesale Subscribers', operationId: 'listWholesaleSubscribers',
      description: 'Filters combine. `after` and `lastStatusChange` take epoch milliseconds or ISO 8601. Default sort: created, DESC; max 50 (up to 100).',
      querystring: ListSubscribersQuery, response: { 200: SubscriberListSchema, ...errorResponses } },
  }, async (req, reply) => {
    const page = readPage(req.query, 50);
    const { items, hasMore } = await service.list(db, partnerOf(req), req.query, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.post('/v1/wholesale/subscribers', {
    config: write,
    schema: { tags, summary: 'Provision a Wholesale Subscriber', operationId: 'provisionWholesaleSubscriber',
      description: 'Synchronous: 200 with the provisioned subscriber and a Location header.',
      querystring: subPartnerQuery, headers: idempotencyHeader, body: ProvisionSubscriberSchema,
      response: { 200: SubscriberSchema, 202: SubscriberSchema, ...errorResponses } },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      await refuseApiOnlyInPortal(db, req, { customerId: req.body.customerId });
      const accept = await service.provision(db, partner, req.body, actorOf(req));
      // 202 when the email is a free account waiting for its holder's consent to move.
      return async (tx) => {
        const s = await accept(tx);
        return ok(s, s.status === 'pending_user_migration' ? 202 : 200);
      };
    });
    onEnqueued();
    return sendStored(reply, res);
  });

  app.post('/v1/wholesale/subscribers/validate', {
    config: write,
    schema: { tags, summary: 'Precheck a Wholesale Subscriber Provisioning', operationId: 'precheckWholesaleSubscriber',
      querystring: subPartnerQuery, body: PrecheckSubscriberSchema, response: { 200: PrecheckResponseSchema, ...errorResponses } },
  }, async (req) => {
    await service.precheck(db, partnerOf(req), req.body);
    return { message: 'success', info: [{ infoCode: ErrorCodes.PRECHECK_SUCCESS, description: 'Provisioning preCheck validation successful.' }] };
  });

  app.get('/v1/wholesale/subscribers/:subscriberId', {
    config: read,
    schema: { tags, summary: 'Get a Wholesale Subscriber', operationId: 'getWholesaleSubscriber',
      params: idParam, querystring: subPartnerQuery, response: { 200: SubscriberSchema, ...errorResponses } },
  }, async (req, reply) => {
    const s = await service.get(db, partnerOf(req), req.params.subscriberId);
    reply.header('Location', urlOf(s.id));
    return s;
  });

  app.put('/v1/wholesale/subscribers/:subscriberId', {
    config: write,
    schema: { tags, summary: 'Update a Wholesale Subscriber', operationId: 'updateWholesaleSubscriber',
      params: idParam, querystring: subPartnerQuery, headers: idempotencyHeader, body: UpdateSubscriberSchema,
      response: { 200: SubscriberSchema, ...errorResponses } },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      await refuseApiOnlyInPortal(db, req, { subscriberId: req.params.subscriberId });
      const accept = await service.update(db, partner, req.params.subscriberId, req.body);
      return async (tx) => ok(await accept(tx));
    });
    onEnqueued();
    return sendStored(reply, res);
  });

  app.delete('/v1/wholesale/subscribers/:subscriberId', {
    config: write,
    schema: { tags, summary: 'Remove a Wholesale Subscriber', operationId: 'removeWholesaleSubscriber',
      params: idParam, querystring: subPartnerQuery, headers: idempotencyHeader, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      await refuseApiOnlyInPortal(db, req, { subscriberId: req.params.subscriberId });
      const accept = await service.remove(db, partner, req.params.subscriberId);
      return async (tx) => {
        await accept(tx);
        return { statusCode: 204, headers: {}, body: null };
      };
    });
    return sendStored(reply, res);
  });

  // The reference path has no /wholesale prefix; the prefixed form is accepted too.
  for (const url of ['/v1/subscribers/:subscriberId/emails/consentMove', '/v1/wholesale/subscribers/:subscriberId/emails/consentMove']) {
    app.post(url, {
      config: write,
      schema: { tags, summary: 'Send Consent User Move Email to Pending Wholesale Subscribers', operationId: url.includes('wholesale') ? 'sendConsentMoveEmailPrefixed' : 'sendConsentMoveEmail',
        description: '204 when the subscriber is pending_user_migration (a new link replaces the old one); 409 otherwise.',
        params: idParam, querystring: subPartnerQuery, response: { 204: z.null(), ...errorResponses } },
    }, async (req, reply) => {
      await resendConsent(db, partnerOf(req), req.params.subscriberId, config.PUBLIC_URL, actorOf(req));
      onEnqueued();
      return reply.status(204).send(null);
    });
  }

  // The consent page (public: the token in the mailed link is the credential).
  const tokenParam = z.object({ token: z.string().max(200) });
  const consentTags = ['Consent (extension)'];
  app.get('/v1/consent/:token', {
    config: { auth: 'public' },
    schema: { tags: consentTags, summary: 'What a consent link is about', params: tokenParam,
      response: { 200: z.object({ email: z.string(), orgName: z.string(), brandName: z.string(), status: z.literal('pending') }), ...errorResponses } },
  }, async (req) => consentInfo(db, req.params.token));
  app.post('/v1/consent/:token/accept', {
    config: { auth: 'public' },
    schema: { tags: consentTags, summary: 'Accept moving the account into the organization', params: tokenParam, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await acceptConsent(db, req.params.token, config.PUBLIC_URL);
    onEnqueued();
    return reply.status(204).send(null);
  });
  app.post('/v1/consent/:token/decline', {
    config: { auth: 'public' },
    schema: { tags: consentTags, summary: 'Decline moving the account', params: tokenParam, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await declineConsent(db, req.params.token);
    return reply.status(204).send(null);
  });
}
