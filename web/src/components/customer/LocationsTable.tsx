import { useTranslation } from 'react-i18next';
import type { Location } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { formatAddress } from '../../lib/address';

export function LocationsTable({ locations }: { locations: Location[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (locations.length === 0) return <p className="empty">{t('customer.noLocations')}</p>;
  return (
    <table className="table cards">
      <caption className="sr-only">{t('customer.locations')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('customer.locationName')}</th>
          <th scope="col">{t('address.title')}</th>
          <th scope="col">{t('location.timezone')}</th>
          <th scope="col">{t('location.language')}</th>
          <th scope="col">{t('customer.emergency')}</th>
        </tr>
      </thead>
      <tbody>
        {locations.map((l) => (
          <tr key={l.id}>
            <th scope="row" data-label={t('customer.locationName')}>
              {l.name} {l.headquarters && <span className="badge ok">{t('customer.headquarters')}</span>}
            </th>
            <td data-label={t('address.title')}>{formatAddress(l.address, f.country)}</td>
            <td data-label={t('location.timezone')}>{l.timezone}</td>
            <td data-label={t('location.language')}>{f.locale(l.language)}</td>
            <td data-label={t('customer.emergency')}>{l.e911 ? `${l.e911.provider} · ${l.e911.status}` : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
