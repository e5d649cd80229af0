import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { needsCallingLocation, type AddressForm } from '../../lib/customerForm';
import { AddressFields } from '../AddressFields';
import { Facts } from '../Wizard';
import { CheckField, TextField } from '../Field';
import { LocaleField, TimezoneField } from '../LocationFields';
import type { CustomerStepProps } from './types';

/**
 * Headquarters location (seed 004 step 7): the address, and for calling packages the HQ calling
 * location; then (seed 003) "I confirm this customer is in a Cisco Webex-supported location".
 */
export function HeadquartersStep({ form, update, problems, apiErrors, onChangeCountry }: CustomerStepProps & { onChangeCountry: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const setA = (k: keyof AddressForm, v: string) => update((x) => ({ ...x, address: { ...x.address, [k]: v } }));
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
        <AddressFields idPrefix="hq" country={form.country} address={form.address} onChange={setA} problems={problems} apiErrors={apiErrors} />
      </fieldset>
      {calling && (
        <fieldset>
          <legend>{t('customerForm.callingLocation')}</legend>
          <p className="hint">{t('customerForm.callingLocationHint')}</p>
          <TextField id="hq-name" label={t('customerForm.locationName')} required maxLength={255} value={form.locationName}
            onValue={(v) => update((x) => ({ ...x, locationName: v }))} problem={problems.locationName} apiErrors={apiErrors.locationName} />
          <div className="grid-2">
            <TimezoneField id="hq-timezone" value={form.timezone} onValue={(v) => update((x) => ({ ...x, timezone: v }))}
              problem={problems.timezone} apiErrors={apiErrors.timezone} />
            <LocaleField id="hq-language" value={form.locationLanguage} onValue={(v) => update((x) => ({ ...x, locationLanguage: v }))}
              problem={problems.locationLanguage} apiErrors={apiErrors.locationLanguage} />
          </div>
        </fieldset>
      )}
      <CheckField id="c-verified" label={t('customerForm.verify')} checked={form.verified}
        onChecked={(v) => update((x) => ({ ...x, verified: v }))} problem={problems.verified} />
    </>
  );
}
