import { partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { readPage, setLinkHeader } from '../../http/pagination.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';
import type { App, Deps } from '../../http/types.ts';
import {
  AddNumbersSchema,
  AddedNumbersSchema,
  ListNumbersQuery,
  LocationIdParam,
  OrgQuery,
  PhoneNumberListSchema,
} from './schemas.ts';
import { numberService } from './service.ts';

const tags = ['Numbers (Webex-compatible subset)'];
const read = { auth: { scope: 'spark-admin:wholesale_customers_read' as const } };
const write = { auth: { scope: 'spark-admin:wholesale_customers_write' as const } };

export function numberRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;

  app.post('/v1/telephony/config/locations/:locationId/numbers', {
    config: write,
    schema: {
      tags, summary: "Add numbers to a location's inventory", operationId: 'addPhoneNumbers',
      description: 'All or none: a number already on the platform (in any organization) refuses the whole request.',
      params: LocationIdParam, querystring: OrgQuery, body: AddNumbersSchema,
      response: { 201: AddedNumbersSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    await refuseApiOnlyInPortal(db, req, { orgId: req.query.orgId ?? '' });
    const res = await numberService.add(db, partnerOf(req), req.query.orgId, req.params.locationId, req.body.phoneNumbers);
    return reply.status(201).send(res);
  });

  app.get('/v1/telephony/config/numbers', {
    config: read,
    schema: {
      tags, summary: 'List the numbers of a customer organization', operationId: 'listPhoneNumbers',
      description: 'By number. Pages with offset/max (1-100) and RFC 8288 Link headers.',
      querystring: ListNumbersQuery, response: { 200: PhoneNumberListSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const { phoneNumbers, hasMore } = await numberService.list(db, partnerOf(req), req.query, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { phoneNumbers };
  });
}
