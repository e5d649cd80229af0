import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';

export const PAGE_SIZES = [10, 25, 50, 100];

/** offset/max paging as the API does it; `hasNext` comes from the Link header. */
export function Pagination({
  offset,
  max,
  count,
  hasNext,
  onPage,
  onSize,
}: {
  offset: number;
  max: number;
  count: number;
  hasNext: boolean;
  onPage: (offset: number) => void;
  onSize: (max: number) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <span className="muted">
        {count === 0 ? t('pagination.none') : t('pagination.range', { from: f.number(offset + 1), to: f.number(offset + count) })}
      </span>
      <span className="spacer" />
      <label htmlFor="page-size">{t('pagination.size')}</label>
      <select id="page-size" value={max} onChange={(e) => onSize(Number(e.target.value))}>
        {PAGE_SIZES.map((n) => (
          <option key={n} value={n}>
            {f.number(n)}
          </option>
        ))}
      </select>
      <button type="button" className="secondary small" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - max))}>
        {t('pagination.previous')}
      </button>
      <button type="button" className="secondary small" disabled={!hasNext} onClick={() => onPage(offset + max)}>
        {t('pagination.next')}
      </button>
    </nav>
  );
}
