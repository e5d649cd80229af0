import { partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { readPage, setLinkHeader } from '../../http/pagination.ts';
import { refuseApiOnlyInPortal } from '../orgs/api-only.ts';
import type { App, Deps } from '../../http/types.ts';
import {
  ListLocationsQuery,
  LocationIdParam,
  LocationInputSchema,
  LocationListSchema,
  LocationSchema,
  OrgQuery,
} from './schemas.ts';
import { locationService } from './service.ts';

const tags = ['Locations (Webex-compatible subset)'];
const read = { auth: { scope: 'spark-admin:wholesale_customers_read' as const } };
const write = { auth: { scope: 'spark-admin:wholesale_customers_write' as const } };

export function locationRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const urlOf = (id: string, orgId: string) =>
    `${config.PUBLIC_URL}/v1/locations/${id}?orgId=${encodeURIComponent(orgId)}`;

  app.get('/v1/locations', {
    config: read,
    schema: {
      tags, summary: 'List locations of a customer organization', operationId: 'listLocations',
      description: 'By name. Pages with offset/max (1-100) and RFC 8288 Link headers.',
      querystring: ListLocationsQuery, response: { 200: LocationListSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const { items, hasMore } = await locationService.list(db, partnerOf(req), req.query.orgId, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.post('/v1/locations', {
    config: write,
    schema: {
      tags, summary: 'Create a location', operationId: 'createLocation',
      description: 'US and Canadian locations are registered with emergency services (RedSky).',
      querystring: OrgQuery, body: LocationInputSchema, response: { 201: LocationSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    await refuseApiOnlyInPortal(db, req, { orgId: req.query.orgId ?? '' });
    const loc = await locationService.create(db, partnerOf(req), req.query.orgId, req.body);
    return reply.status(201).header('Location', urlOf(loc.id, loc.orgId)).send(loc);
  });

  app.get('/v1/locations/:locationId', {
    config: read,
    schema: {
      tags, summary: 'Get a location', operationId: 'getLocation',
      params: LocationIdParam, querystring: OrgQuery, response: { 200: LocationSchema, ...errorResponses },
    },
  }, async (req) => locationService.get(db, partnerOf(req), req.query.orgId, req.params.locationId));

  app.put('/v1/locations/:locationId', {
    config: write,
    schema: {
      tags, summary: 'Update a location', operationId: 'updateLocation',
      description: 'Full update. A changed US/Canadian address is registered again with emergency services; another country clears the registration.',
      params: LocationIdParam, querystring: OrgQuery, body: LocationInputSchema, response: { 200: LocationSchema, ...errorResponses },
    },
  }, async (req) => {
    await refuseApiOnlyInPortal(db, req, { orgId: req.query.orgId ?? '' });
    return locationService.update(db, partnerOf(req), req.query.orgId, req.params.locationId, req.body);
  });
}
