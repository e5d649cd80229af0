import { useTranslation } from 'react-i18next';
import type { Template } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { takesQuantity } from '../../lib/domain';
import { needsCallingLocation, orderPackages, type CustomerForm } from '../../lib/customerForm';
import { formatAddress } from '../../lib/address';
import { Facts, SummarySection } from '../Wizard';

/** Seed 004 step 8: review, Edit any part, then Create customer. */
export function CustomerSummary({ form, templates, onEdit }: { form: CustomerForm; templates: Template[]; onEdit: (step: number) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const template = templates.find((x) => x.provisioningId === form.provisioningId);
  const address = formatAddress({ ...form.address, country: form.country }, f.country);
  return (
    <div className="summary">
      <SummarySection title={t('customerForm.info')} onEdit={() => onEdit(0)}>
        <Facts
          items={[
            [t('customerForm.template'), template?.name ?? form.provisioningId],
            [t('customerForm.companyName'), form.name],
            [t('customerForm.adminEmail'), form.primaryEmail],
            [t('customerForm.externalId'), form.externalId],
            [t('customerForm.country'), f.country(form.country)],
            [t('customerForm.language'), form.language ? f.locale(form.language) : t('customerForm.templateLanguage')],
          ]}
        />
      </SummarySection>
      <SummarySection title={t('customerForm.packages')} onEdit={() => onEdit(1)}>
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
      <SummarySection title={t('customerForm.headquarters')} onEdit={() => onEdit(2)}>
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
