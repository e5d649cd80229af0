import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPackage, ErrorItem } from '../../api/client';
import { PACKAGES, dependenciesOf, isAddOn, takesQuantity } from '../../lib/domain';
import { FieldErrors } from '../Field';

type Props = {
  legend: string;
  selected: readonly CustomerPackage[];
  onToggle: (p: CustomerPackage, on: boolean) => void;
  /** Whether the chosen packages take quantities (the customer is limited). */
  withQuantities: boolean;
  quantities: Partial<Record<CustomerPackage, string>>;
  onQuantity: (p: CustomerPackage, value: string) => void;
  /** The portal's own message per field (`packages`, `quantity.<package>`), already translated. */
  problems: Record<string, string | undefined>;
  apiErrors: Record<string, ErrorItem[] | undefined>;
  /** More about a package under its name (its current state on an existing customer). */
  details?: (p: CustomerPackage) => ReactNode;
  /** A hint under a package's quantity (the current limit on an existing customer). */
  quantityHint?: (p: CustomerPackage) => string | undefined;
};

/**
 * The package and add-on checkboxes (seed 004 step 6), each with its quantity when the
 * customer is limited: only packages assignable to a user or workspace take one.
 */
export function PackageChecklist({ legend, selected, onToggle, withQuantities, quantities, onQuantity, problems, apiErrors, details, quantityHint }: Props) {
  const { t } = useTranslation();
  const groups: Array<[string, CustomerPackage[]]> = [
    [t('customerForm.basePackages'), PACKAGES.filter((p) => !isAddOn(p))],
    [t('customerForm.addOns'), PACKAGES.filter(isAddOn)],
  ];
  const packagesError = problems.packages || apiErrors.packages?.length;
  return (
    <fieldset aria-describedby={packagesError ? 'packages-error' : undefined}>
      <legend>{legend}</legend>
      <FieldErrors id="packages-error" problem={problems.packages} apiErrors={apiErrors.packages} />
      {groups.map(([title, list]) => (
        <div key={title} className="package-group">
          <h3>{title}</h3>
          <ul className="package-list">
            {list.map((p) => {
              const on = selected.includes(p);
              const qid = `qty-${p}`;
              const qErr = problems[`quantity.${p}`];
              const qApi = apiErrors[`quantity.${p}`];
              const invalid = Boolean(qErr || qApi?.length);
              const hint = quantityHint?.(p);
              const describedBy = [hint ? `${qid}-hint` : '', invalid ? `${qid}-error` : ''].filter(Boolean).join(' ') || undefined;
              const extra = details?.(p);
              const pkgDescribedBy = [isAddOn(p) ? `pkg-${p}-hint` : '', extra ? `pkg-${p}-details` : ''].filter(Boolean).join(' ') || undefined;
              return (
                <li key={p} className={on ? 'selected' : ''}>
                  <div className="check-row">
                    <input type="checkbox" id={`pkg-${p}`} checked={on} onChange={(e) => onToggle(p, e.target.checked)} aria-describedby={pkgDescribedBy} />
                    <label htmlFor={`pkg-${p}`}>{t(`packages.${p}`)}</label>
                  </div>
                  {extra && (
                    <div id={`pkg-${p}-details`} className="package-details">
                      {extra}
                    </div>
                  )}
                  {isAddOn(p) && (
                    <p id={`pkg-${p}-hint`} className="hint">
                      {t('customerForm.addOnNeeds', { bases: dependenciesOf(p).map((b) => t(`packages.${b}`)).join(', ') })}
                    </p>
                  )}
                  {on && withQuantities && (takesQuantity(p) ? (
                    <div className={`field quantity${invalid ? ' invalid' : ''}`}>
                      <label htmlFor={qid}>{t('customerForm.quantityFor', { pkg: t(`packages.${p}`) })}</label>
                      <input id={qid} type="text" inputMode="numeric" pattern="[1-9][0-9]*" required autoComplete="off"
                        value={quantities[p] ?? ''} aria-invalid={invalid || undefined} aria-describedby={describedBy}
                        onChange={(e) => onQuantity(p, e.target.value)} />
                      {hint && (
                        <p id={`${qid}-hint`} className="hint">
                          {hint}
                        </p>
                      )}
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
  );
}
