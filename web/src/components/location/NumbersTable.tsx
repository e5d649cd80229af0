import { useTranslation } from 'react-i18next';
import type { PhoneNumber } from '../../api/client';

/** A location's numbers: available, or assigned to someone (the owner's name). */
export function NumbersTable({ numbers }: { numbers: PhoneNumber[] }) {
  const { t } = useTranslation();
  return (
    <table className="table cards">
      <caption className="sr-only">{t('numbers.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('numbers.number')}</th>
          <th scope="col">{t('numbers.availability')}</th>
          <th scope="col">{t('numbers.owner')}</th>
        </tr>
      </thead>
      <tbody>
        {numbers.map((n) => {
          const owner = [n.owner?.firstName, n.owner?.lastName].filter(Boolean).join(' ');
          return (
            <tr key={n.phoneNumber}>
              <th scope="row" data-label={t('numbers.number')}>
                <span className="nowrap">{n.phoneNumber}</span>
              </th>
              <td data-label={t('numbers.availability')}>
                <span className={`badge ${n.available ? 'ok' : 'wait'}`}>{n.available ? t('numbers.available') : t('numbers.assigned')}</span>
              </td>
              <td data-label={t('numbers.owner')}>{n.owner ? owner || t('numbers.unnamed') : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
