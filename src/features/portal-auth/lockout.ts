import { ApiError, ErrorCodes } from '../../http/errors.ts';
import { hashPassword, verifyPassword } from './service.ts';

/**
 * Sign-in rules shared by Partner Hub and Control Hub: after MAX_FAILURES wrong passwords in a
 * row the account is locked for LOCK_MINUTES (423 + Retry-After); an unknown email costs the
 * same password check as a known one, so timing does not tell them apart.
 */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export function throwIfLocked(lockedUntil: Date | null): void {
  if (!lockedUntil || lockedUntil <= new Date()) return;
  const seconds = Math.ceil((lockedUntil.getTime() - Date.now()) / 1000);
  throw new ApiError(423, 'Too many failed sign-in attempts: the account is locked for a while.',
    [{ errorCode: ErrorCodes.ACCOUNT_LOCKED, description: `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).` }],
    { 'Retry-After': String(seconds) });
}

/** The counters to store after one more failure. */
export function afterFailure(failedAttempts: number): { failedAttempts: number; lockedUntil: Date | null } {
  const failures = failedAttempts + 1;
  return failures >= MAX_FAILURES
    ? { failedAttempts: 0, lockedUntil: new Date(Date.now() + LOCK_MINUTES * 60_000) }
    : { failedAttempts: failures, lockedUntil: null };
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of a password check for an email we do not know. */
export async function checkAgainstNothing(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password');
  await verifyPassword(password, await dummyHash);
}
