import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { SUPPORTED_LOCALES, addressRequirements, subdivisionCodes, timeZones } from '../../lib/domain';
import { needsCallingLocation, type AddressForm } from '../../lib/customerForm';
import { Facts } from '../Wizard';
import { SelectField, TextField } from '../Field';
import type { CustomerStepProps } from './types';

/** Headquarters location (seed 004 step 7): the address, and for calling packages the HQ calling location. */
export function HeadquartersStep({ form, update, problems, apiErrors, onChangeCountry }: CustomerStepProps & { onChangeCountry: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const zones = useMemo(timeZones, []);
  const need = addressRequirements(form.country);
  const states = subdivisionCodes(form.country);
  const setA = (k: keyof AddressForm, v: string) => update((x) => ({ ...x, address: { ...x.address, [k]: v } }));
  const field = (k: keyof AddressForm, required: boolean, autoComplete: string) => ({
    id: `hq-${k}`,
    label: t(`address.${k}`),
    required,
    maxLength: 50,
    autoComplete,
    value: form.address[k],
    onValue: (v: string) => setA(k, v),
    problem: problems[k],
    apiErrors: apiErrors[k],
  });
  const calling = needsCallingLocation(form);
  return (
    <>
      <fieldset>
        <legend>{t('customerForm.headquarters')}</legend>
        <div className="inline-facts">
          <Facts items={[[t('customerForm.country'), form.country ? f.country(form.country) : '']]} />
          <button type="button" className="link" onClick={onChangeCountry}>
            {t('customerForm.changeCountry')}
          </button>
        </div>
        <TextField {...field('addressLine1', true, 'address-line1')} />
        <TextField {...field('addressLine2', false, 'address-line2')} />
        <div className="grid-2">
          <TextField {...field('city', true, 'address-level2')} />
          {states ? (
            <SelectField id="hq-stateOrProvince" label={t('address.stateOrProvince')} required={need.stateOrProvince}
              value={form.address.stateOrProvince} onValue={(v) => setA('stateOrProvince', v)}
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
      </fieldset>
      {calling && (
        <fieldset>
          <legend>{t('customerForm.callingLocation')}</legend>
          <p className="hint">{t('customerForm.callingLocationHint')}</p>
          <TextField id="hq-name" label={t('customerForm.locationName')} required maxLength={255} value={form.locationName}
            onValue={(v) => update((x) => ({ ...x, locationName: v }))} problem={problems.locationName} apiErrors={apiErrors.locationName} />
          <div className="grid-2">
            <SelectField id="hq-timezone" label={t('location.timezone')} required value={form.timezone}
              onValue={(v) => update((x) => ({ ...x, timezone: v }))} problem={problems.timezone} apiErrors={apiErrors.timezone}>
              <option value="">{t('common.choose')}</option>
              {zones.map((z) => (
                <option key={z} value={z}>{z.replaceAll('_', ' ')}</option>
              ))}
            </SelectField>
            <SelectField id="hq-language" label={t('location.language')} hint={t('location.languageHint')} required value={form.locationLanguage}
              onValue={(v) => update((x) => ({ ...x, locationLanguage: v }))} problem={problems.locationLanguage} apiErrors={apiErrors.locationLanguage}>
              <option value="">{t('common.choose')}</option>
              {SUPPORTED_LOCALES.map((l) => (
                <option key={l} value={l}>{f.locale(l)}</option>
              ))}
            </SelectField>
          </div>
        </fieldset>
      )}
    </>
  );
}
