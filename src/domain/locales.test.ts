import { describe, expect, it } from 'vitest';
import { SUPPORTED_LOCALES, normalizeLocale } from './locales.ts';

describe('SUPPORTED_LOCALES', () => {
  it('lists 38 distinct locales in canonical xx_YY form', () => {
    expect(SUPPORTED_LOCALES).toHaveLength(38);
    expect(new Set(SUPPORTED_LOCALES).size).toBe(38);
    for (const l of SUPPORTED_LOCALES) expect(l).toMatch(/^[a-z]{2}_[A-Z]{2}$/);
    expect(SUPPORTED_LOCALES).toContain('en_US');
    expect(SUPPORTED_LOCALES).toContain('ro_RO');
    expect(SUPPORTED_LOCALES).toContain('vi_VN');
  });

  it('is a known language/region pair for Intl', () => {
    const langs = new Intl.DisplayNames(['en'], { type: 'language' });
    for (const l of SUPPORTED_LOCALES) {
      const tag = l.replace('_', '-');
      expect(langs.of(tag), tag).not.toBe(tag);
    }
  });
});

describe('normalizeLocale', () => {
  it.each([
    ['en_US', 'en_US'],
    ['en_us', 'en_US'],
    ['EN_US', 'en_US'],
    ['eN_uS', 'en_US'],
    ['fr_ca', 'fr_CA'],
    ['ZH_TW', 'zh_TW'],
    ['nb_NO', 'nb_NO'],
    ['en', 'en'],
    ['ro', 'ro'],
    ['EN', 'en'],
    ['he', 'he'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeLocale(input)).toBe(expected);
  });

  it.each(['xx', 'no', 'en-US', 'en_ZZ', 'fr_US', '', 'english', 'en_', '_US', ' en_US', 'en_US ', 'en_USA', 'e'])(
    'rejects %j',
    (input) => {
      expect(normalizeLocale(input)).toBeNull();
    },
  );

  it('round-trips every supported locale in any case', () => {
    for (const l of SUPPORTED_LOCALES) {
      expect(normalizeLocale(l)).toBe(l);
      expect(normalizeLocale(l.toUpperCase())).toBe(l);
      expect(normalizeLocale(l.toLowerCase())).toBe(l);
    }
  });
});
