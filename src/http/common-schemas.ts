import { z } from 'zod';

export const ErrorItemSchema = z
  .object({
    errorCode: z.number().describe('An error code that identifies the reason for the error.'),
    description: z.string().describe('A textual representation of the error code.'),
  })
  .meta({ id: 'Error' });

export const ErrorResponseSchema = z
  .object({
    message: z.string(),
    errors: z.array(ErrorItemSchema),
    trackingId: z.string(),
  })
  .meta({ id: 'ErrorResponse' });

/** A trimmed, non-empty string of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const emailString = z.string().trim().max(254);

/** Lenient address check (the precise rules are in domain validation with error codes). */
export const isEmail = (v: string): boolean =>
  /^[^\s@"<>(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
    v,
  ) && v.length <= 254;

/** Standard error responses every operation may return, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  415: ErrorResponseSchema,
  422: ErrorResponseSchema,
} as const;
