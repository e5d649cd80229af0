import { useTranslation } from 'react-i18next';
import { api, hasLink, ok } from '../api/client';
import { CopyButton } from '../components/CopyButton';
import { ApiOnlyNotice, AttachmentSection, isApiOnly } from '../components/customer/Attachment';
import { LocationsTable } from '../components/customer/LocationsTable';
import { PackagesTable } from '../components/customer/PackagesTable';
import { FINAL, ProvisioningProgress, WAITING } from '../components/customer/ProvisioningProgress';
import { UsersTable } from '../components/customer/UsersTable';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { Facts } from '../components/Wizard';
import { useFormat } from '../i18n/format';
import { formatAddress } from '../lib/address';
import { useLoad, usePoll } from '../lib/hooks';
import { Link, useLocation } from '../router';

const CAN_ADD_USERS = new Set(['provisioned', 'provisioned_with_errors']);

export function CustomerPage({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const customer = useLoad(
    async () => (await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId } } }))).data,
    [customerId],
  );
  const c = customer.data;
  // Poll until the status is final (a review or an approval waits for a person: poll slower).
  usePoll(customer.reload, c && WAITING.has(c.status) ? 10_000 : 2000, Boolean(c && !FINAL.has(c.status)));

  const orgId = c?.orgId;
  const settled = c ? FINAL.has(c.status) : false;
  const org = useLoad(async () => {
    if (!orgId) return null;
    const [locations, subs, people] = await Promise.all([
      ok(api.GET('/v1/locations', { params: { query: { orgId, max: '100' } } })),
      ok(api.GET('/v1/wholesale/subscribers', { params: { query: { customerId, max: '100' } } })),
      ok(api.GET('/v1/people', { params: { query: { orgId, max: '100' } } })),
    ]);
    return {
      locations: locations.data.items,
      subscribers: subs.data.items,
      moreSubscribers: hasLink(subs.response, 'next'),
      people: people.data.items,
    };
  }, [orgId, customerId, settled]);

  if (!c) {
    return (
      <Page title={t('customer.title')} crumbs={[{ label: t('nav.customers'), to: '/customers' }]}>
        {customer.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={customer.problem} />}
      </Page>
    );
  }

  const name = c.customerInfo?.name || c.externalId;
  // Seed 003: the partner's own customer org with wholesale services attached is API-only here.
  const readOnly = isApiOnly(c);
  const addUsers = CAN_ADD_USERS.has(c.status) && !readOnly;
  const path = `/customers/${encodeURIComponent(c.id)}`;
  // Locations and numbers can change while the organization exists and is not being removed.
  const orgWritable = Boolean(orgId) && c.status !== 'deleting' && !readOnly;
  return (
    <Page
      title={name}
      crumbs={[{ label: t('nav.customers'), to: '/customers' }, { label: name }]}
      actions={
        addUsers ? (
          <Link className="button primary" to={`${path}/users/new`}>
            {t('customer.addUsers')}
          </Link>
        ) : undefined
      }
    >
      {search.get('updated') && (
        <Notice tone="success" live title={t('customer.updateAccepted')}>
          <p>{FINAL.has(c.status) ? t('customer.updateDone') : t('customer.updateAcceptedText')}</p>
        </Notice>
      )}
      {search.get('created') && !FINAL.has(c.status) && (
        <Notice tone="success" title={t('customer.created')}>
          <p>{c.status === 'pending_approval' ? t('customer.createdWaiting') : t('customer.createdText')}</p>
        </Notice>
      )}
      <ProblemBanner problem={customer.problem} />
      {readOnly && <ApiOnlyNotice />}
      <ProvisioningProgress customer={c} />
      {c.errors && c.errors.length > 0 && (
        <Notice tone="error" title={t('customer.errors')}>
          <ul>
            {c.errors.map((e, i) => (
              <li key={i}>
                <span className="code">{t('errors.code', { code: e.errorCode })}</span> {e.description}
              </li>
            ))}
          </ul>
        </Notice>
      )}

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('customer.details')}</h2>
        <Facts
          items={[
            [t('customerForm.companyName'), c.customerInfo?.name],
            [t('customerForm.adminEmail'), c.customerInfo?.primaryEmail],
            [t('customerForm.language'), c.customerInfo?.language ? f.locale(c.customerInfo.language) : undefined],
            [t('customerForm.externalId'), c.externalId],
            [t('address.title'), formatAddress(c.address, f.country)],
            [
              t('customer.customerId'),
              <span className="id-value" key="id">
                <code>{c.id}</code> <CopyButton value={c.id} label={t('customer.copyCustomerId')} />
              </span>,
            ],
            [t('customer.orgId'), c.orgId ? <code>{c.orgId}</code> : t('customer.orgPending')],
            [t('templates.provisioningId'), c.provisioningId ? <code>{c.provisioningId}</code> : undefined],
            [t('customer.sipDomain'), c.sipDomain],
            [t('customer.meetingsSite'), c.meetingsSiteUrl],
            [t('customer.billingStart'), c.billingStartDate ? f.day(c.billingStartDate) : undefined],
            [t('customers.created'), f.dateTime(c.created)],
            [t('customer.lastChange'), f.dateTime(c.lastStatusChange)],
          ]}
        />
      </section>

      <AttachmentSection customer={c} />

      <section aria-labelledby="packages-title">
        <div className="summary-head">
          <h2 id="packages-title">{t('customer.packages')}</h2>
          {readOnly ? null : settled ? (
            <Link className="button secondary small" to={`${path}/packages`}>
              {t('customer.editPackages')}
            </Link>
          ) : (
            <button type="button" className="secondary small" disabled aria-describedby="edit-packages-why">
              {t('customer.editPackages')}
            </button>
          )}
        </div>
        {!settled && !readOnly && (
          <p id="edit-packages-why" className="hint">
            {t('customer.editPackagesLater', { status: t(`status.${c.status}`) })}
          </p>
        )}
        <PackagesTable packages={c.resourceDetails.packages} />
      </section>

      <section aria-labelledby="locations-title">
        <div className="summary-head">
          <h2 id="locations-title">{t('customer.locations')}</h2>
          {orgWritable && (
            <Link className="button secondary small" to={`${path}/locations/new`}>
              {t('locations.add')}
            </Link>
          )}
        </div>
        {!orgId ? (
          <p className="empty">{t('customer.orgPending')}</p>
        ) : org.data ? (
          <LocationsTable locations={org.data.locations} customerPath={path} editable={orgWritable} />
        ) : org.problem ? (
          <ProblemBanner problem={org.problem} />
        ) : (
          <Loading label={t('common.loading')} />
        )}
      </section>

      <section aria-labelledby="users-title">
        <div className="summary-head">
          <h2 id="users-title">{t('customer.users')}</h2>
          {addUsers && (
            <Link className="button secondary small" to={`${path}/users/new`}>
              {t('customer.addUsers')}
            </Link>
          )}
        </div>
        {!orgId ? (
          <p className="empty">{t('customer.orgPending')}</p>
        ) : org.data ? (
          <>
            <UsersTable subscribers={org.data.subscribers} people={org.data.people} />
            {org.data.moreSubscribers && <p className="muted small">{t('customer.firstHundred')}</p>}
          </>
        ) : org.problem ? (
          <ProblemBanner problem={org.problem} />
        ) : (
          <Loading label={t('common.loading')} />
        )}
      </section>

      {settled && (
        <section aria-labelledby="next-title" className="next-steps">
          <h2 id="next-title">{t('customer.next.title')}</h2>
          <ul>
            {addUsers && (
              <li>
                {t('customer.next.addUsers')} <Link to={`${path}/users/new`}>{t('users.title')}</Link>
              </li>
            )}
            <li>
              {t('customer.next.setupAssist')} <Link to={`/setup-assist?customerId=${encodeURIComponent(c.id)}`}>{t('customer.next.setupAssistLink')}</Link>
            </li>
          </ul>
        </section>
      )}
    </Page>
  );
}
