import { useTranslation } from 'react-i18next';
import type { Person, Subscriber } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { StatusBadge } from '../StatusBadge';

/** The customer's subscribers, with names, numbers and roles from the People API. */
export function UsersTable({ subscribers, people }: { subscribers: Subscriber[]; people: Person[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (subscribers.length === 0) return <p className="empty">{t('customer.noUsers')}</p>;
  const byId = new Map(people.map((p) => [p.id, p]));
  return (
    <table className="table cards">
      <caption className="sr-only">{t('customer.users')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('users.name')}</th>
          <th scope="col">{t('users.email')}</th>
          <th scope="col">{t('users.package')}</th>
          <th scope="col">{t('users.numberColumn')}</th>
          <th scope="col">{t('customers.status')}</th>
          <th scope="col">{t('customers.created')}</th>
        </tr>
      </thead>
      <tbody>
        {subscribers.map((s) => {
          const p = s.personId ? byId.get(s.personId) : undefined;
          const number = p?.phoneNumbers.find((n) => n.primary)?.value;
          return (
            <tr key={s.id}>
              <th scope="row" data-label={t('users.name')}>
                {p?.displayName ?? '—'} {p?.roles.includes('full_admin') && <span className="badge wait">{t('users.admin')}</span>}
              </th>
              <td data-label={t('users.email')}>{s.email}</td>
              <td data-label={t('users.package')}>{s.packages.map((x) => t(`packages.${x}`)).join(', ')}</td>
              <td data-label={t('users.numberColumn')}>{[number, p?.extension && t('users.ext', { ext: p.extension })].filter(Boolean).join(' · ') || '—'}</td>
              <td data-label={t('customers.status')}>
                <StatusBadge status={s.status} />
              </td>
              <td data-label={t('customers.created')}>
                <time dateTime={s.created}>{f.dateTime(s.created)}</time>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
