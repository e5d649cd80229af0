import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { StatusBadge } from '../../components/StatusBadge';
import { useFormat } from '../../i18n/format';
import { asProblem, useLoad } from '../../lib/hooks';
import { chApi, type ChPartnerAccess } from '../api';
import { ChPage } from '../ChPage';

/**
 * Which partner has access and with which rights; granting a partner full administrator rights
 * as an external administrator (seed 003 recommends it to partners with provisioning rights).
 */
export function PartnerAccess() {
  const { t } = useTranslation();
  const f = useFormat();
  const access = useLoad(async () => (await ok(chApi.GET('/v1/control-hub/partner-access'))).data, []);
  const [data, setData] = useState<ChPartnerAccess | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<{ partnerId: string; name: string } | null>(null);
  const [otherId, setOtherId] = useState('');
  const view = data ?? access.data;

  const change = async (partnerId: string, name: string, grant: boolean) => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const { data: next } = grant
        ? await ok(chApi.POST('/v1/control-hub/partner-access/external-admins', { body: { partnerId } }))
        : await ok(chApi.DELETE('/v1/control-hub/partner-access/external-admins/{partnerId}', { params: { path: { partnerId } } }));
      setData(next);
      setNotice(t(grant ? 'controlHub.access.grantedNotice' : 'controlHub.access.revokedNotice', { partner: name }));
      setOtherId('');
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
      setRevoking(null);
    }
  };
  const addOther = (e: FormEvent) => {
    e.preventDefault();
    if (otherId.trim()) void change(otherId.trim(), otherId.trim(), true);
  };

  return (
    <ChPage title={t('controlHub.access.title')}>
      <p className="muted">{t('controlHub.access.intro')}</p>
      {notice && <Notice tone="success" live>{notice}</Notice>}
      <ProblemBanner problem={problem ?? access.problem} />
      {!view ? access.loading && <Loading label={t('common.loading')} /> : (
        <>
          <h2>{t('controlHub.access.partners')}</h2>
          {view.partners.length === 0 ? <p className="empty">{t('controlHub.access.noPartner')}</p> : view.partners.map((p) => (
            <section key={p.partnerId} className="progress-box" aria-label={p.name}>
              <h3>{p.name}</h3>
              <dl className="facts">
                <div><dt>{t('customers.status')}</dt><dd><StatusBadge status={p.status} /></dd></div>
                <div><dt>{t('controlHub.approvals.rights')}</dt><dd><span className={`badge ${p.rights === 'full_admin' ? 'warn' : 'busy'}`}>{t(`controlHub.rights.${p.rights}`)}</span></dd></div>
                <div><dt>{t('controlHub.access.external')}</dt><dd>{p.externalFullAdmin ? t('locations.yes') : t('locations.no')}</dd></div>
              </dl>
              <p>{t(`controlHub.rightsExplained.${p.rights}`)}</p>
              {p.externalFullAdmin ? (
                <button type="button" className="secondary" disabled={busy} onClick={() => setRevoking({ partnerId: p.partnerId, name: p.name })}>
                  {t('controlHub.access.revoke')}
                </button>
              ) : (
                <button type="button" className="primary" disabled={busy} onClick={() => void change(p.partnerId, p.name, true)}>
                  {t('controlHub.access.grant')}
                </button>
              )}
            </section>
          ))}
          <h2>{t('controlHub.access.externalTitle')}</h2>
          {view.externalFullAdmins.length === 0 ? <p className="empty">{t('controlHub.access.noExternal')}</p> : (
            <table className="table cards">
              <caption className="sr-only">{t('controlHub.access.externalTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('controlHub.approvals.partner')}</th>
                  <th scope="col">{t('controlHub.access.grantedBy')}</th>
                  <th scope="col">{t('customers.created')}</th>
                  <th scope="col"><span className="sr-only">{t('locations.actions')}</span></th>
                </tr>
              </thead>
              <tbody>
                {view.externalFullAdmins.map((e) => (
                  <tr key={e.partnerId}>
                    <th scope="row" data-label={t('controlHub.approvals.partner')}>{e.name}</th>
                    <td data-label={t('controlHub.access.grantedBy')}>{e.grantedBy.replace(/^customer_admin:/, '')}</td>
                    <td data-label={t('customers.created')}>{f.dateTime(e.created)}</td>
                    <td className="row-actions"><div>
                      <button type="button" className="secondary small" disabled={busy} onClick={() => setRevoking({ partnerId: e.partnerId, name: e.name })}>
                        {t('common.remove')}
                      </button>
                    </div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form onSubmit={addOther} className="form" noValidate style={{ marginTop: '1rem' }}>
            <TextField id="other-partner" label={t('controlHub.access.otherPartner')} hint={t('controlHub.access.otherPartnerHint')} autoComplete="off"
              value={otherId} onValue={setOtherId} />
            <div className="wizard-buttons">
              <button type="submit" className="secondary" disabled={busy || !otherId.trim()}>{t('controlHub.access.add')}</button>
            </div>
          </form>
        </>
      )}
      <ConfirmDialog open={revoking !== null} title={t('controlHub.access.revokeTitle', { partner: revoking?.name ?? '' })} confirmLabel={t('controlHub.access.revoke')}
        busy={busy} onConfirm={() => revoking && void change(revoking.partnerId, revoking.name, false)} onClose={() => setRevoking(null)}>
        <p>{t('controlHub.access.revokeText')}</p>
      </ConfirmDialog>
    </ChPage>
  );
}
