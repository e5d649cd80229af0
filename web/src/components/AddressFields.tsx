import { useTranslation } from 'react-i18next';
import type { ErrorItem } from '../api/client';
import { useFormat } from '../i18n/format';
import type { AddressForm } from '../lib/address';
import { COUNTRY_CODES, addressRequirements, subdivisionCodes } from '../lib/domain';
import { SelectField, TextField } from './Field';

/** Countries by name in the current language, for the country pickers. */
export function useCountries(): Array<readonly [string, string]> {
  const f = useFormat();
  return [...COUNTRY_CODES].map((c) => [c, f.country(c)] as const).sort((a, b) => a[1].localeCompare(b[1], f.lng));
}

/**
 * An address with the country's rules (the same as the API's): the state or province and the
 * postal code are required where the country needs them, and the state is picked from the
 * country's subdivisions where the API checks them. Field ids are `<idPrefix>-<field>`.
 */
export function AddressFields({
  idPrefix,
  country,
  address,
  onChange,
  problems,
  apiErrors,
}: {
  idPrefix: string;
  country: string;
  address: AddressForm;
  onChange: (field: keyof AddressForm, value: string) => void;
  /** The portal's own message per field, already translated. */
  problems: Record<string, string | undefined>;
  apiErrors: Record<string, ErrorItem[] | undefined>;
}) {
  const { t } = useTranslation();
  const need = addressRequirements(country);
  const states = subdivisionCodes(country);
  const field = (k: keyof AddressForm, required: boolean, autoComplete: string) => ({
    id: `${idPrefix}-${k}`,
    label: t(`address.${k}`),
    required,
    maxLength: 50,
    autoComplete,
    value: address[k],
    onValue: (v: string) => onChange(k, v),
    problem: problems[k],
    apiErrors: apiErrors[k],
  });
  return (
    <>
      <TextField {...field('addressLine1', true, 'address-line1')} />
      <TextField {...field('addressLine2', false, 'address-line2')} />
      <div className="grid-2">
        <TextField {...field('city', true, 'address-level2')} />
        {states ? (
          <SelectField id={`${idPrefix}-stateOrProvince`} label={t('address.stateOrProvince')} required={need.stateOrProvince}
            value={address.stateOrProvince} onValue={(v) => onChange('stateOrProvince', v)}
            problem={problems.stateOrProvince} apiErrors={apiErrors.stateOrProvince}>
            <option value="">{t('common.choose')}</option>
            {states.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </SelectField>
        ) : (
          <TextField {...field('stateOrProvince', need.stateOrProvince, 'address-level1')} />
        )}
      </div>
      <TextField {...field('zipOrPostalCode', need.zipOrPostalCode, 'postal-code')} className="short" />
    </>
  );
}
