import { useTranslation } from 'react-i18next';

const TONES: Record<string, string> = {
  provisioned: 'ok',
  provisioned_with_errors: 'warn',
  error: 'bad',
  provisioning: 'busy',
  updating: 'busy',
  deleting: 'busy',
  pending_rpl_review: 'wait',
  pending_user_migration: 'wait',
  pending_approval: 'warn',
};

/** A customer, package or subscriber status, in words (colour only repeats them). */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const tone = TONES[status] ?? 'wait';
  return (
    <span className={`badge ${tone}`}>
      {tone === 'busy' && <span className="spinner small" aria-hidden="true" />}
      {t(`status.${status}`, { defaultValue: status })}
    </span>
  );
}
