import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasLink, ok, type ApiProblem } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading, Notice } from '../../components/Notice';
import { PAGE_SIZES, Pagination } from '../../components/Pagination';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/format';
import { asProblem, useDebounced, useLoad } from '../../lib/hooks';
import { Link, setSearch, useLocation } from '../../router';
import { chApi, type ChUser, type ChWholesale } from '../api';
import { ChPage } from '../ChPage';

const int = (v: string | null, def: number, okay: (n: number) => boolean) => {
  const n = Number(v);
  return v !== null && Number.isInteger(n) && okay(n) ? n : def;
};

/** The organization's users with their package, and the wholesale packages' quantities. */
export function Users() {
  const { t } = useTranslation();
  const f = useFormat();
  const { search } = useLocation();
  const offset = int(search.get('offset'), 0, (n) => n >= 0);
  const max = int(search.get('max'), 25, (n) => PAGE_SIZES.includes(n));
  const query = search.get('q') ?? '';
  const saved = search.get('saved');
  const [typed, setTyped] = useState(query);
  const q = useDebounced(typed.trim(), 300);
  const urlQuery = useRef(query);
  urlQuery.current = query;
  useEffect(() => {
    if (q !== urlQuery.current.trim()) setSearch({ q: q || undefined, offset: undefined });
  }, [q]);

  const list = useLoad(async () => {
    const { data, response } = await ok(chApi.GET('/v1/control-hub/users', {
      params: { query: { offset: String(offset), max: String(max), ...(query.trim() ? { search: query.trim() } : {}) } },
    }));
    return { ...data, hasNext: hasLink(response, 'next') };
  }, [offset, max, query]);
  const [removing, setRemoving] = useState<ChUser | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [removed, setRemoved] = useState<string | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setProblem(null);
    try {
      await ok(chApi.DELETE('/v1/control-hub/users/{personId}', { params: { path: { personId: removing.id } } }));
      setRemoved(removing.email);
      list.reload();
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
      setRemoving(null);
    }
  };

  const w = list.data?.wholesale ?? null;
  return (
    <ChPage title={t('controlHub.users.title')} actions={<Link className="button primary" to="/control-hub/users/new">{t('controlHub.users.add')}</Link>}>
      {saved && <Notice tone="success" live>{t(saved === 'pending' ? 'controlHub.users.pendingNotice' : 'controlHub.users.savedNotice')}</Notice>}
      {removed && <Notice tone="success" live>{t('controlHub.users.removedNotice', { email: removed })}</Notice>}
      <ProblemBanner problem={problem ?? list.problem} />
      {w ? <Quantities wholesale={w} /> : list.data && <Notice>{t('controlHub.users.noWholesale')}</Notice>}
      <div className="toolbar" role="search">
        <div className="field inline">
          <label htmlFor="user-search">{t('controlHub.users.search')}</label>
          <input id="user-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
      </div>
      {list.data === undefined && list.loading ? <Loading label={t('common.loading')} /> : list.data && (
        <>
          <p className="muted small">{t('controlHub.users.count', { n: f.number(list.data.total) })}</p>
          <UserTable items={list.data.items} onRemove={setRemoving} />
          <Pagination offset={offset} max={max} count={list.data.items.length} hasNext={list.data.hasNext}
            onPage={(o) => setSearch({ offset: o ? String(o) : undefined })} onSize={(m) => setSearch({ max: String(m), offset: undefined })} />
          {list.data.pending.length > 0 && (
            <>
              <h2>{t('controlHub.users.pendingTitle')}</h2>
              <p className="muted">{t('controlHub.users.pendingIntro')}</p>
              <ul className="plain">
                {list.data.pending.map((p) => (
                  <li key={p.subscriberId}>
                    {p.email} · {p.packages.map((x) => t(`packages.${x}`)).join(', ')} <StatusBadge status={p.status} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <ConfirmDialog open={removing !== null} title={t('controlHub.users.removeTitle', { email: removing?.email ?? '' })}
        confirmLabel={t('common.remove')} busy={busy} onConfirm={() => void remove()} onClose={() => setRemoving(null)}>
        <p>{t('controlHub.users.removeText')}</p>
      </ConfirmDialog>
    </ChPage>
  );
}

function Quantities({ wholesale: w }: { wholesale: ChWholesale }) {
  const { t } = useTranslation();
  const f = useFormat();
  const assignable = w.packages.filter((p) => p.assignable);
  return (
    <section aria-labelledby="quantities">
      <h2 id="quantities">{t('controlHub.users.packagesTitle', { partner: w.partnerName })}</h2>
      {assignable.length === 0 ? <p className="empty">{t('controlHub.users.noPackages')}</p> : (
        <ul className="package-list">
          {assignable.map((p) => (
            <li key={p.name}>
              <strong>{t(`packages.${p.name}`, { defaultValue: p.name })}</strong>{' '}
              <span className="muted">
                {p.limit === null ? t('controlHub.users.assignedUnlimited', { assigned: f.number(p.assigned) })
                  : t('controlHub.users.assignedOf', { assigned: f.number(p.assigned), limit: f.number(p.limit) })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {w.packageLevel && <p className="hint">{t('controlHub.users.adminLevel', { pkg: t(`packages.${w.packageLevel}`) })}</p>}
    </section>
  );
}

function UserTable({ items, onRemove }: { items: ChUser[]; onRemove: (u: ChUser) => void }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="empty">{t('controlHub.users.none')}</p>;
  return (
    <table className="table cards">
      <caption className="sr-only">{t('controlHub.users.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('users.name')}</th>
          <th scope="col">{t('users.email')}</th>
          <th scope="col">{t('users.package')}</th>
          <th scope="col">{t('users.numberColumn')}</th>
          <th scope="col"><span className="sr-only">{t('locations.actions')}</span></th>
        </tr>
      </thead>
      <tbody>
        {items.map((u) => (
          <tr key={u.id}>
            <th scope="row" data-label={t('users.name')}>
              {u.displayName} {u.roles.includes('full_admin') && <span className="badge wait">{t('users.admin')}</span>}{' '}
              {u.you && <span className="badge busy">{t('controlHub.users.you')}</span>}
            </th>
            <td data-label={t('users.email')}>{u.email}</td>
            <td data-label={t('users.package')}>
              {u.packages.length ? u.packages.map((x) => t(`packages.${x}`, { defaultValue: x })).join(', ') : '—'}
              {u.existingLicenses.length > 0 && <span className="muted small"> · {t('controlHub.users.existing', { list: u.existingLicenses.join(', ') })}</span>}
            </td>
            <td data-label={t('users.numberColumn')}>{[u.phoneNumber, u.extension && t('users.ext', { ext: u.extension })].filter(Boolean).join(' · ') || '—'}</td>
            <td className="row-actions">
              <div>
                <Link className="button secondary small" to={`/control-hub/users/${encodeURIComponent(u.id)}/edit`} aria-label={t('controlHub.users.editNamed', { name: u.displayName })}>
                  {t('common.edit')}
                </Link>
                {!u.you && (
                  <button type="button" className="secondary small" onClick={() => onRemove(u)} aria-label={t('controlHub.users.removeNamed', { name: u.displayName })}>
                    {t('common.remove')}
                  </button>
                )}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
