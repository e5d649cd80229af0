import { useTranslation } from 'react-i18next';
import type { Customer } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { StatusBadge } from '../StatusBadge';

export const FINAL: ReadonlySet<string> = new Set(['provisioned', 'provisioned_with_errors', 'error']);
/** Statuses that wait for a person (the operator, the customer's administrator), not for the worker. */
export const WAITING: ReadonlySet<string> = new Set(['pending_rpl_review', 'pending_approval']);

/** Where provisioning stands: packages done out of all, announced politely as it moves. */
export function ProvisioningProgress({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pkgs = customer.resourceDetails.packages;
  const done = pkgs.filter((p) => p.status === 'provisioned' || p.status === 'error').length;
  const final = FINAL.has(customer.status);
  const expires = customer.attachment?.approval?.expires;
  const text =
    customer.status === 'pending_rpl_review'
      ? t('customer.progress.review')
      : customer.status === 'pending_approval'
        ? t('customer.progress.approval', { date: expires ? f.dateTime(expires) : '—' })
        : final
          ? t(`customer.progress.final.${customer.status}`)
          : t('customer.progress.running', { status: t(`status.${customer.status}`), done, total: pkgs.length });
  return (
    <section className={`progress-box ${final ? 'final' : 'running'}`} aria-labelledby="progress-title">
      <div className="summary-head">
        <h2 id="progress-title">{t('customer.progress.title')}</h2>
        <StatusBadge status={customer.status} />
      </div>
      {!final && !WAITING.has(customer.status) && (
        <progress max={Math.max(pkgs.length, 1)} value={done} aria-labelledby="progress-title" aria-describedby="progress-text" />
      )}
      <p id="progress-text" role="status">
        {text}
      </p>
    </section>
  );
}
