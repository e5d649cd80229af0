/**
 * Language locales accepted for org language, email language and location voice/email
 * language. The wire format is `xx_YY` with an underscore (not BCP 47's hyphen) because that is
 * what the upstream API returns, and clients round-trip the value verbatim.
 */

export const SUPPORTED_LOCALES: readonly string[] = Object.freeze(
  `en_US en_GB en_AU en_CA fr_FR fr_CA de_DE es_ES es_MX es_CO it_IT ja_JP ko_KR nl_NL pt_BR
   pt_PT ru_RU sv_SE da_DK nb_NO fi_FI pl_PL tr_TR zh_CN zh_TW cs_CZ hu_HU ro_RO id_ID ms_MY
   th_TH uk_UA hr_HR sk_SK ca_ES he_IL ar_SA vi_VN`
    .trim()
    .split(/\s+/),
);

// Keyed by lower case so lookups are case-insensitive while results keep the canonical case.
const BY_LOWER: ReadonlyMap<string, string> = new Map(
  SUPPORTED_LOCALES.map((l) => [l.toLowerCase(), l] as const),
);

const LANGUAGES: ReadonlySet<string> = new Set(SUPPORTED_LOCALES.map((l) => l.slice(0, 2)));

/**
 * Returns the canonical `xx_YY` form, or the bare lower-case language for `xx` input when some
 * supported locale uses that language; null when the value is not supported. Hyphenated BCP 47
 * tags are rejected rather than converted so that clients notice they send the wrong format.
 */
export function normalizeLocale(input: string): string | null {
  if (/^[A-Za-z]{2}$/.test(input)) {
    const lang = input.toLowerCase();
    return LANGUAGES.has(lang) ? lang : null;
  }
  if (/^[A-Za-z]{2}_[A-Za-z]{2}$/.test(input)) {
    return BY_LOWER.get(input.toLowerCase()) ?? null;
  }
  return null;
}
