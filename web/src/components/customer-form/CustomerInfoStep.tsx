import { useTranslation } from 'react-i18next';
import type { Template } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { SUPPORTED_LOCALES } from '../../lib/domain';
import { Link } from '../../router';
import { useCountries } from '../AddressFields';
import { SelectField, TextField } from '../Field';
import { Notice } from '../Notice';
import type { CustomerStepProps } from './types';

/**
 * Customer information (seed 004 steps 4–5), with the onboarding template to apply (seed 003).
 * The administrator email comes from the Customer email screen (`onChangeEmail` goes back to it);
 * `target` says which organization the services go to.
 */
export function CustomerInfoStep({
  form,
  update,
  problems,
  apiErrors,
  templates,
  target,
  onChangeEmail,
}: CustomerStepProps & { templates: Template[]; target: { existing?: string; noMatches: boolean }; onChangeEmail: () => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const countries = useCountries();
  const set = <K extends 'provisioningId' | 'name' | 'primaryEmail' | 'externalId' | 'country' | 'language'>(k: K, v: string) =>
    update((x) => ({ ...x, [k]: v }));
  return (
    <fieldset>
      <legend>{t('customerForm.info')}</legend>
      {target.existing ? (
        <Notice tone="info" title={t('attach.existingTitle', { name: target.existing })}>
          <p>{t('attach.existingText')}</p>
        </Notice>
      ) : (
        target.noMatches && <Notice tone="info">{t('attach.noMatches', { email: form.primaryEmail.trim() })}</Notice>
      )}
      {templates.length === 0 && (
        <Notice tone="warning" title={t('customerForm.noTemplates')}>
          <p>
            <Link to="/templates/new">{t('templates.create')}</Link>
          </p>
        </Notice>
      )}
      <SelectField id="c-template" label={t('customerForm.template')} hint={target.existing ? t('attach.templateHint') : t('customerForm.templateHint')} required
        value={form.provisioningId} onValue={(v) => set('provisioningId', v)} problem={problems.provisioningId} apiErrors={apiErrors.provisioningId}>
        <option value="">{t('common.choose')}</option>
        {templates.map((tpl) => (
          <option key={tpl.id} value={tpl.provisioningId}>{tpl.name}</option>
        ))}
      </SelectField>
      <TextField id="c-name" label={t('customerForm.companyName')} required maxLength={255} autoComplete="organization"
        value={form.name} onValue={(v) => set('name', v)} problem={problems.name} apiErrors={apiErrors.name} />
      <TextField id="c-email" type="email" label={t('customerForm.adminEmail')} required readOnly value={form.primaryEmail} onValue={() => undefined}
        hint={
          <>
            {t('attach.emailFromStep')}{' '}
            <button type="button" className="link" onClick={onChangeEmail}>
              {t('attach.changeEmail')}
            </button>
          </>
        } />
      <TextField id="c-external" label={t('customerForm.externalId')} hint={t('customerForm.externalIdHint')} required maxLength={255}
        value={form.externalId} onValue={(v) => set('externalId', v)} problem={problems.externalId} apiErrors={apiErrors.externalId} />
      <SelectField id="c-country" label={t('customerForm.country')} hint={t('customerForm.countryHint')} required value={form.country}
        onValue={(v) => update((x) => ({ ...x, country: v, address: { ...x.address, stateOrProvince: '' } }))}
        problem={problems.country} apiErrors={apiErrors.country}>
        <option value="">{t('common.choose')}</option>
        {countries.map(([code, name]) => (
          <option key={code} value={code}>{name}</option>
        ))}
      </SelectField>
      <SelectField id="c-language" label={t('customerForm.language')} hint={t('customerForm.languageHint')} value={form.language}
        onValue={(v) => set('language', v)} problem={problems.language} apiErrors={apiErrors.language}>
        <option value="">{t('customerForm.templateLanguage')}</option>
        {SUPPORTED_LOCALES.map((l) => (
          <option key={l} value={l}>{f.locale(l)}</option>
        ))}
      </SelectField>
    </fieldset>
  );
}
