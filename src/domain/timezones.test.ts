import { describe, expect, it } from 'vitest';
import { MEETINGS_DIAL_IN } from './countries.ts';
import { defaultTimezoneForCountry, isSupportedTimezone } from './timezones.ts';

describe('isSupportedTimezone', () => {
  it.each([
    'America/Los_Angeles',
    'America/New_York',
    'Europe/Bucharest',
    'Asia/Tokyo',
    'Asia/Kolkata',
    'Asia/Calcutta',
    'Europe/Kyiv',
    'America/Buenos_Aires',
    'America/Argentina/Buenos_Aires',
    'America/Port-au-Prince',
    'Antarctica/DumontDUrville',
    'US/Pacific',
    'Etc/GMT+5',
    'UTC',
  ])('accepts %j', (tz) => {
    expect(isSupportedTimezone(tz)).toBe(true);
  });

  it.each([
    'PST',
    'EST5EDT',
    'GMT',
    'utc',
    'Etc',
    'Mars/Olympus',
    'Europe/Atlantis',
    '',
    '/',
    'america/los_angeles',
    'America/los_angeles',
    'AMERICA/LOS_ANGELES',
    'america/buenos_aires',
    'America/BUENOS_AIRES',
    'America/BuEnos_Aires',
    'Europe/BuchaRest',
    'asia/kolkata',
    'ASIA/KOLKATA',
    'us/pacific',
    'America/Los_Angeles ',
  ])('rejects %j', (tz) => {
    expect(isSupportedTimezone(tz)).toBe(false);
  });

  it('accepts every region-style zone Node lists', () => {
    const zones = Intl.supportedValuesOf('timeZone').filter((z) => z.includes('/'));
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.filter((z) => !isSupportedTimezone(z))).toEqual([]);
  });

  it('gives the same answer when asked again (cached)', () => {
    expect(isSupportedTimezone('Europe/Bucharest')).toBe(true);
    expect(isSupportedTimezone('Europe/Bucharest')).toBe(true);
    expect(isSupportedTimezone('pst')).toBe(false);
    expect(isSupportedTimezone('pst')).toBe(false);
  });
});

describe('defaultTimezoneForCountry', () => {
  it.each([
    ['US', 'America/New_York'],
    ['GB', 'Europe/London'],
    ['RO', 'Europe/Bucharest'],
    ['JP', 'Asia/Tokyo'],
    ['DK', 'Europe/Copenhagen'],
    ['FR', 'Europe/Paris'],
    ['AU', 'Australia/Sydney'],
    ['IN', 'Asia/Kolkata'],
  ])('%s -> %s', (country, tz) => {
    expect(defaultTimezoneForCountry(country)).toBe(tz);
  });

  it('has a supported, non-UTC default for every dial-in country', () => {
    for (const country of Object.keys(MEETINGS_DIAL_IN)) {
      const tz = defaultTimezoneForCountry(country);
      expect(tz, country).not.toBe('UTC');
      expect(isSupportedTimezone(tz), tz).toBe(true);
    }
  });

  it.each(['ZA', 'NZ', 'us', '', 'constructor'])('falls back to UTC for %j', (country) => {
    expect(defaultTimezoneForCountry(country)).toBe('UTC');
  });
});
