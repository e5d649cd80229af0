/** PostgreSQL error codes we react to, found on the error or its cause (drizzle wraps them). */
export function pgCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown): boolean => pgCode(err) === '23505';
export const isForeignKeyViolation = (err: unknown): boolean => pgCode(err) === '23503';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const LOST = /Connection terminated|not queryable|Connection ended|the database system is (starting up|shutting down|in recovery)/i;

/**
 * The database cannot be reached right now (as opposed to a query it refused): `unavailable` when
 * it is down, restarting or dropped the connection (SQLSTATE 08xxx, 57P01-57P03, ECONNREFUSED…),
 * `busy` when no connection came free or opened in time (the pool's and the connect timeout, 53300).
 */
export function connectionFailure(err: unknown): 'unavailable' | 'busy' | undefined {
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (code === '53300' || (typeof message === 'string' && /timeout exceeded when trying to connect|due to connection timeout/.test(message))) return 'busy';
    if (typeof code === 'string' && (UNREACHABLE.has(code) || /^(08...|57P0[123])$/.test(code))) return 'unavailable';
    if (typeof message === 'string' && LOST.test(message)) return 'unavailable';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
