import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, hasLink, ok, type Schemas } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemBanner } from '../components/ProblemBanner';
import { Facts } from '../components/Wizard';
import { useFormat } from '../i18n/format';
import { useDebounced, useLoad, usePoll } from '../lib/hooks';

type Mail = Schemas['OutboxMail'];
type Kind = Mail['kind'];
type Status = Mail['status'];
const KINDS: Kind[] = ['admin_invitation', 'welcome', 'emergency_notification'];
const STATUSES: Status[] = ['pending', 'sent', 'stored', 'failed'];
const TONES: Record<Status, string> = { pending: 'busy', sent: 'ok', stored: 'wait', failed: 'bad' };

/**
 * Mail: the partner's outbox (GET /v1/wholesale/outbox), newest first. Without an SMTP server
 * the platform keeps the mail here instead of sending it; each mail's text can be read.
 */
export function MailPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const [kind, setKind] = useState<Kind | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const [typed, setTyped] = useState('');
  const to = useDebounced(typed.trim(), 300);
  const [offset, setOffset] = useState(0);
  const [max, setMax] = useState(25);
  const [open, setOpen] = useState<Mail | null>(null);

  const list = useLoad(async () => {
    const { data, response } = await ok(
      api.GET('/v1/wholesale/outbox', {
        params: { query: { offset: String(offset), max: String(max), ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(to ? { to } : {}) } },
      }),
    );
    return { ...data, hasNext: hasLink(response, 'next') };
  }, [offset, max, kind, status, to]);
  const items = list.data?.items ?? [];
  usePoll(list.reload, 3000, items.some((m) => m.status === 'pending'));

  const filtered = Boolean(kind || status || to);
  return (
    <Page title={t('mail.title')}>
      {list.data && !list.data.smtpConfigured && (
        <Notice tone="info" title={t('mail.noSmtpTitle')}>
          <p>{t('mail.noSmtp')}</p>
        </Notice>
      )}
      {list.data?.smtpConfigured && <p className="muted">{t('mail.smtp')}</p>}
      <div className="toolbar" role="search">
        <div className="field inline">
          <label htmlFor="mail-to">{t('mail.toFilter')}</label>
          <input id="mail-to" type="search" value={typed} autoComplete="off" aria-describedby="mail-to-hint"
            onChange={(e) => { setTyped(e.target.value); setOffset(0); }} />
          <p id="mail-to-hint" className="hint">{t('mail.toHint')}</p>
        </div>
        <div className="field inline">
          <label htmlFor="mail-kind">{t('mail.kind')}</label>
          <select id="mail-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind | ''); setOffset(0); }}>
            <option value="">{t('mail.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>{t(`mail.kinds.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor="mail-status">{t('mail.status')}</label>
          <select id="mail-status" value={status} onChange={(e) => { setStatus(e.target.value as Status | ''); setOffset(0); }}>
            <option value="">{t('mail.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>{t(`mail.statuses.${s}`)}</option>
            ))}
          </select>
        </div>
      </div>
      <ProblemBanner problem={list.problem} />
      {list.data === undefined && list.loading ? (
        <Loading label={t('common.loading')} />
      ) : items.length === 0 && offset === 0 && !list.problem ? (
        <p className="empty">{filtered ? t('mail.noneMatching') : t('mail.none')}</p>
      ) : (
        <table className="table cards">
          <caption className="sr-only">{t('mail.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mail.subject')}</th>
              <th scope="col">{t('mail.to')}</th>
              <th scope="col">{t('mail.kind')}</th>
              <th scope="col">{t('mail.language')}</th>
              <th scope="col">{t('mail.status')}</th>
              <th scope="col">{t('mail.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <th scope="row" data-label={t('mail.subject')}>
                  <button type="button" className="link" onClick={() => setOpen(m)} aria-haspopup="dialog">
                    {m.subject}
                  </button>
                </th>
                <td data-label={t('mail.to')}>{m.to}</td>
                <td data-label={t('mail.kind')}>{t(`mail.kinds.${m.kind}`)}</td>
                <td data-label={t('mail.language')}>{f.locale(m.language)}</td>
                <td data-label={t('mail.status')}>
                  <span className={`badge ${TONES[m.status]}`}>{t(`mail.statuses.${m.status}`)}</span>
                  {m.lastError && <p className="small muted">{m.lastError}</p>}
                </td>
                <td data-label={t('mail.created')}>
                  <time dateTime={m.created}>{f.dateTime(m.created)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.data && (items.length > 0 || offset > 0) && (
        <Pagination offset={offset} max={max} count={items.length} hasNext={list.data.hasNext}
          onPage={setOffset} onSize={(m) => { setMax(m); setOffset(0); }} />
      )}
      <Dialog open={open !== null} title={open?.subject ?? ''} onClose={() => setOpen(null)} className="wide">
        {open && (
          <>
            <Facts
              items={[
                [t('mail.from'), open.fromName],
                [t('mail.to'), open.to],
                [t('mail.kind'), t(`mail.kinds.${open.kind}`)],
                [t('mail.language'), f.locale(open.language)],
                [t('mail.status'), t(`mail.statuses.${open.status}`)],
                [t('mail.created'), f.dateTime(open.created)],
                ...(open.sentAt ? ([[t('mail.sentAt'), f.dateTime(open.sentAt)]] as Array<[string, string]>) : []),
                ...(open.lastError ? ([[t('mail.lastError'), open.lastError]] as Array<[string, string]>) : []),
              ]}
            />
            <h3>{t('mail.text')}</h3>
            <pre className="mail-text" tabIndex={0} aria-label={t('mail.text')}>
              {open.text}
            </pre>
          </>
        )}
      </Dialog>
    </Page>
  );
}
