import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ErrorCodes } from './errors.ts';

/**
 * Limits on what a request may be, each answered with the Webex error body: bodies over 1 MiB
 * (413), JSON nested deeper than 32 levels (400), headers over Node's 16 KiB (431), path
 * parameters over 500 characters (414), URLs that do not decode (400), and anything Node cannot
 * parse as HTTP (400).
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const MAX_JSON_DEPTH = 32;
/** Webex ids run to ~90 characters (padded, URL-encoded more): room enough. */
export const MAX_PARAM_LENGTH = 500;

/** True when the JSON text nests objects/arrays deeper than `limit` (strings are skipped). */
export function jsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 92 /* \ */) i++;
        else if (s === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return false;
}

/** Fastify's own JSON parser (with its prototype-poisoning checks) behind a depth check. */
export function registerRequestLimits(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (jsonDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(ApiError.one(400, ErrorCodes.JSON_TOO_DEEP, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      return;
    }
    void parse(req, body as string, done);
  });
}

/** The Webex error for Fastify's own request-limit errors, if it is one. */
export function requestLimitError(error: FastifyError): ApiError | undefined {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return ApiError.one(413, ErrorCodes.BODY_TOO_LARGE, `The request body is larger than ${BODY_LIMIT_BYTES} bytes (1 MiB).`);
  }
  return undefined;
}

/** Fastify's `frameworkErrors`: the router refused the URL before any route or hook ran. */
export function onFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  const err =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? ApiError.one(414, ErrorCodes.PARAM_TOO_LONG, `A path parameter is longer than ${MAX_PARAM_LENGTH} characters.`)
      : error.code === 'FST_ERR_BAD_URL'
        ? ApiError.one(400, ErrorCodes.BAD_URL, 'The URL is not valid (bad percent-encoding).')
        : ApiError.one(400, ErrorCodes.BAD_HTTP_REQUEST, 'The request could not be routed.');
  void reply
    .status(err.statusCode)
    .header('TrackingID', req.id)
    .send({ message: err.message, errors: err.errors, trackingId: req.id });
}

/**
 * Fastify's `clientErrorHandler`: Node refused the request before routing (headers over
 * `--max-http-header-size`, 16 KiB by default; header timeout; not HTTP). Answer, then close.
 */
export function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, errorCode, description] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, ErrorCodes.HEADERS_TOO_LARGE, 'The request line and headers are larger than the server accepts (16 KiB).']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, ErrorCodes.REQUEST_TIMEOUT, 'The request took too long to arrive.']
        : [400, ErrorCodes.BAD_HTTP_REQUEST, 'The request is not valid HTTP.'];
  const trackingId = `WH_${randomUUID()}`;
  const body = JSON.stringify({ message: description, errors: [{ errorCode, description }], trackingId });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nTrackingID: ${trackingId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
