import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, hasLink, ok } from '../api/client';
import { ApiOnlyNotice, isApiOnly } from '../components/customer/Attachment';
import { AddNumbers } from '../components/location/AddNumbers';
import { NumbersTable } from '../components/location/NumbersTable';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemBanner } from '../components/ProblemBanner';
import { Facts } from '../components/Wizard';
import { useFormat } from '../i18n/format';
import { formatAddress } from '../lib/address';
import { useLoad } from '../lib/hooks';
import { Link, useLocation } from '../router';

type Availability = '' | 'true' | 'false';

/** A location of a customer: its settings (Edit), its numbers with availability and owner, and Add numbers. */
export function LocationPage({ customerId, locationId }: { customerId: string; locationId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const ctx = useLoad(async () => {
    const { data: customer } = await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId } } }));
    const orgId = customer.orgId;
    const location = orgId
      ? (await ok(api.GET('/v1/locations/{locationId}', { params: { path: { locationId }, query: { orgId } } }))).data
      : undefined;
    return { customer, location };
  }, [customerId, locationId]);

  const orgId = ctx.data?.customer.orgId;
  const [available, setAvailable] = useState<Availability>('');
  const [offset, setOffset] = useState(0);
  const [max, setMax] = useState(25);
  const numbers = useLoad(async () => {
    if (!orgId) return { items: [], hasNext: false };
    const { data, response } = await ok(
      api.GET('/v1/telephony/config/numbers', {
        params: { query: { orgId, locationId, offset: String(offset), max: String(max), ...(available ? { available } : {}) } },
      }),
    );
    return { items: data.phoneNumbers, hasNext: hasLink(response, 'next') };
  }, [orgId, locationId, offset, max, available]);

  const crumbs = [{ label: t('nav.customers'), to: '/customers' }];
  const c = ctx.data?.customer;
  const l = ctx.data?.location;
  if (!c || !l) {
    return (
      <Page title={t('locations.title')} crumbs={crumbs}>
        {ctx.loading ? (
          <Loading label={t('common.loading')} />
        ) : ctx.problem ? (
          <ProblemBanner problem={ctx.problem} />
        ) : (
          <Notice tone="warning">{t('customer.orgPending')}</Notice>
        )}
      </Page>
    );
  }
  const name = c.customerInfo?.name || c.externalId;
  const customerPath = `/customers/${encodeURIComponent(c.id)}`;
  const readOnly = isApiOnly(c);
  const writable = c.status !== 'deleting' && !readOnly;
  return (
    <Page
      title={l.name}
      crumbs={[...crumbs, { label: name, to: customerPath }, { label: l.name }]}
      actions={
        writable ? (
          <Link className="button secondary" to={`${customerPath}/locations/${encodeURIComponent(l.id)}/edit`}>
            {t('locations.edit')}
          </Link>
        ) : undefined
      }
    >
      {readOnly && <ApiOnlyNotice />}
      {search.get('created') && <Notice tone="success" live title={t('locations.created')}>{t('locations.createdText')}</Notice>}
      {search.get('saved') && <Notice tone="success" live title={t('locations.saved')} />}
      <section aria-labelledby="location-details-title">
        <h2 id="location-details-title" className="sr-only">
          {t('locations.details')}
        </h2>
        <Facts
          items={[
            [t('address.title'), formatAddress(l.address, f.country)],
            [t('location.timezone'), l.timezone.replaceAll('_', ' ')],
            [t('location.language'), f.locale(l.language)],
            [t('locations.eli'), l.emergencyLocationIdentifier],
            [t('customer.emergency'), l.e911 ? t('locations.e911', { provider: l.e911.provider, status: l.e911.status, date: f.dateTime(l.e911.registered) }) : t('locations.noE911')],
            [t('customer.headquarters'), l.headquarters ? t('locations.yes') : t('locations.no')],
          ]}
        />
      </section>

      <section aria-labelledby="numbers-title">
        <div className="summary-head">
          <h2 id="numbers-title">{t('numbers.title')}</h2>
        </div>
        <div className="field short">
          <div className="label-row">
            <label htmlFor="numbers-filter">{t('numbers.availability')}</label>
          </div>
          <select id="numbers-filter" value={available} onChange={(e) => { setAvailable(e.target.value as Availability); setOffset(0); }}>
            <option value="">{t('numbers.all')}</option>
            <option value="true">{t('numbers.available')}</option>
            <option value="false">{t('numbers.assigned')}</option>
          </select>
        </div>
        <ProblemBanner problem={numbers.problem} />
        {numbers.data === undefined && numbers.loading ? (
          <Loading label={t('common.loading')} />
        ) : numbers.data && numbers.data.items.length === 0 && offset === 0 ? (
          <p className="empty">{available ? t('numbers.noneMatching') : t('numbers.empty')}</p>
        ) : numbers.data ? (
          <>
            <NumbersTable numbers={numbers.data.items} />
            <Pagination offset={offset} max={max} count={numbers.data.items.length} hasNext={numbers.data.hasNext}
              onPage={setOffset} onSize={(m) => { setMax(m); setOffset(0); }} />
          </>
        ) : null}
      </section>

      {writable && orgId && <AddNumbers orgId={orgId} locationId={l.id} locationName={l.name} onAdded={numbers.reload} focusOnOpen={search.get('add') === 'numbers'} />}
    </Page>
  );
}
