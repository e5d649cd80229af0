import { useTranslation } from 'react-i18next';
import { useFormat } from '../../i18n/format';
import type { SetupAssistRequest } from '../../lib/setupAssist';
import { Link } from '../../router';
import { Facts } from '../Wizard';

function CustomerName({ r }: { r: SetupAssistRequest }) {
  return r.customerId ? <Link to={`/customers/${encodeURIComponent(r.customerId)}`}>{r.customerName}</Link> : <>{r.customerName}</>;
}

/** One stored request, as the API answered it. */
export function RequestFacts({ request: r }: { request: SetupAssistRequest }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <Facts
      items={[
        [t('setupAssist.customer'), <CustomerName key="c" r={r} />],
        [t('setupAssist.contactName'), r.contactName],
        [t('setupAssist.contactEmail'), r.contactEmail],
        [t('setupAssist.contactPhone'), r.contactPhone],
        [t('setupAssist.services'), r.services.map((s) => t(`setupAssist.service.${s}`)).join(', ')],
        [t('setupAssist.preferredDate'), f.day(r.preferredDate)],
        [t('setupAssist.submitted'), f.dateTime(r.created)],
        [t('setupAssist.requestId'), <code key="id">{r.id}</code>],
        [t('setupAssist.details'), r.details ? <span className="pre-wrap">{r.details}</span> : undefined],
      ]}
    />
  );
}

/** The partner's previous requests, newest first. */
export function RequestsTable({ items }: { items: SetupAssistRequest[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <table className="table cards">
      <caption className="sr-only">{t('setupAssist.previous')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('setupAssist.submitted')}</th>
          <th scope="col">{t('setupAssist.customer')}</th>
          <th scope="col">{t('setupAssist.contact')}</th>
          <th scope="col">{t('setupAssist.services')}</th>
          <th scope="col">{t('setupAssist.preferredDate')}</th>
          <th scope="col">{t('setupAssist.details')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id}>
            <th scope="row" data-label={t('setupAssist.submitted')}>
              <time dateTime={r.created}>{f.dateTime(r.created)}</time>
            </th>
            <td data-label={t('setupAssist.customer')}>
              <CustomerName r={r} />
            </td>
            <td data-label={t('setupAssist.contact')}>
              {r.contactName}
              <br />
              <span className="muted small">{[r.contactEmail, r.contactPhone].filter(Boolean).join(' · ')}</span>
            </td>
            <td data-label={t('setupAssist.services')}>
              <ul className="chips">
                {r.services.map((s) => (
                  <li key={s}>{t(`setupAssist.service.${s}`)}</li>
                ))}
              </ul>
            </td>
            <td data-label={t('setupAssist.preferredDate')}>
              <time dateTime={r.preferredDate}>{f.day(r.preferredDate)}</time>
            </td>
            <td data-label={t('setupAssist.details')} className="pre-wrap">
              {r.details ?? '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
