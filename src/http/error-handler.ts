import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { connectionFailure } from '../db/errors.ts';
import { ApiError, ErrorCodes, type ErrorItem } from './errors.ts';
import { requestLimitError } from './request-limits.ts';

function send(reply: FastifyReply, req: FastifyRequest, err: ApiError) {
  for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
  return reply.status(err.statusCode).send({
    message: err.message,
    errors: err.errors,
    trackingId: req.id,
  });
}

type ValidationIssue = { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> };

function describeIssue(context: string, issue: ValidationIssue): ErrorItem {
  const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const where = field ? `${field}` : context;
  const missing = issue.keyword === 'invalid_type' && /received undefined/.test(issue.message ?? '');
  if (missing) {
    return { errorCode: ErrorCodes.NULL_PARAMETER, description: `Mandatory parameter ${where} is missing.` };
  }
  if (issue.keyword === 'too_big' || issue.keyword === 'too_small') {
    return {
      errorCode: ErrorCodes.INVALID_PARAMETER_SIZE,
      description: `Invalid parameter size for ${where}: ${issue.message ?? ''}`.trim(),
    };
  }
  if (issue.keyword === 'unrecognized_keys') {
    return { errorCode: ErrorCodes.INVALID_PARAMETER, description: `${where}: ${issue.message ?? ''}` };
  }
  return {
    errorCode: ErrorCodes.INVALID_PARAMETER,
    description: `Invalid value for ${where}: ${issue.message ?? 'invalid'}`,
  };
}

/**
 * The database is down, restarting or out of connections: a quick 503 the client may retry (with
 * its Idempotency-Key) instead of a 500 or a hang.
 */
function unavailable(kind: 'unavailable' | 'busy'): ApiError {
  const description = kind === 'busy'
    ? 'The service is busy: no database connection came free in time. Retry after the Retry-After delay.'
    : 'The database is unavailable (restarting or unreachable). Retry after the Retry-After delay.';
  const code = kind === 'busy' ? ErrorCodes.DATABASE_BUSY : ErrorCodes.DATABASE_UNAVAILABLE;
  return new ApiError(503, description, [{ errorCode: code, description }], { 'Retry-After': '1' });
}

/** The single place where any failure becomes the Webex error body. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, req, reply) => {
    if (error instanceof ApiError) return send(reply, req, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const context = (error as { validationContext?: string }).validationContext ?? 'body';
      const items = error.validation.map((v) => describeIssue(context, v as ValidationIssue));
      const message = items.length === 1 ? items[0]!.description : 'The request has invalid parameters.';
      return send(reply, req, new ApiError(400, message, items));
    }
    const down = (error.statusCode ?? 500) >= 500 ? connectionFailure(error) : undefined;
    if (down) {
      req.log.warn({ reason: error.message }, `database ${down}: 503`);
      return send(reply, req, unavailable(down));
    }
    const limit = requestLimitError(error);
    if (limit) return send(reply, req, limit);
    const status = error.statusCode ?? 500;
    if (status === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(reply, req, ApiError.one(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, 'Request bodies must be application/json.'));
    }
    if (status >= 400 && status < 500) {
      const code = error.code?.startsWith('FST_ERR_CTP') ? ErrorCodes.MALFORMED_BODY : ErrorCodes.INVALID_PARAMETER;
      return send(reply, req, ApiError.one(status, code, error.message));
    }
    req.log.error({ err: error }, 'unhandled error');
    return send(reply, req, ApiError.one(500, 0, 'Something went wrong on the server. Quote the trackingId when you report it.'));
  });

  app.setNotFoundHandler((req, reply) =>
    send(reply, req, ApiError.one(404, ErrorCodes.ROUTE_NOT_FOUND, `No resource at ${req.method} ${req.url.split('?')[0]}.`)),
  );
}
