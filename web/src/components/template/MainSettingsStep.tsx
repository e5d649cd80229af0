import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import { COUNTRY_CODES, SUPPORTED_LOCALES } from '../../lib/domain';
import { Notice } from '../Notice';
import { SelectField, TextField } from '../Field';
import type { StepProps } from './types';

/** Main settings and Wholesale calling (seed 004 steps 5–6). */
export function MainSettingsStep({ form, set, problems, apiErrors }: StepProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const countries = [...COUNTRY_CODES].map((c) => [c, f.country(c)] as const).sort((a, b) => a[1].localeCompare(b[1], f.lng));
  return (
    <>
      <fieldset>
        <legend>{t('templateForm.mainSettings')}</legend>
        <TextField id="tpl-name" label={t('templateForm.name')} required maxLength={100} value={form.name} onValue={(v) => set('name', v)}
          problem={problems.name} apiErrors={apiErrors.name} />
        <TextField id="tpl-admin" type="email" autoComplete="off" label={t('templateForm.spAdmin')} hint={t('templateForm.spAdminHint')} required
          value={form.serviceProviderAdminEmail} onValue={(v) => set('serviceProviderAdminEmail', v)}
          problem={problems.serviceProviderAdminEmail} apiErrors={apiErrors.serviceProviderAdminEmail} />
        <SelectField id="tpl-country" label={t('templateForm.country')} required value={form.country} onValue={(v) => set('country', v)}
          problem={problems.country} apiErrors={apiErrors.country}>
          <option value="">{t('common.choose')}</option>
          {countries.map(([code, name]) => (
            <option key={code} value={code}>{name}</option>
          ))}
        </SelectField>
        <SelectField id="tpl-language" label={t('templateForm.language')} required value={form.defaultEmailLanguage}
          onValue={(v) => set('defaultEmailLanguage', v)} problem={problems.defaultEmailLanguage} apiErrors={apiErrors.defaultEmailLanguage}>
          <option value="">{t('common.choose')}</option>
          {SUPPORTED_LOCALES.map((l) => (
            <option key={l} value={l}>{f.locale(l)}</option>
          ))}
        </SelectField>
        <TextField id="tpl-subscription" label={t('templateForm.subscription')} hint={t('templateForm.subscriptionHint')} required maxLength={100}
          value={form.wholesaleSubscriptionId} onValue={(v) => set('wholesaleSubscriptionId', v)}
          problem={problems.wholesaleSubscriptionId} apiErrors={apiErrors.wholesaleSubscriptionId} />
      </fieldset>
      <fieldset>
        <legend>{t('templateForm.wholesaleCalling')}</legend>
        <Notice tone="warning" title={t('templateForm.pstnNotRecommendedTitle')}>
          <p>{t('templateForm.pstnNotRecommended')}</p>
        </Notice>
        <TextField id="tpl-pstn" label={t('templateForm.pstnProvider')} hint={t('templateForm.pstnHint')} maxLength={200}
          value={form.pstnProvider} onValue={(v) => set('pstnProvider', v)} problem={problems.pstnProvider} apiErrors={apiErrors.pstnProvider} />
      </fieldset>
    </>
  );
}
