import { z } from 'zod';
import { partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { pageQuery, readPage, setLinkHeader } from '../../http/pagination.ts';
import type { App, Deps } from '../../http/types.ts';
import { TemplateInputSchema, TemplateListSchema, TemplateSchema } from './schemas.ts';
import { templateService } from './service.ts';

const tags = ['Onboarding Templates (extension)'];
const read = { auth: { scope: 'spark-admin:wholesale_customers_read' as const } };
const write = { auth: { scope: 'spark-admin:wholesale_customers_write' as const } };
const idParam = z.object({ templateId: z.string() });

export function templateRoutes(app: App, { database, config }: Deps): void {
  const { db } = database;
  const location = (id: string) => `${config.PUBLIC_URL}/v1/wholesale/templates/${id}`;

  app.get('/v1/wholesale/templates', {
    config: read,
    schema: { tags, summary: 'List onboarding templates', querystring: z.object(pageQuery), response: { 200: TemplateListSchema, ...errorResponses } },
  }, async (req, reply) => {
    const page = readPage(req.query, 100);
    const { items, hasMore } = await templateService.list(db, partnerOf(req).id, page);
    setLinkHeader(req, reply, config.PUBLIC_URL, page, hasMore);
    return { items };
  });

  app.post('/v1/wholesale/templates', {
    config: write,
    schema: { tags, summary: 'Create an onboarding template', body: TemplateInputSchema, response: { 201: TemplateSchema, ...errorResponses } },
  }, async (req, reply) => {
    const t = await templateService.create(db, partnerOf(req).id, req.body);
    return reply.status(201).header('Location', location(t.id)).send(t);
  });

  app.get('/v1/wholesale/templates/:templateId', {
    config: read,
    schema: { tags, summary: 'Get an onboarding template', params: idParam, response: { 200: TemplateSchema, ...errorResponses } },
  }, async (req) => templateService.get(db, partnerOf(req).id, req.params.templateId));

  app.put('/v1/wholesale/templates/:templateId', {
    config: write,
    schema: { tags, summary: 'Update an onboarding template', params: idParam, body: TemplateInputSchema, response: { 200: TemplateSchema, ...errorResponses } },
  }, async (req) => templateService.update(db, partnerOf(req).id, req.params.templateId, req.body));

  app.delete('/v1/wholesale/templates/:templateId', {
    config: write,
    schema: { tags, summary: 'Delete an onboarding template (refused while customers use it)', params: idParam, response: { 204: z.null(), ...errorResponses } },
  }, async (req, reply) => {
    await templateService.remove(db, partnerOf(req).id, req.params.templateId);
    return reply.status(204).send(null);
  });
}
