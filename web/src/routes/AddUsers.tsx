import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type SubscriberPackage } from '../api/client';
import { ApiOnlyNotice, isApiOnly } from '../components/customer/Attachment';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { UserRowFields } from '../components/users/UserRowFields';
import { USER_PACKAGES, isCalling, packageLevel } from '../lib/domain';
import { asProblem, useLoad } from '../lib/hooks';
import { MAX_ROWS, checkRow, newRow, toSubscriberInput, type UserRow } from '../lib/userRows';
import { Link } from '../router';

const READY = new Set(['provisioned', 'provisioned_with_errors']);

/**
 * Set up customer › Add users (seeds 002/004): up to 25 users, each sent as its own
 * POST /v1/wholesale/subscribers, in order, with the result shown on its row.
 */
export function AddUsers({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const ctx = useLoad(async () => {
    const { data: customer } = await ok(api.GET('/v1/wholesale/customers/{customerId}', { params: { path: { customerId } } }));
    const orgId = customer.orgId;
    const calling = customer.resourceDetails.packages.some((p) => p.status === 'provisioned' && isCalling(p.name));
    const [locations, subs] = await Promise.all([
      orgId && calling ? ok(api.GET('/v1/locations', { params: { query: { orgId, max: '100' } } })).then((r) => r.data.items) : Promise.resolve([]),
      ok(api.GET('/v1/wholesale/subscribers', { params: { query: { customerId, max: '1' } } })).then((r) => r.data.items),
    ]);
    return { customer, locations, firstUsers: subs.length === 0 };
  }, [customerId]);
  const orgId = ctx.data?.customer.orgId;
  const hasCalling = (ctx.data?.locations.length ?? 0) > 0;
  const numbers = useLoad(async () => {
    if (!orgId || !hasCalling) return [];
    return (await ok(api.GET('/v1/telephony/config/numbers', { params: { query: { orgId, available: 'true', max: '100' } } }))).data.phoneNumbers;
  }, [orgId, hasCalling]);

  const [rows, setRows] = useState<UserRow[]>([]);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<{ added: number; failed: number } | null>(null);
  const focusInvalid = useRef(false);

  const c = ctx.data?.customer;
  const packages: SubscriberPackage[] = c
    ? USER_PACKAGES.filter((p) => c.resourceDetails.packages.some((d) => d.name === p && d.status === 'provisioned'))
    : [];
  const level = c ? packageLevel(packages) : undefined;

  // The first row starts with the organization's level when it will be the administrator.
  useEffect(() => {
    if (ctx.data && rows.length === 0) setRows([newRow(ctx.data.firstUsers && level ? level : '')]);
  }, [ctx.data, rows.length, level]);

  useEffect(() => {
    if (!focusInvalid.current) return;
    focusInvalid.current = false;
    document.querySelector<HTMLElement>('.user-rows [aria-invalid="true"], .user-rows [role="alert"]')?.focus();
  });

  const crumbs = [{ label: t('nav.customers'), to: '/customers' }];
  if (!c) {
    return (
      <Page title={t('users.title')} crumbs={crumbs}>
        {ctx.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={ctx.problem} />}
      </Page>
    );
  }
  const name = c.customerInfo?.name || c.externalId;
  const customerPath = `/customers/${encodeURIComponent(c.id)}`;
  const fullCrumbs = [...crumbs, { label: name, to: customerPath }, { label: t('users.title') }];
  if (isApiOnly(c)) {
    return (
      <Page title={t('users.title')} crumbs={fullCrumbs}>
        <ApiOnlyNotice customerPath={customerPath} />
      </Page>
    );
  }
  if (!READY.has(c.status)) {
    return (
      <Page title={t('users.title')} crumbs={fullCrumbs}>
        <Notice tone="warning">{t('users.notReady', { status: t(`status.${c.status}`) })}</Notice>
        <Link to={customerPath}>{t('users.backToCustomer')}</Link>
      </Page>
    );
  }

  const locations = ctx.data?.locations ?? [];
  const patch = (key: string, p: Partial<UserRow>) =>
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...p, problems: {} } : r)));
  const pending = rows.filter((r) => r.state !== 'done');
  const taken = new Set(rows.map((r) => r.phoneNumber).filter(Boolean));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    const checked = rows.map((r) =>
      r.state === 'done' ? r : { ...r, problems: checkRow(r, rows.filter((o) => o.key !== r.key), locations.length) },
    );
    setRows(checked);
    if (checked.some((r) => Object.keys(r.problems).length)) {
      focusInvalid.current = true;
      return;
    }
    setRunning(true);
    let added = 0;
    let failed = 0;
    // One at a time, in order: the first user of a new organization becomes its administrator.
    for (const row of checked) {
      if (row.state === 'done') continue;
      setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, state: 'sending', problem: null } : r)));
      try {
        const { data } = await ok(api.POST('/v1/wholesale/subscribers', { body: toSubscriberInput(customerId, row) }));
        added++;
        setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, state: 'done', result: data } : r)));
      } catch (err) {
        failed++;
        const problem = asProblem(err);
        setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, state: 'failed', problem } : r)));
      }
    }
    setRunning(false);
    setOutcome({ added, failed });
    numbers.reload();
    if (failed) focusInvalid.current = true;
  };

  return (
    <Page title={t('users.title')} crumbs={fullCrumbs}>
      <p className="muted">{t('users.intro', { name })}</p>
      {ctx.data?.firstUsers && level && <Notice tone="info">{t('users.firstIsAdmin', { pkg: t(`packages.${level}`) })}</Notice>}
      {packages.length === 0 && <Notice tone="warning">{t('users.noPackages')}</Notice>}
      <ProblemBanner problem={numbers.problem} />
      {outcome && (
        <Notice tone={outcome.failed ? 'warning' : 'success'} live>
          {t('users.outcome', { added: outcome.added, failed: outcome.failed })}{' '}
          {outcome.failed === 0 && <Link to={customerPath}>{t('users.backToCustomer')}</Link>}
        </Notice>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <ol className="user-rows">
          {rows.map((row, i) => (
            <UserRowFields
              key={row.key}
              row={row}
              index={i}
              packages={packages}
              locations={locations}
              numbers={(numbers.data ?? []).filter((n) => !taken.has(n.phoneNumber) || n.phoneNumber === row.phoneNumber)}
              onChange={(p) => patch(row.key, p)}
              onRemove={rows.length > 1 && row.state !== 'done' && !running ? () => setRows((rs) => rs.filter((r) => r.key !== row.key)) : undefined}
            />
          ))}
        </ol>
        <div className="wizard-buttons">
          <button type="button" className="secondary" disabled={rows.length >= MAX_ROWS || running}
            onClick={() => setRows((rs) => [...rs, newRow(rs.at(-1)?.pkg ?? '', rs.at(-1)?.locationId ?? '')])}>
            {t('users.addRow')}
          </button>
          <span className="muted small">{t('users.rowCount', { n: rows.length, max: MAX_ROWS })}</span>
          <span className="spacer" />
          <Link className="button secondary" to={customerPath}>
            {pending.length === 0 ? t('users.done') : t('common.cancel')}
          </Link>
          <button type="submit" className="primary" disabled={running || pending.length === 0} aria-busy={running || undefined}>
            {running && <span className="spinner small" aria-hidden="true" />}
            {t('users.submit', { n: pending.length })}
          </button>
        </div>
      </form>
    </Page>
  );
}
