import { useTranslation } from 'react-i18next';
import { CheckField, TextField } from '../Field';
import type { StepProps } from './types';

/** Email settings and Calling settings (seed 004 step 8). */
export function EmailCallingStep({ form, set, problems, apiErrors }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset>
        <legend>{t('templateForm.emailSettings')}</legend>
        <TextField id="tpl-brand" label={t('templateForm.brandName')} hint={t('templateForm.brandNameHint')} maxLength={100}
          value={form.brandName} onValue={(v) => set('brandName', v)} problem={problems.brandName} apiErrors={apiErrors.brandName} />
        <CheckField id="tpl-invite" role="switch" label={t('templateForm.allowInvites')} hint={t('templateForm.allowInvitesHint')}
          checked={form.allowAdminInviteEmailsOnAttach} onChecked={(v) => set('allowAdminInviteEmailsOnAttach', v)} />
      </fieldset>
      <fieldset>
        <legend>{t('templateForm.callingSettings')}</legend>
        <CheckField id="tpl-w2w" role="switch" label={t('templateForm.allowWebexCalls')} hint={t('templateForm.allowWebexCallsHint')}
          checked={form.allowWebexToWebexCalls} onChecked={(v) => set('allowWebexToWebexCalls', v)} />
      </fieldset>
    </>
  );
}
