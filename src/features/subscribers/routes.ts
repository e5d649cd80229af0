import { z } from 'zod';
import { partnerOf } from '../../http/auth.ts';
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
  const ok = (s: { id: string }, statusCode = 200) => ({ statusCode, headers: { Location: urlOf(s.id) }, body: s });

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
      const accept = await service.provision(db, partner, req.body);
      return async (tx) => ok(await accept(tx));
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
      const accept = await service.remove(db, partner, req.params.subscriberId);
      return async (tx) => {
        await accept(tx);
        return { statusCode: 204, headers: {}, body: null };
      };
    });
    return sendStored(reply, res);
  });
}
