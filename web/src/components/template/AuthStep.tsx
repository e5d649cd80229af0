import { useTranslation } from 'react-i18next';
import type { TemplateForm } from '../../lib/templateForm';
import { FieldErrors, TextField } from '../Field';
import type { StepProps } from './types';

const METHODS: Array<TemplateForm['authMethod']> = ['webex', 'partner_saml', 'partner_oidc'];

/** Authentication (seed 004 step 7): Webex, partner SAML (IdP entity ID), partner OpenID Connect (IdP name). */
export function AuthStep({ form, set, problems, apiErrors }: StepProps) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('templateForm.authentication')}</legend>
      <div className="radio-cards" role="radiogroup" aria-label={t('templateForm.authentication')}>
        {METHODS.map((m) => (
          <div key={m} className={`radio-card${form.authMethod === m ? ' selected' : ''}`}>
            <input type="radio" id={`auth-${m}`} name="auth" value={m} checked={form.authMethod === m} onChange={() => set('authMethod', m)}
              aria-describedby={`auth-${m}-hint`} />
            <label htmlFor={`auth-${m}`}>{t(`templates.auth.${m}`)}</label>
            <p id={`auth-${m}-hint`} className="hint">{t(`templateForm.authHint.${m}`)}</p>
          </div>
        ))}
      </div>
      <FieldErrors id="auth-method-error" apiErrors={apiErrors.authMethod} />
      {form.authMethod !== 'webex' && (
        <TextField id="tpl-idp" required maxLength={1024}
          label={form.authMethod === 'partner_saml' ? t('templateForm.idpEntityId') : t('templateForm.idpName')}
          hint={form.authMethod === 'partner_saml' ? t('templateForm.idpEntityIdHint') : t('templateForm.idpNameHint')}
          value={form.idpEntityId} onValue={(v) => set('idpEntityId', v)} problem={problems.idpEntityId} apiErrors={apiErrors.idpEntityId} />
      )}
    </fieldset>
  );
}
