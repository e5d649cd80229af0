import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { App } from './types.ts';

/**
 * Serves the Partner Hub single-page app built by `npm run build:portal` (web/dist).
 *
 * Files are looked up on every request rather than once at boot, so a server started before
 * the first build (or during a rebuild) picks the bundle up without a restart, and a checkout
 * without a bundle keeps the placeholder page at `/`.
 *
 * Any other browser GET outside the API namespaces gets index.html (the SPA routes on the
 * client). API paths, missing assets and non-HTML requests fall through to the one not-found
 * handler, so they keep the Webex JSON 404.
 */
export const DEFAULT_PORTAL_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Paths the SPA never owns: they always answer as the API does. */
const API_PREFIXES = ['/v1/', '/docs', '/openapi.json', '/health', '/metrics'];
const isApiPath = (p: string) => p === '/v1' || API_PREFIXES.some((prefix) => p.startsWith(prefix));

/** Vite puts content-hashed files under /assets: they never change under the same name. */
const IMMUTABLE = /^\/assets\//;

function pathnameOf(req: FastifyRequest): string | null {
  const raw = req.url.split('?')[0] ?? '/';
  try {
    const p = decodeURIComponent(raw);
    return p.includes('\0') || p.split('/').includes('..') ? null : p;
  } catch {
    return null;
  }
}

/** A browser navigation: explicit text/html, or no Accept preference at all (`*∕*`, none). */
function wantsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Registers the portal. Call before the routes whose `GET /` it may take over (the system
 * feature's placeholder page): that route keeps working whenever no bundle is present.
 */
export async function registerPortalStatic(app: App, root: string = DEFAULT_PORTAL_DIR): Promise<void> {
  const indexFile = path.join(root, 'index.html');

  /** index.html, never cached (it names the current hashed assets); null without a bundle. */
  const sendIndex = async (reply: FastifyReply): Promise<boolean> => {
    let html: string;
    try {
      html = await readFile(indexFile, 'utf8');
    } catch {
      return false;
    }
    await reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(html);
    return true;
  };

  // The placeholder `GET /` belongs to the system routes; with a bundle, `/` is the portal.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (route.url !== '/' || !methods.some((m) => m === 'GET' || m === 'HEAD')) return;
    const placeholder = route.handler as RouteHandlerMethod;
    route.handler = async function portalOrPlaceholder(req, reply) {
      if (await sendIndex(reply)) return reply;
      return placeholder.call(this, req, reply);
    } as typeof route.handler;
  });

  await app.register(async (scope) => {
    // serve: false — only reply.sendFile (ranges, ETag, content types), on this scope alone;
    // our own route below decides what is a file, what is the SPA and what is a 404.
    await scope.register(fastifyStatic, { root, serve: false });

    scope.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const p = pathnameOf(req);
      if (p === null || isApiPath(p)) return reply.callNotFound();
      if (p !== '/' && !p.endsWith('/') && (await isFile(path.join(root, p)))) {
        return IMMUTABLE.test(p) ? reply.sendFile(p.slice(1), { maxAge: '1y', immutable: true }) : reply.sendFile(p.slice(1));
      }
      // A missing file (anything with an extension) or an API client is a 404, not the app.
      if (!wantsHtml(req) || /\.[a-z0-9]+$/i.test(p)) return reply.callNotFound();
      if (await sendIndex(reply)) return reply;
      return reply.callNotFound();
    });
  });
}
