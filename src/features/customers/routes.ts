import { z } from 'zod';
import { actorOf, partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { ErrorCodes } from '../../http/errors.ts';
import { encodeId } from '../../http/ids.ts';
import { idempotent, sendStored } from '../../http/idempotency.ts';
import { readPage, setLinkHeader } from '../../http/pagination.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';
import type { App, Deps } from '../../http/types.ts';
import {
  CreateCustomerSchema,
  CustomerListSchema,
  CustomerSchema,
  GetCustomerQuery,
  ListCustomersQuery,
  PrecheckCustomerSchema,
  PrecheckResponseSchema,
  ResourceUrlSchema,
  UpdateCustomerSchema,
} from './schemas.ts';
import { customerService } from './service.ts';

const tags = ['Wholesale Provisioning'];
const read = { auth: { scope: 'spark-admin:wholesale_customers_read' as const } };
const write = { auth: { scope: 'spark-admin:wholesale_customers_write' as const } };
const idParam = z.object({ customerId: z.string().describe('A unique identifier for the customer.') });
const subPartnerQuery = z.object({ onBehalfOfSubPartnerOrgId: z.string().optional() });
const idempotencyHeader = z.object({
  'idempotency-key': z.string().optional().describe('Extension: replays the first response of a retried request for 24 h.'),
});

export function customerRoutes(app: App, { database, config, onEnqueued }: Deps): void {
  const { db } = database;
  const service = customerService({ maxAttempts: config.JOB_MAX_ATTEMPTS, publicUrl: config.PUBLIC_URL });
  const urlOf = (uuid: string) => `${config.PUBLIC_URL}/v1/wholesale/customers/${encodeId('ENTERPRISE', uuid)}`;
  const accepted = (uuid: string) => {
    const url = urlOf(uuid);
    return { statusCode: 202, headers: { Location: url }, body: { url } };
  };

  app.get('/v1/wholesale/customers', {
    config: read,
    schema: {
      tags, summary: 'List Wholesale Customers', operationId: 'listWholesaleCustomers',
      description: 'Newest first. `status` may be repeated or comma-joined. Pages with offset/max (1-100) and RFC 8288 Link headers.',
      querystring: ListCustomersQuery, response: { 200: CustomerListSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const { items, hasMore } = await service.list(db, partnerOf(req), req.query, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.post('/v1/wholesale/customers', {
    config: write,
    schema: {
      tags, summary: 'Provision a Wholesale Customer', operationId: 'provisionWholesaleCustomer',
      description: 'Asynchronous: 202 with a Location header; poll the customer until its status is final.',
      querystring: subPartnerQuery, headers: idempotencyHeader, body: CreateCustomerSchema,
      response: { 202: ResourceUrlSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      const accept = await service.create(db, partner, req.body, actorOf(req));
      return async (tx) => accepted((await accept(tx)).id);
    });
    onEnqueued();
    return sendStored(reply, res);
  });

  app.post('/v1/wholesale/customers/validate', {
    config: write,
    schema: {
      tags, summary: 'Precheck a Wholesale Customer Provisioning', operationId: 'precheckWholesaleCustomer',
      querystring: subPartnerQuery, body: PrecheckCustomerSchema,
      response: { 200: PrecheckResponseSchema, ...errorResponses },
    },
  }, async (req) => {
    await service.precheck(db, partnerOf(req), req.body);
    return {
      message: 'success',
      info: [{ infoCode: ErrorCodes.PRECHECK_SUCCESS, description: 'Provisioning preCheck validation successful.' }],
    };
  });

  app.get('/v1/wholesale/customers/:customerId', {
    config: read,
    schema: {
      tags, summary: 'Get a Wholesale Customer', operationId: 'getWholesaleCustomer',
      params: idParam, querystring: GetCustomerQuery, response: { 200: CustomerSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const c = await service.get(db, partnerOf(req), req.params.customerId, req.query.includePackageLicenseInfo === 'true');
    reply.header('Location', `${config.PUBLIC_URL}/v1/wholesale/customers/${c.id}`);
    return c;
  });

  app.put('/v1/wholesale/customers/:customerId', {
    config: write,
    schema: {
      tags, summary: 'Update a Wholesale Customer', operationId: 'updateWholesaleCustomer',
      description: '`packages` is a full replacement: packages missing from it are removed.',
      params: idParam, querystring: subPartnerQuery, headers: idempotencyHeader, body: UpdateCustomerSchema,
      response: { 202: ResourceUrlSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      await refuseApiOnlyInPortal(db, req, { customerId: req.params.customerId });
      const accept = await service.update(db, partner, req.params.customerId, req.body);
      return async (tx) => accepted((await accept(tx)).id);
    });
    onEnqueued();
    return sendStored(reply, res);
  });

  app.delete('/v1/wholesale/customers/:customerId', {
    config: write,
    schema: {
      tags, summary: 'Remove a Wholesale Customer', operationId: 'removeWholesaleCustomer',
      params: idParam, querystring: subPartnerQuery, headers: idempotencyHeader,
      response: { 202: z.null(), ...errorResponses },
    },
  }, async (req, reply) => {
    const partner = partnerOf(req);
    const res = await idempotent(db, req, partner.id, async () => {
      await refuseApiOnlyInPortal(db, req, { customerId: req.params.customerId });
      const accept = await service.remove(db, partner, req.params.customerId);
      return async (tx) => {
        await accept(tx);
        return { statusCode: 202, headers: {}, body: null };
      };
    });
    onEnqueued();
    return sendStored(reply, res);
  });
}
