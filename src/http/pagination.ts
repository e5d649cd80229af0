import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/** offset/max arrive as strings in the reference spec; parse them strictly. */
export const pageQuery = {
  offset: z
    .string()
    .regex(/^\d{1,9}$/, 'offset must be a non-negative integer')
    .optional()
    .describe('Offset value for implementing pagination.'),
  max: z
    .string()
    .regex(/^\d{1,3}$/, 'max must be an integer from 1 to 100')
    .refine((v) => Number(v) >= 1 && Number(v) <= 100, 'max must be an integer from 1 to 100')
    .optional()
    .describe('The maximum number of items returned in the response (1-100).'),
};

export type Page = { offset: number; max: number };

export function readPage(q: { offset?: string; max?: string }, defaultMax: number): Page {
  return { offset: q.offset ? Number(q.offset) : 0, max: q.max ? Number(q.max) : defaultMax };
}

/**
 * RFC 8288 Link header with next/prev/first, keeping the caller's other query parameters.
 * `hasMore` comes from fetching one row more than the page.
 */
export function setLinkHeader(
  req: FastifyRequest,
  reply: FastifyReply,
  publicUrl: string,
  page: Page,
  hasMore: boolean,
): void {
  const base = new URL(publicUrl + req.url);
  const link = (offset: number, rel: string) => {
    const u = new URL(base);
    u.searchParams.set('offset', String(offset));
    u.searchParams.set('max', String(page.max));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const parts = [link(0, 'first')];
  if (page.offset > 0) parts.push(link(Math.max(0, page.offset - page.max), 'prev'));
  if (hasMore) parts.push(link(page.offset + page.max, 'next'));
  reply.header('Link', parts.join(', '));
}
