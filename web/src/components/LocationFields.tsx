import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorItem } from '../api/client';
import { useFormat } from '../i18n/format';
import { SUPPORTED_LOCALES, timeZones } from '../lib/domain';
import { SelectField } from './Field';

type Props = { id: string; value: string; onValue: (v: string) => void; problem?: string; apiErrors?: ErrorItem[] };

/** A location's IANA time zone (every zone the browser knows; the API checks its own list). */
export function TimezoneField({ id, value, onValue, problem, apiErrors }: Props) {
  const { t } = useTranslation();
  const zones = useMemo(timeZones, []);
  return (
    <SelectField id={id} label={t('location.timezone')} required value={value} onValue={onValue} problem={problem} apiErrors={apiErrors}>
      <option value="">{t('common.choose')}</option>
      {value && !zones.includes(value) && <option value={value}>{value.replaceAll('_', ' ')}</option>}
      {zones.map((z) => (
        <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>
      ))}
    </SelectField>
  );
}

/** A location's language (announcements and emails), from the API's supported locales. */
export function LocaleField({ id, value, onValue, problem, apiErrors }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  // The API keeps the case it was sent ("en_us"); the picker lists "en_US".
  const known = SUPPORTED_LOCALES.find((l) => l.toLowerCase() === value.toLowerCase());
  return (
    <SelectField id={id} label={t('location.language')} hint={t('location.languageHint')} required value={known ?? value}
      onValue={onValue} problem={problem} apiErrors={apiErrors}>
      <option value="">{t('common.choose')}</option>
      {value && !known && <option value={value}>{value}</option>}
      {SUPPORTED_LOCALES.map((l) => (
        <option key={l} value={l}>{f.locale(l)}</option>
      ))}
    </SelectField>
  );
}
