import { useTranslation } from 'react-i18next';
import { CheckField } from '../Field';
import { Notice } from '../Notice';
import { PackageChecklist } from '../packages/PackageChecklist';
import type { CustomerStepProps } from './types';

/**
 * Packages and add-ons (seed 004 step 6) with "Enable package quantity selection": then every
 * chosen package assignable to a user or workspace needs a quantity (a positive whole number),
 * and the others (Cisco Calling Plan…) cannot take one.
 */
export function PackagesStep({ form, update, problems, apiErrors }: CustomerStepProps) {
  const { t } = useTranslation();
  return (
    <>
      <fieldset>
        <legend>{t('customerForm.quantities')}</legend>
        <CheckField id="qty-on" label={t('customerForm.enableQuantity')} hint={t('customerForm.enableQuantityHint')}
          checked={form.quantityOn} onChecked={(v) => update((x) => ({ ...x, quantityOn: v }))}
          problem={problems.quantityOn} apiErrors={apiErrors.quantityOn} />
        {form.quantityOn && (
          <Notice tone="warning">
            <ul>
              <li>{t('customerForm.quantityRuleAll')}</li>
              <li>{t('customerForm.quantityRulePermanent')}</li>
              <li>{t('customerForm.quantityRuleRaise')}</li>
              <li>{t('customerForm.quantityRuleNotAssignable')}</li>
            </ul>
          </Notice>
        )}
      </fieldset>
      <PackageChecklist
        legend={t('customerForm.packages')}
        selected={form.packages}
        onToggle={(p, on) => update((x) => ({ ...x, packages: on ? [...x.packages, p] : x.packages.filter((q) => q !== p) }))}
        withQuantities={form.quantityOn}
        quantities={form.quantities}
        onQuantity={(p, v) => update((x) => ({ ...x, quantities: { ...x.quantities, [p]: v } }))}
        problems={problems}
        apiErrors={apiErrors}
      />
    </>
  );
}
