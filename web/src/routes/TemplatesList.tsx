import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { useFormat } from '../i18n/format';
import { useLoad } from '../lib/hooks';
import { Link } from '../router';

/** Customers › Onboarding templates (seeds 002/004). */
export function TemplatesList() {
  const { t } = useTranslation();
  const f = useFormat();
  const list = useLoad(async () => (await ok(api.GET('/v1/wholesale/templates', { params: { query: { max: '100' } } }))).data.items, []);
  const items = list.data ?? [];
  return (
    <Page
      title={t('templates.title')}
      crumbs={[{ label: t('nav.customers'), to: '/customers' }, { label: t('templates.title') }]}
      actions={
        <Link className="button primary" to="/templates/new">
          {t('templates.create')}
        </Link>
      }
    >
      <p className="muted">{t('templates.intro')}</p>
      <ProblemBanner problem={list.problem} />
      {list.data === undefined && list.loading ? (
        <Loading label={t('common.loading')} />
      ) : items.length === 0 && !list.problem ? (
        <p className="empty">{t('templates.none')}</p>
      ) : (
        <table className="table cards">
          <caption className="sr-only">{t('templates.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templates.name')}</th>
              <th scope="col">{t('templates.country')}</th>
              <th scope="col">{t('templates.language')}</th>
              <th scope="col">{t('templates.subscription')}</th>
              <th scope="col">{t('templates.authentication')}</th>
              <th scope="col">{t('templates.customers')}</th>
              <th scope="col">{t('templates.updated')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((tpl) => (
              <tr key={tpl.id}>
                <th scope="row" data-label={t('templates.name')}>
                  <Link to={`/templates/${encodeURIComponent(tpl.id)}`}>{tpl.name}</Link>
                </th>
                <td data-label={t('templates.country')}>{f.country(tpl.country)}</td>
                <td data-label={t('templates.language')}>{f.locale(tpl.defaultEmailLanguage)}</td>
                <td data-label={t('templates.subscription')}>{tpl.wholesaleSubscriptionId}</td>
                <td data-label={t('templates.authentication')}>{t(`templates.auth.${tpl.authentication.method}`)}</td>
                <td data-label={t('templates.customers')}>{f.number(tpl.customerCount)}</td>
                <td data-label={t('templates.updated')}>
                  <time dateTime={tpl.updated}>{f.dateTime(tpl.updated)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
