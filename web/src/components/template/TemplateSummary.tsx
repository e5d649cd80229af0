import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import type { TemplateForm } from '../../lib/templateForm';
import { Facts, SummarySection } from '../Wizard';

/** The settings at a glance, each section with its Edit button (seed 004 step 9). */
export function TemplateSummary({ form, onEdit }: { form: TemplateForm; onEdit?: (step: number) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const yesNo = (b: boolean) => (b ? t('common.on') : t('common.off'));
  const sections: Array<[string, number, Array<[string, string]>]> = [
    [t('templateForm.mainSettings'), 1, [
      [t('templateForm.name'), form.name],
      [t('templateForm.spAdmin'), form.serviceProviderAdminEmail],
      [t('templateForm.country'), form.country ? f.country(form.country) : ''],
      [t('templateForm.language'), form.defaultEmailLanguage ? f.locale(form.defaultEmailLanguage) : ''],
      [t('templateForm.subscription'), form.wholesaleSubscriptionId],
      [t('templateForm.pstnProvider'), form.pstnProvider || t('common.none')],
    ]],
    [t('templateForm.authentication'), 2, [
      [t('templateForm.authentication'), t(`templates.auth.${form.authMethod}`)],
      ...(form.authMethod === 'webex' ? [] : [[form.authMethod === 'partner_saml' ? t('templateForm.idpEntityId') : t('templateForm.idpName'), form.idpEntityId] as [string, string]]),
    ]],
    [t('templateForm.emailAndCalling'), 3, [
      [t('templateForm.brandName'), form.brandName || t('common.none')],
      [t('templateForm.allowInvites'), yesNo(form.allowAdminInviteEmailsOnAttach)],
      [t('templateForm.allowWebexCalls'), yesNo(form.allowWebexToWebexCalls)],
    ]],
  ];
  return (
    <div className="summary">
      {sections.map(([title, step, items]) =>
        onEdit ? (
          <SummarySection key={title} title={title} onEdit={() => onEdit(step)}>
            <Facts items={items} />
          </SummarySection>
        ) : (
          <section key={title} className="summary-section" aria-label={title}>
            <h3>{title}</h3>
            <Facts items={items} />
          </section>
        ),
      )}
    </div>
  );
}
