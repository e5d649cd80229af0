import type { ErrorItem } from '../api/client';

/**
 * Add numbers to a location (POST /v1/telephony/config/locations/{id}/numbers): 1 to 100 E.164
 * numbers, each once, new to the platform. The API adds all of them or none, and names each
 * refused number in its errors.
 */
export const MAX_NUMBERS = 100;

/** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all (as the API). */
export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The numbers typed in the box: one per line (commas and semicolons separate too); the spaces,
 * dashes, dots and brackets people write inside a number are dropped.
 */
export function parseNumbers(text: string): string[] {
  return text
    .split(/[\n\r,;]+/)
    .map((s) => s.replace(/[\s\-.()]/g, ''))
    .filter(Boolean);
}

export type NumberProblem = { number: string; key: 'numbers.notE164' | 'numbers.duplicate' };

/** The portal's own checks, per number; `count` is checked apart (none, or more than 100). */
export function checkNumbers(numbers: readonly string[]): { problems: NumberProblem[]; count: 'none' | 'tooMany' | null } {
  const problems: NumberProblem[] = [];
  const seen = new Set<string>();
  for (const n of numbers) {
    const reported = problems.some((p) => p.number === n);
    if (!E164.test(n)) {
      if (!reported) problems.push({ number: n, key: 'numbers.notE164' });
    } else if (seen.has(n) && !reported) problems.push({ number: n, key: 'numbers.duplicate' });
    seen.add(n);
  }
  const count = numbers.length === 0 ? 'none' : numbers.length > MAX_NUMBERS ? 'tooMany' : null;
  return { problems, count };
}

/** A number named in a description as a whole (not the start of a longer one). */
function names(description: string, n: string): boolean {
  for (let at = description.indexOf(n); at >= 0; at = description.indexOf(n, at + 1)) {
    const after = description[at + n.length];
    if (after === undefined || !/\d/.test(after)) return true;
  }
  return false;
}

/**
 * The API's errors by the number each one names (7010 in use, 7011 not E.164, 7014 listed
 * twice); errors about no number in particular stay in `rest`.
 */
export function refusedNumbers(errors: readonly ErrorItem[], sent: readonly string[]): { refused: Array<{ number: string; error: ErrorItem }>; rest: ErrorItem[] } {
  const refused: Array<{ number: string; error: ErrorItem }> = [];
  const rest: ErrorItem[] = [];
  // Longest first: "+4512345678" is not taken for "+451234567".
  const candidates = [...new Set(sent)].sort((a, b) => b.length - a.length);
  for (const e of errors) {
    const number = candidates.find((n) => names(e.description, n));
    if (number) refused.push({ number, error: e });
    else rest.push(e);
  }
  return { refused, rest };
}

/** The box without the given numbers (after a refusal: send the others again). */
export function withoutNumbers(text: string, drop: ReadonlySet<string>): string {
  return parseNumbers(text)
    .filter((n) => !drop.has(n))
    .join('\n');
}
