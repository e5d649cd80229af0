import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading, Notice } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { useFormat } from '../../i18n/format';
import { asProblem, useLoad } from '../../lib/hooks';
import { chApi, type ChApproval } from '../api';
import { ChPage } from '../ChPage';

/**
 * Partner requests to add wholesale services to the organization (seed 003): why approval is
 * needed, what the partner will be able to do, and what attaching changes or keeps.
 */
export function Approvals() {
  const { t } = useTranslation();
  const list = useLoad(async () => (await ok(chApi.GET('/v1/control-hub/approvals'))).data, []);
  const [done, setDone] = useState<{ status: 'approved' | 'rejected'; partner: string } | null>(null);
  const items = list.data?.items ?? [];
  const pending = items.filter((r) => r.status === 'pending');
  const earlier = items.filter((r) => r.status !== 'pending');
  return (
    <ChPage title={t('controlHub.approvals.title')}>
      <p className="muted">{t('controlHub.approvals.intro')}</p>
      {done && (
        <Notice tone="success" live>
          {t(done.status === 'approved' ? 'controlHub.approvals.approvedNotice' : 'controlHub.approvals.rejectedNotice', { partner: done.partner })}
        </Notice>
      )}
      <ProblemBanner problem={list.problem} />
      {list.data === undefined && list.loading && <Loading label={t('common.loading')} />}
      {list.data && pending.length === 0 && <p className="empty">{t('controlHub.approvals.none')}</p>}
      {pending.map((r) => (
        <PendingRequest key={r.id} request={r} conditions={list.data?.conditions ?? []} onDecided={(status) => {
          setDone({ status, partner: r.partner.brandName ?? r.partner.name });
          list.reload();
        }} />
      ))}
      {earlier.length > 0 && <Earlier items={earlier} />}
    </ChPage>
  );
}

function PendingRequest({ request: r, conditions, onDecided }: { request: ChApproval; conditions: string[]; onDecided: (s: 'approved' | 'rejected') => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const name = r.partner.brandName ?? r.partner.name;
  const decide = async (approve: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      const path = approve ? '/v1/control-hub/approvals/{requestId}/approve' : '/v1/control-hub/approvals/{requestId}/reject';
      const { data } = await ok(chApi.POST(path, { params: { path: { requestId: r.id } } }));
      setConfirm(false);
      onDecided(data.status);
    } catch (err) {
      setProblem(asProblem(err));
      setConfirm(false);
    } finally {
      setBusy(false);
    }
  };
  const headingId = `req-${r.id}`;
  return (
    <section className="progress-box approval" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('controlHub.approvals.requestFrom', { partner: name })}</h2>
      <ProblemBanner problem={problem} />
      <dl className="facts">
        <div><dt>{t('controlHub.approvals.partner')}</dt><dd>{r.partner.name}</dd></div>
        <div><dt>{t('controlHub.approvals.requested')}</dt><dd>{f.dateTime(r.requested)}</dd></div>
        <div><dt>{t('controlHub.approvals.expires')}</dt><dd>{f.dateTime(r.expires)}</dd></div>
        <div>
          <dt>{t('controlHub.approvals.why')}</dt>
          <dd>
            <ul className="plain">
              {r.reasons.map((x) => <li key={x}>{t(`controlHub.reasons.${x}`, { defaultValue: x })}</li>)}
            </ul>
          </dd>
        </div>
      </dl>
      <h3>{t('controlHub.approvals.whatPartnerCanDo')}</h3>
      <p>
        <span className={`badge ${r.partnerRights === 'full_admin' ? 'warn' : 'busy'}`}>{t(`controlHub.rights.${r.partnerRights}`)}</span>{' '}
        {t(`controlHub.rightsExplained.${r.partnerRights}`)}
      </p>
      <p className="muted small">{t(`controlHub.rightsReason.${r.rightsReason}`)}</p>
      <h3>{t('controlHub.approvals.whatChanges')}</h3>
      <ul>
        {conditions.map((c) => <li key={c}>{t(`controlHub.conditions.${c}`, { defaultValue: c })}</li>)}
      </ul>
      <div className="wizard-buttons">
        <button type="button" className="primary" disabled={busy} aria-busy={busy || undefined} onClick={() => void decide(true)}>
          {busy && !confirm && <span className="spinner small" aria-hidden="true" />}
          {t('controlHub.approvals.approve')}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setConfirm(true)}>
          {t('controlHub.approvals.reject')}
        </button>
      </div>
      <ConfirmDialog open={confirm} title={t('controlHub.approvals.rejectTitle', { partner: name })} confirmLabel={t('controlHub.approvals.reject')}
        busy={busy} onConfirm={() => void decide(false)} onClose={() => setConfirm(false)}>
        <p>{t('controlHub.approvals.rejectText')}</p>
      </ConfirmDialog>
    </section>
  );
}

function Earlier({ items }: { items: ChApproval[] }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <h2>{t('controlHub.approvals.earlier')}</h2>
      <table className="table cards">
        <caption className="sr-only">{t('controlHub.approvals.earlier')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('controlHub.approvals.partner')}</th>
            <th scope="col">{t('customers.status')}</th>
            <th scope="col">{t('controlHub.approvals.rights')}</th>
            <th scope="col">{t('controlHub.approvals.decided')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <th scope="row" data-label={t('controlHub.approvals.partner')}>{r.partner.brandName ?? r.partner.name}</th>
              <td data-label={t('customers.status')}>
                <span className={`badge ${r.status === 'approved' ? 'ok' : 'bad'}`}>{t(`controlHub.requestStatus.${r.status}`)}</span>
              </td>
              <td data-label={t('controlHub.approvals.rights')}>{r.status === 'approved' ? t(`controlHub.rights.${r.partnerRights}`) : '—'}</td>
              <td data-label={t('controlHub.approvals.decided')}>
                {r.decided ? f.dateTime(r.decided) : '—'}
                {r.decidedBy && <span className="muted small"> · {r.decidedBy.replace(/^customer_admin:/, '')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
