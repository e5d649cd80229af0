/**
 * Time zone validation for orgs and locations. We defer to the ICU data bundled with Node rather
 * than embedding a tz list, so a Node upgrade picks up new zones without a code change.
 */

let canonical: ReadonlySet<string> | undefined;
const verdicts = new Map<string, boolean>();

function canonicalZones(): ReadonlySet<string> {
  // supportedValuesOf omits 'UTC' itself (it lists no slash-less names), so add it explicitly.
  canonical ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return canonical;
}

// Lower-case joining words that IANA keeps in names such as Port-au-Prince and Dar_es_Salaam;
// digits appear as offsets in Etc/GMT-0 style links.
const LOWER_PARTICLES = new Set(['au', 'es', 'of']);

/**
 * ICU resolves zone names case-insensitively, but IANA names are case-sensitive and clients
 * must send them exactly. For links that ICU maps to a different zone (e.g. US/Pacific) we
 * cannot learn the proper spelling from Intl, so fall back to IANA's naming convention: every
 * word capitalised, never shouted.
 */
function looksLikeIanaCasing(tz: string): boolean {
  return tz
    .split(/[/_-]/)
    .every(
      (word) =>
        LOWER_PARTICLES.has(word) ||
        /^[0-9]+$/.test(word) ||
        (/^[A-Z][A-Za-z0-9+]*$/.test(word) && !(word.length > 3 && /^[A-Z]+$/.test(word))),
    );
}

function resolve(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function check(tz: string): boolean {
  // Abbreviations and POSIX-style names (PST, EST5EDT, GMT) are ambiguous or DST-naive; only
  // region-style names and plain UTC are allowed.
  if (tz === 'UTC') return true;
  if (!tz.includes('/')) return false;
  if (canonicalZones().has(tz)) return true;
  const resolved = resolve(tz);
  if (resolved === undefined) return false;
  // When ICU hands back the same name, its spelling is authoritative for case.
  if (resolved.toLowerCase() === tz.toLowerCase()) return resolved === tz;
  return looksLikeIanaCasing(tz);
}

export function isSupportedTimezone(tz: string): boolean {
  let verdict = verdicts.get(tz);
  if (verdict === undefined) {
    verdict = check(tz);
    // Bounded so arbitrary client input cannot grow the cache without limit.
    if (verdicts.size < 2048) verdicts.set(tz, verdict);
  }
  return verdict;
}

// Most populous (or capital) zone of each country in the Meetings dial-in table; a default only,
// the admin can change it after creation.
const DEFAULT_TIMEZONES: Readonly<Record<string, string>> = Object.freeze({
  US: 'America/New_York',
  CA: 'America/Toronto',
  GB: 'Europe/London',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  NL: 'Europe/Amsterdam',
  DK: 'Europe/Copenhagen',
  JP: 'Asia/Tokyo',
  AU: 'Australia/Sydney',
  IN: 'Asia/Kolkata',
  BR: 'America/Sao_Paulo',
  MX: 'America/Mexico_City',
  RO: 'Europe/Bucharest',
  ES: 'Europe/Madrid',
  IT: 'Europe/Rome',
  SE: 'Europe/Stockholm',
});

export function defaultTimezoneForCountry(country: string): string {
  const tz = Object.hasOwn(DEFAULT_TIMEZONES, country) ? DEFAULT_TIMEZONES[country] : undefined;
  return tz ?? 'UTC';
}
