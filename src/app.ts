import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { useGroupCommit } from './db/group-commit.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { registerPortalStatic } from './http/portal-static.ts';
import { registerRateLimit } from './http/rate-limit.ts';
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH, onClientError, onFrameworkError, registerRequestLimits } from './http/request-limits.ts';
import type { App, Deps } from './http/types.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { customerRoutes } from './features/customers/routes.ts';
import { locationRoutes } from './features/locations/routes.ts';
import { numberRoutes } from './features/numbers/routes.ts';
import { operatorRoutes } from './features/operator/routes.ts';
import { orgRoutes } from './features/orgs/routes.ts';
import { peopleRoutes } from './features/people/routes.ts';
import { setupAssistRoutes } from './features/setup-assist/routes.ts';
import { portalAuthRoutes } from './features/portal-auth/routes.ts';
import { portalAuth } from './features/portal-auth/service.ts';
import { subscriberRoutes } from './features/subscribers/routes.ts';
import { subscriberBulkRoutes } from './features/subscribers/bulk-routes.ts';
import { systemRoutes } from './features/system/routes.ts';
import { templateRoutes } from './features/templates/routes.ts';
import { outboxRoutes } from './mail/routes.ts';
import { controlHubAuth } from './features/control-hub/accounts.ts';
import { controlHubRoutes } from './features/control-hub/routes.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  metrics?: Metrics;
  /** A pino logger; none in tests. */
  logger?: FastifyBaseLogger;
  onEnqueued?: () => void;
  /** The built Partner Hub (default web/dist); without its index.html, `/` is a placeholder. */
  portalDir?: string;
}

/** A client-sent TrackingID is kept when it looks like one; otherwise we make our own. */
function trackingId(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return v && /^[\w.:-]{8,128}$/.test(v) ? v : `WH_${randomUUID()}`;
}

/** Builds the HTTP app without listening: tests inject requests into it directly. */
export async function buildApp(opts: AppOptions): Promise<App> {
  const metrics = opts.metrics ?? createMetrics();
  useGroupCommit(opts.database, opts.config, (size, outcome) => metrics.writeBatches.observe({ outcome }, size));
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    genReqId: (req) => trackingId(req.headers.trackingid),
    logController: new LogController({ requestIdLogLabel: 'trackingId' }),
    bodyLimit: BODY_LIMIT_BYTES,
    clientErrorHandler: onClientError,
    frameworkErrors: onFrameworkError,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { coerceTypes: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API takes JSON only (415 otherwise), like the reference.
  app.removeContentTypeParser('text/plain');
  registerRequestLimits(app);

  registerErrorHandling(app);
  registerRateLimit(app, {
    perMinute: opts.config.RATE_LIMIT_PER_MINUTE,
    burst: opts.config.RATE_LIMIT_BURST,
    anonymousPerMinute: opts.config.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
  });
  registerAuth(app, opts.database.db, opts.config.OPERATOR_TOKEN, (token) => portalAuth.session(opts.database.db, token),
    (token) => controlHubAuth.session(opts.database.db, token));

  app.addHook('onSend', async (req, reply) => {
    reply.header('TrackingID', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Wholesale Hub API',
        version: '1.0.0',
        description:
          'Wire-compatible with the Webex for Wholesale Provisioning API (/v1/wholesale/customers…), plus extensions: onboarding templates, the operator API and Idempotency-Key.',
      },
      servers: [{ url: opts.config.PUBLIC_URL }],
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const deps: Deps = {
    config: opts.config,
    database: opts.database,
    metrics,
    onEnqueued: opts.onEnqueued ?? (() => undefined),
  };
  // Before the system routes: the portal takes over their placeholder `GET /` once built.
  await registerPortalStatic(app, opts.portalDir);
  systemRoutes(app, deps);
  templateRoutes(app, deps);
  customerRoutes(app, deps);
  locationRoutes(app, deps);
  numberRoutes(app, deps);
  subscriberRoutes(app, deps);
  subscriberBulkRoutes(app, deps);
  peopleRoutes(app, deps);
  operatorRoutes(app, deps);
  orgRoutes(app, deps);
  portalAuthRoutes(app, deps);
  setupAssistRoutes(app, deps);
  outboxRoutes(app, deps);
  controlHubRoutes(app, deps);
  return app;
}
