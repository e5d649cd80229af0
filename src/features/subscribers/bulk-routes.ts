import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { partnerOf } from '../../http/auth.ts';
import { errorResponses } from '../../http/common-schemas.ts';
import { sendStored } from '../../http/idempotency.ts';
import type { App, Deps } from '../../http/types.ts';
import { BulkRequestEnvelope, BulkRequestSchema, BulkResponseSchema, provisionBulk } from './bulk.ts';
import { subscriberService } from './service.ts';

const description = `Our extension, for migrations. Each item runs exactly the rules of POST /v1/wholesale/subscribers,
in request order (as if posted one after another), and its result carries the status that POST would answer.
All items are written in one transaction, each in its own savepoint. **best_effort** (default): a refused
item rolls back only itself. **all_or_nothing**: if any item is refused nothing is written, and the items
that passed get status 424 (error 5070). **dryRun**: every check and write runs, then everything is rolled
back. The answer is 200 with one result per item, in order. With an Idempotency-Key, an answer that wrote
something is replayed for 24 h; one that wrote nothing (dryRun, failed all_or_nothing, every item refused)
is not kept.`;

export function subscriberBulkRoutes(app: App, { database, config, onEnqueued }: Deps): void {
  const service = subscriberService({ publicUrl: config.PUBLIC_URL });

  app.post('/v1/wholesale/subscribers/bulk', {
    config: { auth: { scope: 'spark-admin:wholesale_subscribers_write' as const } },
    // The documented body lists full items, but they are validated one by one in bulk.ts, so a
    // malformed item fails only itself: the route checks the envelope alone.
    validatorCompiler: (route) =>
      validatorCompiler({ ...route, schema: route.httpPart === 'body' ? BulkRequestEnvelope : route.schema } as Parameters<typeof validatorCompiler>[0]),
    schema: {
      tags: ['Wholesale Provisioning'], summary: 'Provision up to 1,000 Wholesale Subscribers (extension)',
      operationId: 'provisionWholesaleSubscribersBulk', description,
      querystring: z.object({ onBehalfOfSubPartnerOrgId: z.string().optional() }),
      headers: z.object({ 'idempotency-key': z.string().optional() }),
      body: BulkRequestSchema,
      response: { 200: BulkResponseSchema, ...errorResponses },
    },
  }, async (req, reply) => {
    const { response, applied } = await provisionBulk(database.db, req, partnerOf(req), service, {
      mode: req.body.mode, dryRun: req.body.dryRun, items: req.body.items as unknown[],
    });
    if (applied) onEnqueued();
    return sendStored(reply, response);
  });
}
