import { useTranslation } from 'react-i18next';
import { ok } from '../../api/client';
import { Loading, Notice } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { useFormat } from '../../i18n/format';
import { formatAddress } from '../../lib/address';
import { useLoad } from '../../lib/hooks';
import { Link, useLocation } from '../../router';
import { chApi } from '../api';
import { ChPage } from '../ChPage';

/** The organization's locations (they come with the wholesale calling services). */
export function Locations() {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const list = useLoad(async () => {
    const [locations, users] = await Promise.all([
      ok(chApi.GET('/v1/control-hub/locations')).then((r) => r.data.items),
      ok(chApi.GET('/v1/control-hub/users', { params: { query: { max: '1' } } })).then((r) => r.data.wholesale),
    ]);
    return { locations, wholesale: users };
  }, []);
  const items = list.data?.locations ?? [];
  const canAdd = Boolean(list.data?.wholesale && list.data.wholesale.status !== 'pending_approval');
  return (
    <ChPage title={t('controlHub.locations.title')}
      actions={canAdd ? <Link className="button primary" to="/control-hub/locations/new">{t('locations.add')}</Link> : undefined}>
      {search.get('saved') && <Notice tone="success" live>{t('locations.saved')}</Notice>}
      <ProblemBanner problem={list.problem} />
      {list.data && !list.data.wholesale && <Notice>{t('controlHub.users.noWholesale')}</Notice>}
      {list.data === undefined && list.loading ? <Loading label={t('common.loading')} /> : items.length === 0 ? (
        list.data && <p className="empty">{t('customer.noLocations')}</p>
      ) : (
        <table className="table cards">
          <caption className="sr-only">{t('controlHub.locations.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('customer.locationName')}</th>
              <th scope="col">{t('address.title')}</th>
              <th scope="col">{t('location.timezone')}</th>
              <th scope="col">{t('customer.emergency')}</th>
              <th scope="col"><span className="sr-only">{t('locations.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {items.map((l) => (
              <tr key={l.id}>
                <th scope="row" data-label={t('customer.locationName')}>
                  {l.name} {l.headquarters && <span className="badge ok">{t('customer.headquarters')}</span>}
                </th>
                <td data-label={t('address.title')}>{formatAddress(l.address, f.country)}</td>
                <td data-label={t('location.timezone')}>{l.timezone.replaceAll('_', ' ')}</td>
                <td data-label={t('customer.emergency')}>{l.e911 ? `${l.e911.provider} · ${l.e911.status}` : t('locations.noE911')}</td>
                <td className="row-actions">
                  <div>
                    <Link className="button secondary small" to={`/control-hub/locations/${encodeURIComponent(l.id)}/edit`} aria-label={t('locations.editNamed', { name: l.name })}>
                      {t('common.edit')}
                    </Link>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </ChPage>
  );
}
