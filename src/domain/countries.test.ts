import { describe, expect, it } from 'vitest';
import {
  ADDRESS_REQUIREMENTS,
  COUNTRY_CODES,
  ENFORCED_SUBDIVISION_COUNTRIES,
  MEETINGS_DIAL_IN,
  REGION_COUNTRIES,
  addressRequirements,
  defaultMeetingsDialIn,
  isCountryCode,
  isValidSubdivision,
  regionForCountry,
  subdivisionCodes,
} from './countries.ts';

describe('isCountryCode', () => {
  it('embeds exactly the 249 officially assigned codes, without duplicates', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    for (const code of COUNTRY_CODES) expect(code).toMatch(/^[A-Z]{2}$/);
  });

  it('gives every code an English region name that is not the code itself', () => {
    const names = new Intl.DisplayNames(['en'], { type: 'region' });
    const unnamed = COUNTRY_CODES.filter((code) => {
      const name = names.of(code);
      return !name || name === code;
    });
    expect(unnamed).toEqual([]);
  });

  it.each(['US', 'GB', 'RO', 'JP', 'AX', 'BQ', 'SS', 'ZW', 'AD'])('accepts %s', (code) => {
    expect(isCountryCode(code)).toBe(true);
  });

  it.each(['us', 'Us', 'XK', 'EU', 'UK', 'ZZ', 'AN', 'YU', 'SU', 'AC', 'USA', 'U', '', ' US'])(
    'rejects %j',
    (code) => {
      expect(isCountryCode(code)).toBe(false);
    },
  );
});

describe('addressRequirements', () => {
  it.each(['US', 'CA', 'AU', 'IN', 'JP', 'BR', 'MX', 'CN'])('%s needs both parts', (c) => {
    expect(addressRequirements(c)).toEqual({ stateOrProvince: true, zipOrPostalCode: true });
  });

  it.each(['GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'SE', 'DK', 'NO', 'FI', 'IE', 'PT', 'PL'])(
    '%s needs only the postal code',
    (c) => {
      expect(addressRequirements(c)).toEqual({ stateOrProvince: false, zipOrPostalCode: true });
    },
  );

  it.each(['RO', 'ZA', 'AE', 'NZ', 'SG', 'us', 'XX', '', 'constructor', '__proto__'])(
    '%j needs neither',
    (c) => {
      expect(addressRequirements(c)).toEqual({ stateOrProvince: false, zipOrPostalCode: false });
    },
  );

  it('exports a table with exactly the 24 listed countries, all valid codes', () => {
    const keys = Object.keys(ADDRESS_REQUIREMENTS);
    expect(keys).toHaveLength(24);
    for (const k of keys) expect(isCountryCode(k)).toBe(true);
  });

  it('returns a copy that cannot corrupt the table', () => {
    const r = addressRequirements('US');
    r.stateOrProvince = false;
    expect(addressRequirements('US').stateOrProvince).toBe(true);
    expect(ADDRESS_REQUIREMENTS.US?.stateOrProvince).toBe(true);
  });
});

describe('isValidSubdivision', () => {
  it('enforces lists for exactly US, CA, AU, IN, BR, MX, JP with the expected sizes', () => {
    expect([...ENFORCED_SUBDIVISION_COUNTRIES].sort()).toEqual(
      ['AU', 'BR', 'CA', 'IN', 'JP', 'MX', 'US'],
    );
    const sizes = Object.fromEntries(
      ENFORCED_SUBDIVISION_COUNTRIES.map((c) => [c, subdivisionCodes(c)?.length]),
    );
    expect(sizes).toEqual({ US: 57, CA: 13, AU: 8, IN: 36, BR: 27, MX: 32, JP: 47 });
    expect(subdivisionCodes('RO')).toBeUndefined();
  });

  it.each([
    ['US', 'CA'],
    ['US', 'us-ca'],
    ['US', 'US-NY'],
    ['US', 'dc'],
    ['US', 'PR'],
    ['US', 'UM'],
    ['CA', 'ON'],
    ['CA', 'CA-qc'],
    ['CA', 'YT'],
    ['AU', 'NSW'],
    ['AU', 'au-act'],
    ['IN', 'KA'],
    ['IN', 'IN-DL'],
    ['IN', 'TS'],
    ['IN', 'LA'],
    ['BR', 'SP'],
    ['BR', 'br-df'],
    ['MX', 'CMX'],
    ['MX', 'MX-NLE'],
    ['JP', '13'],
    ['JP', 'JP-01'],
    ['JP', '47'],
  ])('%s accepts %j', (country, state) => {
    expect(isValidSubdivision(country, state)).toBe(true);
  });

  it.each([
    ['US', 'XX'],
    ['US', 'California'],
    ['US', 'CA-ON'],
    ['US', 'US-'],
    ['US', ''],
    ['US', ' CA'],
    ['CA', 'PQ'],
    ['CA', 'US-ON'],
    ['AU', 'NS'],
    ['AU', 'ACT '],
    ['IN', 'OR'],
    ['IN', 'IN-XX'],
    ['BR', 'XX'],
    ['MX', 'DIF'],
    ['MX', 'NL'],
    ['JP', '00'],
    ['JP', '48'],
    ['JP', '1'],
    ['JP', 'Tokyo'],
  ])('%s rejects %j', (country, state) => {
    expect(isValidSubdivision(country, state)).toBe(false);
  });

  it('accepts any short non-blank text for countries without an enforced list', () => {
    expect(isValidSubdivision('RO', 'Bucuresti')).toBe(true);
    expect(isValidSubdivision('GB', 'Greater London')).toBe(true);
    expect(isValidSubdivision('DE', 'x'.repeat(50))).toBe(true);
    expect(isValidSubdivision('DE', 'x'.repeat(51))).toBe(false);
    expect(isValidSubdivision('RO', '')).toBe(false);
    expect(isValidSubdivision('RO', '   ')).toBe(false);
  });
});

describe('regionForCountry', () => {
  it('partitions all 249 codes into exactly one region each', () => {
    const listed = Object.values(REGION_COUNTRIES).flat();
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...COUNTRY_CODES].sort());
    for (const code of COUNTRY_CODES) {
      expect(['AMER', 'EMEA', 'APJC']).toContain(regionForCountry(code));
    }
  });

  it.each([
    ['US', 'AMER'],
    ['CA', 'AMER'],
    ['MX', 'AMER'],
    ['BR', 'AMER'],
    ['AR', 'AMER'],
    ['JM', 'AMER'],
    ['PR', 'AMER'],
    ['GL', 'AMER'],
    ['GB', 'EMEA'],
    ['RO', 'EMEA'],
    ['RU', 'EMEA'],
    ['TR', 'EMEA'],
    ['AE', 'EMEA'],
    ['IL', 'EMEA'],
    ['IR', 'EMEA'],
    ['ZA', 'EMEA'],
    ['EG', 'EMEA'],
    ['NG', 'EMEA'],
    ['JP', 'APJC'],
    ['CN', 'APJC'],
    ['IN', 'APJC'],
    ['AU', 'APJC'],
    ['NZ', 'APJC'],
    ['SG', 'APJC'],
    ['KR', 'APJC'],
    ['HK', 'APJC'],
    ['FJ', 'APJC'],
  ] as const)('%s -> %s', (country, region) => {
    expect(regionForCountry(country)).toBe(region);
  });

  it.each(['us', 'XK', 'EU', '', 'USA'])('throws for %j', (country) => {
    expect(() => regionForCountry(country)).toThrow(RangeError);
  });
});

describe('defaultMeetingsDialIn', () => {
  const callingCodes: Record<string, string> = {
    US: '1', CA: '1', GB: '44', DE: '49', FR: '33', NL: '31', DK: '45', JP: '81',
    AU: '61', IN: '91', BR: '55', MX: '52', RO: '40', ES: '34', IT: '39', SE: '46',
  };

  it('covers exactly the listed countries', () => {
    expect(Object.keys(MEETINGS_DIAL_IN).sort()).toEqual(Object.keys(callingCodes).sort());
  });

  it.each(Object.entries(callingCodes))('%s has an E.164 number with calling code +%s', (c, cc) => {
    const number = defaultMeetingsDialIn(c);
    expect(number).toMatch(/^\+[1-9]\d{6,14}$/);
    expect(number.startsWith(`+${cc}`)).toBe(true);
    expect(number).toBe(MEETINGS_DIAL_IN[c]);
  });

  it('writes national numbers without the trunk prefix (Italy keeps its leading 0)', () => {
    for (const [c, cc] of Object.entries(callingCodes)) {
      const national = defaultMeetingsDialIn(c).slice(1 + cc.length);
      expect(national.startsWith('0'), c).toBe(c === 'IT');
    }
  });

  it('uses the Ofcom London drama range for GB', () => {
    expect(defaultMeetingsDialIn('GB')).toMatch(/^\+442079460\d{3}$/);
  });

  it('uses the NANP fiction range for US and CA', () => {
    expect(defaultMeetingsDialIn('US')).toMatch(/^\+1\d{3}5550[1]\d{2}$/);
    expect(defaultMeetingsDialIn('CA')).toMatch(/^\+1\d{3}5550[1]\d{2}$/);
    expect(defaultMeetingsDialIn('US')).not.toBe(defaultMeetingsDialIn('CA'));
  });

  it.each(['ZA', 'NZ', 'us', '', 'constructor'])('falls back to the US number for %j', (c) => {
    expect(defaultMeetingsDialIn(c)).toBe(MEETINGS_DIAL_IN.US);
  });
});
