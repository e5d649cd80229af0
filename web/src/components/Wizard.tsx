import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The steps of a Partner Hub wizard: where you are, where you have been (those can be opened
 * again) and the Back / Next buttons.
 */
export function Steps({ steps, current, reached, onOpen }: { steps: string[]; current: number; reached: number; onOpen: (i: number) => void }) {
  const { t } = useTranslation();
  // A new step takes the focus on its title: Tab then goes to its first field.
  const title = useRef<HTMLHeadingElement>(null);
  const shown = useRef(current);
  useEffect(() => {
    if (shown.current === current) return;
    shown.current = current;
    if (!document.activeElement?.closest('[aria-invalid="true"], [role="alert"]')) title.current?.focus();
  }, [current]);
  return (
    <nav aria-label={t('wizard.steps')} className="steps">
      <ol>
        {steps.map((label, i) => (
          <li key={label} className={i === current ? 'current' : i < reached ? 'done' : ''}>
            {i !== current && i <= reached ? (
              <button type="button" className="link" onClick={() => onOpen(i)}>
                <span className="step-no">{i + 1}</span> {label}
              </button>
            ) : (
              <span aria-current={i === current ? 'step' : undefined}>
                <span className="step-no">{i + 1}</span> {label}
              </span>
            )}
          </li>
        ))}
      </ol>
      <h2 ref={title} tabIndex={-1} className="sr-only">
        {t('wizard.stepOf', { step: current + 1, total: steps.length, label: steps[current] })}
      </h2>
    </nav>
  );
}

export function WizardButtons({
  onBack,
  onCancel,
  nextLabel,
  busy,
  nextDisabled,
  extra,
}: {
  onBack?: () => void;
  onCancel: () => void;
  nextLabel: string;
  busy?: boolean;
  nextDisabled?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="wizard-buttons">
      <button type="button" className="secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <span className="spacer" />
      {extra}
      {onBack && (
        <button type="button" className="secondary" onClick={onBack}>
          {t('wizard.back')}
        </button>
      )}
      <button type="submit" className="primary" disabled={busy || nextDisabled} aria-busy={busy || undefined}>
        {busy && <span className="spinner small" aria-hidden="true" />}
        {nextLabel}
      </button>
    </div>
  );
}

/** A summary section with its Edit button (opens the step again). */
export function SummarySection({ title, onEdit, children }: { title: string; onEdit: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="summary-section" aria-label={title}>
      <div className="summary-head">
        <h3>{title}</h3>
        <button type="button" className="secondary small" onClick={onEdit} aria-label={t('wizard.editSection', { section: title })}>
          {t('common.edit')}
        </button>
      </div>
      {children}
    </section>
  );
}

/** A definition list of label → value pairs (details and summaries). */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  return (
    <dl className="facts">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === '' || v === undefined || v === null ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}
