import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem, ErrorItem } from '../api/client';

/**
 * What the API answered when it refused a request: its message, the errors no field claimed
 * (with their codes) and the tracking id to quote. Focusable, so a failed submit can move the
 * focus here.
 */
export const ProblemBanner = forwardRef<HTMLDivElement, { problem: ApiProblem | null; rest?: ErrorItem[]; fieldCount?: number; title?: string }>(
  function ProblemBanner({ problem, rest, fieldCount = 0, title: ownTitle }, ref) {
    const { t } = useTranslation();
    if (!problem) return null;
    const errors = rest ?? problem.errors;
    const title =
      ownTitle ??
      (problem.status === 0
        ? t('errors.network')
        : problem.status === 401
          ? t('errors.unauthorized')
          : problem.status === 403
            ? t('errors.forbidden')
            : problem.status === 404
              ? t('errors.notFound')
              : t('errors.refused'));
    // The message often repeats the one error it sums up: say it once.
    const repeated = problem.message === title || errors.some((e) => e.description === problem.message);
    return (
      <div ref={ref} className="notice error" role="alert" tabIndex={-1}>
        <p className="notice-title">{title}</p>
        {!repeated && <p>{problem.message}</p>}
        {fieldCount > 0 && <p>{t('errors.seeFields')}</p>}
        {errors.length > 0 && (
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <span className="code">{t('errors.code', { code: e.errorCode })}</span> {e.description}
              </li>
            ))}
          </ul>
        )}
        {problem.trackingId && <p className="muted small">{t('errors.tracking', { id: problem.trackingId })}</p>}
      </div>
    );
  },
);
