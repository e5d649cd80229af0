import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Template } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { takesQuantity } from '../../lib/domain';
import type { OrgMatch } from '../../lib/attach';
import { STEP, needsCallingLocation, orderPackages, type CustomerForm } from '../../lib/customerForm';
import { formatAddress } from '../../lib/address';
import { ApprovalText, RightsText } from '../customer/Attachment';
import { Facts, SummarySection } from '../Wizard';

/** Seed 004 step 8: review, Edit any part, then Create customer. `org`: the existing organization chosen (seed 003). */
export function CustomerSummary({ form, templates, org, onEdit }: { form: CustomerForm; templates: Template[]; org?: OrgMatch; onEdit: (step: number) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const template = templates.find((x) => x.provisioningId === form.provisioningId);
  const address = formatAddress({ ...form.address, country: form.country }, f.country);
  return (
    <div className="summary">
      <SummarySection title={t('attach.step')} onEdit={() => onEdit(STEP.email)}>
        <Facts
          items={[
            [t('customerForm.adminEmail'), form.primaryEmail],
            [t('attach.organization'), org ? t('attach.existingOrg', { name: org.name }) : t('attach.newOrg')],
            ...(org
              ? ([
                  [t('attach.approval'), <ApprovalText key="approval" required={org.approvalRequired} reasons={org.approvalReasons} />],
                  [t('customer.attach.rights'), <RightsText key="rights" rights={org.partnerRights} />],
                ] as Array<[string, ReactNode]>)
              : []),
          ]}
        />
      </SummarySection>
      <SummarySection title={t('customerForm.info')} onEdit={() => onEdit(STEP.info)}>
        <Facts
          items={[
            [t('customerForm.template'), template?.name ?? form.provisioningId],
            [t('customerForm.companyName'), form.name],
            [t('customerForm.externalId'), form.externalId],
            [t('customerForm.country'), f.country(form.country)],
            [t('customerForm.language'), form.language ? f.locale(form.language) : t('customerForm.templateLanguage')],
          ]}
        />
      </SummarySection>
      <SummarySection title={t('customerForm.packages')} onEdit={() => onEdit(STEP.packages)}>
        <ul className="plain">
          {orderPackages(form.packages).map((p) => (
            <li key={p}>
              {t(`packages.${p}`)}
              {form.quantityOn && takesQuantity(p) && <> — {t('customerForm.quantityShort', { n: f.number(Number(form.quantities[p])) })}</>}
            </li>
          ))}
        </ul>
        {!form.quantityOn && <p className="muted small">{t('customerForm.unlimited')}</p>}
      </SummarySection>
      <SummarySection title={t('customerForm.headquarters')} onEdit={() => onEdit(STEP.headquarters)}>
        <Facts
          items={[
            [t('address.title'), address],
            ...(needsCallingLocation(form)
              ? ([
                  [t('customerForm.locationName'), form.locationName],
                  [t('location.timezone'), form.timezone],
                  [t('location.language'), f.locale(form.locationLanguage)],
                ] as Array<[string, string]>)
              : []),
          ]}
        />
      </SummarySection>
    </div>
  );
}
