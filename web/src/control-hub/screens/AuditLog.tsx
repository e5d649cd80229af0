import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem } from '../../api/client';
import { Loading } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { useFormat } from '../../i18n/format';
import { asProblem, useLoad } from '../../lib/hooks';
import { chApi, type ChAuditEvent } from '../api';
import { ChPage } from '../ChPage';

const PAGE = 50;
const compact = (v: Record<string, unknown> | null) => (v ? JSON.stringify(v) : '—');

/** The organization's own audit log: attach decisions, approvals, rights, consent moves, settings. */
export function AuditLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const first = useLoad(async () => (await ok(chApi.GET('/v1/control-hub/audit', { params: { query: { max: String(PAGE) } } }))).data.items, []);
  const [more, setMore] = useState<ChAuditEvent[]>([]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const items = [...(first.data ?? []), ...more];
  const older = async () => {
    const last = items[items.length - 1];
    if (!last) return;
    setBusy(true);
    try {
      const { data } = await ok(chApi.GET('/v1/control-hub/audit', { params: { query: { max: String(PAGE), before: last.id } } }));
      setMore((m) => [...m, ...data.items]);
      if (data.items.length < PAGE) setDone(true);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <ChPage title={t('controlHub.audit.title')}>
      <p className="muted">{t('controlHub.audit.intro')}</p>
      <ProblemBanner problem={problem ?? first.problem} />
      {first.data === undefined && first.loading ? <Loading label={t('common.loading')} /> : items.length === 0 ? <p className="empty">{t('controlHub.audit.none')}</p> : (
        <table className="table cards">
          <caption className="sr-only">{t('controlHub.audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('controlHub.audit.when')}</th>
              <th scope="col">{t('controlHub.audit.action')}</th>
              <th scope="col">{t('controlHub.audit.actor')}</th>
              <th scope="col">{t('controlHub.audit.before')}</th>
              <th scope="col">{t('controlHub.audit.after')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id}>
                <td data-label={t('controlHub.audit.when')} className="nowrap"><time dateTime={e.created}>{f.dateTime(e.created)}</time></td>
                <th scope="row" data-label={t('controlHub.audit.action')}>{t(`controlHub.actions.${e.action.replace('.', '_')}`, { defaultValue: e.action })}</th>
                <td data-label={t('controlHub.audit.actor')}>{e.actor}</td>
                <td data-label={t('controlHub.audit.before')}><code>{compact(e.before)}</code></td>
                <td data-label={t('controlHub.audit.after')}><code>{compact(e.after)}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {first.data && first.data.length === PAGE && !done && (
        <p><button type="button" className="secondary" disabled={busy} onClick={() => void older()}>{t('controlHub.audit.older')}</button></p>
      )}
    </ChPage>
  );
}
