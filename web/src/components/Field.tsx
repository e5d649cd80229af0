import type { ChangeEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorItem } from '../api/client';

/**
 * A labelled control with its hint and its errors: the portal's own check (`problem`) and what
 * the API answered for this field (`apiErrors`, with their codes). Errors are tied to the
 * control with aria-describedby and mark it aria-invalid.
 */
export type Control = {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  required?: boolean;
};

type FieldProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  problem?: string | null;
  apiErrors?: ErrorItem[];
  required?: boolean;
  className?: string;
  children: (control: Control) => ReactNode;
};

export function FieldErrors({ id, problem, apiErrors }: { id: string; problem?: string | null; apiErrors?: ErrorItem[] }) {
  const { t } = useTranslation();
  if (!problem && !apiErrors?.length) return null;
  return (
    <div id={id} className="field-errors">
      {problem && <p>{problem}</p>}
      {apiErrors?.map((e, i) => (
        <p key={i}>
          <span className="code">{t('errors.code', { code: e.errorCode })}</span> {e.description}
        </p>
      ))}
    </div>
  );
}

export function Field({ id, label, hint, problem, apiErrors, required, className, children }: FieldProps) {
  const { t } = useTranslation();
  const invalid = Boolean(problem) || Boolean(apiErrors?.length);
  const describedBy = [hint ? `${id}-hint` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${invalid ? ' invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="label-row">
        <label htmlFor={id}>
          {label}
          {!required && <span className="optional"> {t('common.optional')}</span>}
        </label>
        {/* Outside the label: the accessible name stays the label; `required` says the rest. */}
        {required && (
          <span className="required" aria-hidden="true">
            *
          </span>
        )}
      </div>
      {children({ id, required, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(invalid ? { 'aria-invalid': true } : {}) })}
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} problem={problem} apiErrors={apiErrors} />
    </div>
  );
}

type Common = { id: string; label: ReactNode; hint?: ReactNode; problem?: string | null; apiErrors?: ErrorItem[]; required?: boolean; className?: string };

export function TextField({
  value,
  onValue,
  ...props
}: Common & { value: string; onValue: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id'>) {
  const { id, label, hint, problem, apiErrors, required, className, ...input } = props;
  return (
    <Field {...{ id, label, hint, problem, apiErrors, required, className }}>
      {(c) => <input {...input} {...c} value={value} onChange={(e: ChangeEvent<HTMLInputElement>) => onValue(e.target.value)} />}
    </Field>
  );
}

export function SelectField({
  value,
  onValue,
  children,
  ...props
}: Common & { value: string; onValue: (v: string) => void; children: ReactNode } & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'id' | 'children'>) {
  const { id, label, hint, problem, apiErrors, required, className, ...select } = props;
  return (
    <Field {...{ id, label, hint, problem, apiErrors, required, className }}>
      {(c) => (
        <select {...select} {...c} value={value} onChange={(e) => onValue(e.target.value)}>
          {children}
        </select>
      )}
    </Field>
  );
}

/** A checkbox (or switch) with its label beside it. */
export function CheckField({
  id,
  label,
  hint,
  checked,
  onChecked,
  problem,
  apiErrors,
  disabled,
  role,
  groupError,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  checked: boolean;
  onChecked: (v: boolean) => void;
  problem?: string | null;
  apiErrors?: ErrorItem[];
  disabled?: boolean;
  role?: 'switch';
  /** The id of an error shown for the group of checkboxes this one belongs to (e.g. "choose at least one"). */
  groupError?: string;
}) {
  const invalid = Boolean(problem) || Boolean(apiErrors?.length) || Boolean(groupError);
  const describedBy = [hint ? `${id}-hint` : '', problem || apiErrors?.length ? `${id}-error` : '', groupError ?? ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field check${invalid ? ' invalid' : ''}`}>
      <div className="check-row">
        <input
          type="checkbox"
          id={id}
          role={role}
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChecked(e.target.checked)}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
        />
        <label htmlFor={id}>{label}</label>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldErrors id={`${id}-error`} problem={problem} apiErrors={apiErrors} />
    </div>
  );
}
