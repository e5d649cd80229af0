import { z } from 'zod';
import { queueDepth } from '../../jobs/queue.ts';
import type { App, Deps } from '../../http/types.ts';

const PORTAL_PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Wholesale Hub</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2733}
code{background:#eef2f6;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><h1>Wholesale Hub</h1>
<p>Partner Hub is coming here. Until then, provision through the API:</p>
<ul><li><a href="/docs">API documentation</a> (<a href="/openapi.json">openapi.json</a>)</li>
<li><a href="/health">Health</a> · <a href="/metrics">Metrics</a></li></ul>
<p>Authenticate with <code>Authorization: Bearer &lt;token&gt;</code>.</p></body></html>`;

export function systemRoutes(app: App, { database, metrics }: Deps): void {
  app.get('/health', {
    config: { auth: 'public' },
    schema: { tags: ['System'], summary: 'Liveness: 200 when the database answers, 503 otherwise',
      response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable') }) } },
  }, async (req, reply) => {
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
      return { status: 'ok' as const };
    } catch (err) {
      req.log.warn({ err }, 'health check: database unavailable');
      return reply.status(503).send({ status: 'unavailable' as const });
    }
  });

  app.get('/metrics', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    try {
      metrics.queueDepth.set(await queueDepth(database.db));
    } catch {
      // The database is down: report the other metrics anyway.
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());

  app.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PORTAL_PLACEHOLDER));
}
