import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, hasLink, ok, type Customer, type CustomerStatus } from '../api/client';
import { ActionsMenu } from '../components/ActionsMenu';
import { Loading } from '../components/Notice';
import { Page } from '../components/Page';
import { PAGE_SIZES, Pagination } from '../components/Pagination';
import { ProblemBanner } from '../components/ProblemBanner';
import { StatusBadge } from '../components/StatusBadge';
import { useFormat } from '../i18n/format';
import { useDebounced, useLoad, usePoll } from '../lib/hooks';
import { Link, setSearch, useLocation } from '../router';

export const CUSTOMER_STATUSES: CustomerStatus[] = [
  'provisioned', 'provisioned_with_errors', 'provisioning', 'updating', 'deleting', 'error', 'pending_rpl_review', 'pending_approval',
];
/** Statuses that change by themselves soon: the list refreshes while a row has one. */
export const MOVING: ReadonlySet<string> = new Set(['provisioning', 'updating', 'deleting']);

function intParam(v: string | null, def: number, ok: (n: number) => boolean): number {
  const n = Number(v);
  return v !== null && Number.isInteger(n) && ok(n) ? n : def;
}

export function CustomersList() {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const status = search.get('status') ?? '';
  const offset = intParam(search.get('offset'), 0, (n) => n >= 0);
  const max = intParam(search.get('max'), 25, (n) => PAGE_SIZES.includes(n));
  const query = search.get('q') ?? '';
  const [typed, setTyped] = useState(query);
  const q = useDebounced(typed.trim(), 300);
  // The search runs on the server (`search`: name or external ID) once typing pauses.
  const urlQuery = useRef(query);
  urlQuery.current = query;
  useEffect(() => {
    if (q !== urlQuery.current.trim()) setSearch({ q: q || undefined, offset: undefined });
  }, [q]);

  const list = useLoad(async () => {
    const { data, response } = await ok(
      api.GET('/v1/wholesale/customers', {
        params: { query: { offset: String(offset), max: String(max), ...(status ? { status } : {}), ...(query.trim() ? { search: query.trim() } : {}) } },
      }),
    );
    return { items: data.items, hasNext: hasLink(response, 'next') };
  }, [offset, max, status, query]);

  const items = list.data?.items ?? [];
  const moving = items.some((c) => MOVING.has(c.status));
  usePoll(list.reload, 3000, moving);

  return (
    <Page
      title={t('customers.title')}
      actions={<ActionsMenu label={t('customers.actions')} items={[{ to: '/customers/new', label: t('customers.create') }]} />}
    >
      <div className="toolbar" role="search">
        <div className="field inline">
          <label htmlFor="customer-search">{t('customers.search')}</label>
          <input id="customer-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} aria-describedby="customer-search-hint" />
          <p id="customer-search-hint" className="hint">
            {t('customers.searchHint')}
          </p>
        </div>
        <div className="field inline">
          <label htmlFor="status-filter">{t('customers.statusFilter')}</label>
          <select id="status-filter" value={status} onChange={(e) => setSearch({ status: e.target.value || undefined, offset: undefined })}>
            <option value="">{t('customers.allStatuses')}</option>
            {CUSTOMER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>

      <ProblemBanner problem={list.problem} />
      {moving && (
        <p className="muted small" role="status">
          {t('customers.refreshing')}
        </p>
      )}
      {list.data === undefined && list.loading ? (
        <Loading label={t('common.loading')} />
      ) : items.length === 0 && !list.problem ? (
        <p className="empty">{status || query ? t('customers.noneMatching') : t('customers.none')}</p>
      ) : (
        <CustomerTable items={items} dateTime={f.dateTime} />
      )}
      {list.data && (
        <Pagination
          offset={offset}
          max={max}
          count={items.length}
          hasNext={list.data.hasNext}
          onPage={(o) => setSearch({ offset: o ? String(o) : undefined })}
          onSize={(m) => setSearch({ max: String(m), offset: undefined })}
        />
      )}
    </Page>
  );
}

function CustomerTable({ items, dateTime }: { items: Customer[]; dateTime: (iso: string) => string }) {
  const { t } = useTranslation();
  return (
    <table className="table cards">
      <caption className="sr-only">{t('customers.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('customers.name')}</th>
          <th scope="col">{t('customers.externalId')}</th>
          <th scope="col">{t('customers.status')}</th>
          <th scope="col">{t('customers.packages')}</th>
          <th scope="col">{t('customers.created')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((c) => (
          <tr key={c.id}>
            <th scope="row" data-label={t('customers.name')}>
              <Link to={`/customers/${encodeURIComponent(c.id)}`}>{c.customerInfo?.name || c.externalId}</Link>
            </th>
            <td data-label={t('customers.externalId')}>{c.externalId}</td>
            <td data-label={t('customers.status')}>
              <StatusBadge status={c.status} />
              {c.status === 'pending_approval' && c.attachment?.approval && (
                <p className="muted small status-note">{t('customers.approvalUntil', { date: dateTime(c.attachment.approval.expires) })}</p>
              )}
              {c.attachment?.apiOnly && <p className="muted small status-note">{t('customers.apiOnly')}</p>}
            </td>
            <td data-label={t('customers.packages')}>
              <ul className="chips">
                {c.packages.map((p) => (
                  <li key={p}>{t(`packages.${p}`)}</li>
                ))}
              </ul>
            </td>
            <td data-label={t('customers.created')}>
              <time dateTime={c.created}>{dateTime(c.created)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
