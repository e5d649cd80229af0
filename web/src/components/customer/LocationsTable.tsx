import { useTranslation } from 'react-i18next';
import type { Location } from '../../api/client';
import { useFormat } from '../../i18n/format';
import { formatAddress } from '../../lib/address';
import { Link } from '../../router';

/**
 * The customer's locations. With `customerPath`, each name opens the location (its numbers) and
 * `editable` adds Edit and Add numbers.
 */
export function LocationsTable({ locations, customerPath, editable = false }: { locations: Location[]; customerPath?: string; editable?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  if (locations.length === 0) return <p className="empty">{t('customer.noLocations')}</p>;
  const pathOf = (l: Location) => (customerPath ? `${customerPath}/locations/${encodeURIComponent(l.id)}` : undefined);
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
          {editable && (
            <th scope="col">
              <span className="sr-only">{t('locations.actions')}</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>
        {locations.map((l) => {
          const path = pathOf(l);
          return (
            <tr key={l.id}>
              <th scope="row" data-label={t('customer.locationName')}>
                {path ? <Link to={path}>{l.name}</Link> : l.name} {l.headquarters && <span className="badge ok">{t('customer.headquarters')}</span>}
              </th>
              <td data-label={t('address.title')}>{formatAddress(l.address, f.country)}</td>
              <td data-label={t('location.timezone')}>{l.timezone.replaceAll('_', ' ')}</td>
              <td data-label={t('location.language')}>{f.locale(l.language)}</td>
              <td data-label={t('customer.emergency')}>{l.e911 ? `${l.e911.provider} · ${l.e911.status}` : '—'}</td>
              {editable && path && (
                <td className="row-actions">
                  <div>
                    <Link className="button secondary small" to={`${path}/edit`} aria-label={t('locations.editNamed', { name: l.name })}>
                      {t('common.edit')}
                    </Link>
                    <Link className="button secondary small" to={`${path}?add=numbers`} aria-label={t('numbers.addTo', { name: l.name })}>
                      {t('numbers.add')}
                    </Link>
                  </div>
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
