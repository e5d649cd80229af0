/**
 * Country reference data used when validating org and location addresses. Everything here is
 * plain data plus lookups so it can be shared by HTTP validation, jobs and docs without I/O.
 */

// ISO 3166-1 alpha-2, officially assigned codes only. User-assigned (XK, ZZ), exceptionally
// reserved (EU, UK, AC, TA...) and transitional codes are deliberately absent: the upstream API
// rejects them, and accepting them here would create orgs that cannot be migrated.
const ISO_ALPHA2 = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW`;

const words = (s: string): string[] => s.trim().split(/\s+/);

export const COUNTRY_CODES: readonly string[] = Object.freeze(words(ISO_ALPHA2));
const COUNTRY_SET: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** Upper case only: the wire format is upper case, and silently fixing case hides client bugs. */
export function isCountryCode(code: string): boolean {
  return COUNTRY_SET.has(code);
}

export interface AddressRequirements {
  readonly stateOrProvince: boolean;
  readonly zipOrPostalCode: boolean;
}

const BOTH: AddressRequirements = Object.freeze({ stateOrProvince: true, zipOrPostalCode: true });
const POSTAL_ONLY: AddressRequirements = Object.freeze({
  stateOrProvince: false,
  zipOrPostalCode: true,
});
const NEITHER: AddressRequirements = Object.freeze({
  stateOrProvince: false,
  zipOrPostalCode: false,
});

// Countries whose postal services (and emergency-address databases) need the subdivision to
// route mail; the postal-only group has national postcodes that already pin the region.
const BOTH_REQUIRED = 'US CA AU IN JP BR MX CN';
const POSTAL_REQUIRED = 'GB DE FR IT ES NL BE CH AT SE DK NO FI IE PT PL';

/** Countries not listed require neither part. */
export const ADDRESS_REQUIREMENTS: Readonly<Record<string, AddressRequirements>> = Object.freeze(
  Object.fromEntries([
    ...words(BOTH_REQUIRED).map((c) => [c, BOTH] as const),
    ...words(POSTAL_REQUIRED).map((c) => [c, POSTAL_ONLY] as const),
  ]),
);

export function addressRequirements(country: string): {
  stateOrProvince: boolean;
  zipOrPostalCode: boolean;
} {
  // Own-property check so that e.g. 'constructor' or '__proto__' never resolves to something odd.
  const entry = Object.hasOwn(ADDRESS_REQUIREMENTS, country)
    ? ADDRESS_REQUIREMENTS[country]
    : undefined;
  // Copy so a caller mutating the result cannot change the shared table.
  return { ...(entry ?? NEITHER) };
}

// ISO 3166-2 subdivision codes without the country prefix. Only countries whose addresses we
// require a subdivision for AND whose subdivision list is stable enough to enforce.
const SUBDIVISIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  // 50 states, DC, and the inhabited/outlying territories that receive US addresses.
  US: new Set(
    words(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV
      NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI AS MP UM`),
  ),
  CA: new Set(words('AB BC MB NB NL NS NT NU ON PE QC SK YT')),
  AU: new Set(words('ACT NSW NT QLD SA TAS VIC WA')),
  // Codes as revised by ISO in 2023 (CG, OD, TS, UK replaced CT, OR, TG, UT) and the 2020 merger
  // of Dadra & Nagar Haveli with Daman & Diu into DH.
  IN: new Set(
    words(`AP AR AS BR CG GA GJ HR HP JH KA KL MP MH MN ML MZ NL OD PB RJ SK TN TS TR UP UK WB
      AN CH DH DL JK LA LD PY`),
  ),
  BR: new Set(
    words('AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'),
  ),
  MX: new Set(
    words(`AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE QUE
      ROO SLP SIN SON TAB TAM TLA VER YUC ZAC`),
  ),
  // Prefectures are coded numerically (JP-13 is Tokyo); names vary too much in romanisation.
  JP: new Set(Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, '0'))),
};

/** Exposed for tests and docs; keys are the countries whose subdivisions are enforced. */
export const ENFORCED_SUBDIVISION_COUNTRIES: readonly string[] = Object.freeze(
  Object.keys(SUBDIVISIONS),
);

export function subdivisionCodes(country: string): readonly string[] | undefined {
  const set = Object.hasOwn(SUBDIVISIONS, country) ? SUBDIVISIONS[country] : undefined;
  return set ? [...set] : undefined;
}

const MAX_FREE_TEXT_SUBDIVISION = 50;

export function isValidSubdivision(country: string, state: string): boolean {
  const known = Object.hasOwn(SUBDIVISIONS, country) ? SUBDIVISIONS[country] : undefined;
  if (!known) {
    // No authoritative list we are willing to enforce: accept free text, but a blank value
    // is never a meaningful subdivision.
    return state.trim().length > 0 && state.length <= MAX_FREE_TEXT_SUBDIVISION;
  }
  let code = state.toUpperCase();
  const prefix = `${country}-`;
  if (code.startsWith(prefix)) code = code.slice(prefix.length);
  return known.has(code);
}

export type Region = 'AMER' | 'EMEA' | 'APJC';

// Broadly UN M49 geography: Americas -> AMER; Europe, Africa and Western Asia plus Iran (the
// Middle East) -> EMEA; the rest of Asia and Oceania -> APJC. Remote territories follow M49
// (BV and GS are South America, IO and TF are Eastern Africa). UM and the US Pacific territories
// go with their geography, not their sovereign. AQ has no M49 region; APJC is an arbitrary but
// fixed choice so that the answer never changes for existing orgs.
export const REGION_COUNTRIES: Readonly<Record<Region, readonly string[]>> = Object.freeze({
  AMER: Object.freeze(
    words(`AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT
      GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI`),
  ),
  EMEA: Object.freeze(
    words(`AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI
      LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA
      AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA
      MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW
      AE AM AZ BH CY GE IL IQ IR JO KW LB OM PS QA SA SY TR YE`),
  ),
  APJC: Object.freeze(
    words(`AF AQ AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN JP KG KH KI KP KR KZ LA LK MH MM
      MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TJ TK TL TM TO TV TW UM UZ VN
      VU WF WS`),
  ),
});

const REGION_BY_COUNTRY: ReadonlyMap<string, Region> = new Map(
  (Object.keys(REGION_COUNTRIES) as Region[]).flatMap((region) =>
    REGION_COUNTRIES[region].map((code) => [code, region] as const),
  ),
);

/**
 * Data residency is decided once at org creation and cannot be changed later, so an unknown
 * country is a caller bug (validate with isCountryCode first) rather than something to guess.
 */
export function regionForCountry(country: string): Region {
  const region = REGION_BY_COUNTRY.get(country);
  if (!region) throw new RangeError(`not an ISO 3166-1 alpha-2 country code: ${country}`);
  return region;
}

// Where a regulator publishes a range reserved for fiction we use it (NANP 555-01XX for US/CA,
// Ofcom 020 7946 0XXX for GB, ACMA 02 5550 XXXX for AU); elsewhere the number is a placeholder in
// the country's normal format. Deployments are expected to override these with real numbers.
const US_DIAL_IN = '+14085550100';

export const MEETINGS_DIAL_IN: Readonly<Record<string, string>> = Object.freeze({
  US: US_DIAL_IN,
  CA: '+14165550100',
  GB: '+442079460100',
  DE: '+49305550100',
  FR: '+33199000100',
  NL: '+31205550100',
  DK: '+4555550100',
  JP: '+81355500100',
  AU: '+61255500100',
  IN: '+912255500100',
  BR: '+551155500100',
  MX: '+525555500100',
  RO: '+40215550100',
  ES: '+34915550100',
  IT: '+390255500100',
  SE: '+46846500400',
});

/** Falls back to the US number: every site needs some global call-in number at creation. */
export function defaultMeetingsDialIn(country: string): string {
  const own = Object.hasOwn(MEETINGS_DIAL_IN, country) ? MEETINGS_DIAL_IN[country] : undefined;
  return own ?? US_DIAL_IN;
}
