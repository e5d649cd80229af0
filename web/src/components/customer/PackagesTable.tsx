import { useTranslation } from 'react-i18next';
import type { PackageDetail } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { StatusBadge } from '../StatusBadge';

/** Each package's state with its warnings and errors, and the quantity used out of the limit. */
export function PackagesTable({ packages }: { packages: PackageDetail[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="table-wrap">
      <table className="table cards">
        <caption className="sr-only">{t('customer.packages')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('customer.package')}</th>
            <th scope="col">{t('customers.status')}</th>
            <th scope="col">{t('customer.quantity')}</th>
            <th scope="col">{t('customer.messages')}</th>
          </tr>
        </thead>
        <tbody>
          {packages.map((p) => {
            const notes = [...(p.errors ?? []).map((e) => ({ ...e, kind: 'error' })), ...(p.warnings ?? []).map((e) => ({ ...e, kind: 'warning' }))];
            return (
              <tr key={p.name}>
                <th scope="row" data-label={t('customer.package')}>
                  {t(`packages.${p.name}`)}
                </th>
                <td data-label={t('customers.status')}>
                  <StatusBadge status={p.status} />
                </td>
                <td data-label={t('customer.quantity')}>
                  {p.quantity.limit === null
                    ? t('customer.usedUnlimited', { used: f.number(p.quantity.assigned) })
                    : t('customer.usedOf', { used: f.number(p.quantity.assigned), limit: f.number(p.quantity.limit) })}
                </td>
                <td data-label={t('customer.messages')}>
                  {notes.length === 0 ? (
                    '—'
                  ) : (
                    <ul className="plain">
                      {notes.map((n, i) => (
                        <li key={i} className={n.kind}>
                          <span className="code">{t(n.kind === 'error' ? 'errors.code' : 'errors.warningCode', { code: n.errorCode })}</span> {n.description}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
