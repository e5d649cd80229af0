import { useTranslation } from 'react-i18next';
import type { CustomerPackage } from '../../api/client';
import { PACKAGES, dependenciesOf, isAddOn, takesQuantity } from '../../lib/domain';
import { CheckField, FieldErrors } from '../Field';
import { Notice } from '../Notice';
import type { CustomerStepProps } from './types';

/**
 * Packages and add-ons (seed 004 step 6) with "Enable package quantity selection": then every
 * chosen package assignable to a user or workspace needs a quantity (a positive whole number),
 * and the others (Cisco Calling Plan…) cannot take one.
 */
export function PackagesStep({ form, update, problems, apiErrors }: CustomerStepProps) {
  const { t } = useTranslation();
  const toggle = (p: CustomerPackage, on: boolean) =>
    update((x) => ({ ...x, packages: on ? [...x.packages, p] : x.packages.filter((q) => q !== p) }));
  const groups: Array<[string, CustomerPackage[]]> = [
    [t('customerForm.basePackages'), PACKAGES.filter((p) => !isAddOn(p))],
    [t('customerForm.addOns'), PACKAGES.filter(isAddOn)],
  ];
  const packagesError = problems.packages || apiErrors.packages?.length;
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
      <fieldset aria-describedby={packagesError ? 'packages-error' : undefined}>
        <legend>{t('customerForm.packages')}</legend>
        <FieldErrors id="packages-error" problem={problems.packages} apiErrors={apiErrors.packages} />
        {groups.map(([title, list]) => (
          <div key={title} className="package-group">
            <h3>{title}</h3>
            <ul className="package-list">
              {list.map((p) => {
                const on = form.packages.includes(p);
                const qid = `qty-${p}`;
                const qErr = problems[`quantity.${p}`];
                const qApi = apiErrors[`quantity.${p}`];
                return (
                  <li key={p} className={on ? 'selected' : ''}>
                    <div className="check-row">
                      <input type="checkbox" id={`pkg-${p}`} checked={on} onChange={(e) => toggle(p, e.target.checked)}
                        aria-describedby={isAddOn(p) ? `pkg-${p}-hint` : undefined} />
                      <label htmlFor={`pkg-${p}`}>{t(`packages.${p}`)}</label>
                    </div>
                    {isAddOn(p) && (
                      <p id={`pkg-${p}-hint`} className="hint">
                        {t('customerForm.addOnNeeds', { bases: dependenciesOf(p).map((b) => t(`packages.${b}`)).join(', ') })}
                      </p>
                    )}
                    {on && form.quantityOn && (takesQuantity(p) ? (
                      <div className={`field quantity${qErr || qApi?.length ? ' invalid' : ''}`}>
                        <label htmlFor={qid}>{t('customerForm.quantityFor', { pkg: t(`packages.${p}`) })}</label>
                        <input id={qid} type="text" inputMode="numeric" pattern="[1-9][0-9]*" required autoComplete="off"
                          value={form.quantities[p] ?? ''} aria-invalid={qErr || qApi?.length ? true : undefined}
                          aria-describedby={qErr || qApi?.length ? `${qid}-error` : undefined}
                          onChange={(e) => update((x) => ({ ...x, quantities: { ...x.quantities, [p]: e.target.value } }))} />
                        <FieldErrors id={`${qid}-error`} problem={qErr} apiErrors={qApi} />
                      </div>
                    ) : (
                      <p className="hint">{t('customerForm.noQuantity')}</p>
                    ))}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </fieldset>
    </>
  );
}
