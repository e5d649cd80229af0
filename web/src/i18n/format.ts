import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates, numbers and names of countries and languages in the portal's current language (Intl). */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(lng, { dateStyle: 'medium' });
    const number = new Intl.NumberFormat(lng);
    const regions = new Intl.DisplayNames([lng], { type: 'region', fallback: 'code' });
    const languages = new Intl.DisplayNames([lng], { type: 'language', fallback: 'code' });
    const parse = (iso: string | undefined) => {
      const d = iso ? new Date(iso) : null;
      return d && !Number.isNaN(d.getTime()) ? d : null;
    };
    return {
      lng,
      dateTime: (iso: string | undefined) => {
        const d = parse(iso);
        return d ? dateTime.format(d) : '—';
      },
      /** A calendar date (YYYY-MM-DD) shown in the user's format, without time-zone drift. */
      day: (ymd: string | undefined) => {
        const d = parse(ymd ? `${ymd.slice(0, 10)}T12:00:00Z` : undefined);
        return d ? date.format(d) : '—';
      },
      number: (n: number) => number.format(n),
      country: (code: string) => {
        try {
          return regions.of(code) ?? code;
        } catch {
          return code;
        }
      },
      /** `fr_CA` → "French (Canada)" in the current language. */
      locale: (code: string) => {
        try {
          return languages.of(code.replace('_', '-')) ?? code;
        } catch {
          return code;
        }
      },
    };
  }, [lng]);
}
