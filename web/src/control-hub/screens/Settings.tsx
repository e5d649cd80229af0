import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem } from '../../api/client';
import { assignProblem } from '../../api/errors';
import { CheckField, TextField } from '../../components/Field';
import { Loading, Notice } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { asProblem, useFocusInvalid, useLoad } from '../../lib/hooks';
import { chApi, type ChSettings } from '../api';
import { ChPage } from '../ChPage';

const RULES = [
  { field: 'idpEntityId', paths: ['authentication.idpEntityId'] },
  { field: 'idpEntityId', codes: [8003] },
  { field: 'logoUrl', paths: ['branding.logoUrl'] },
  { field: 'primaryColor', paths: ['branding.primaryColor'] },
];

/** The organization's own sign-in method and its basic branding (each change is audited). */
export function Settings() {
  const { t } = useTranslation();
  const s = useLoad(async () => (await ok(chApi.GET('/v1/control-hub/settings'))).data, []);
  return (
    <ChPage title={t('controlHub.settings.title')}>
      {!s.data ? (s.loading ? <Loading label={t('common.loading')} /> : <ProblemBanner problem={s.problem} />) : <SettingsForm initial={s.data} />}
    </ChPage>
  );
}

function SettingsForm({ initial }: { initial: ChSettings }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState(initial);
  const own = (m?: string) => (m === 'customer_sso' ? 'customer_sso' : 'webex');
  const [method, setMethod] = useState<'webex' | 'customer_sso'>(own(initial.authentication?.method));
  const [idp, setIdp] = useState(initial.authentication?.idpEntityId ?? '');
  const [basic, setBasic] = useState(initial.branding.basic);
  const [logoUrl, setLogoUrl] = useState(initial.branding.logoUrl ?? '');
  const [color, setColor] = useState(initial.branding.primaryColor ?? '');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const { banner, focusInvalid } = useFocusInvalid();
  const assigned = assignProblem(problem, RULES);
  const current = settings.authentication?.method ?? 'webex';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: Record<string, string> = {};
    if (method === 'customer_sso' && !idp.trim()) p.idpEntityId = t('validation.required');
    if (color && !/^#[0-9a-fA-F]{6}$/.test(color)) p.primaryColor = t('controlHub.settings.colorFormat');
    setProblems(p);
    setSaved(false);
    if (Object.keys(p).length) {
      focusInvalid.current = true;
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await ok(chApi.PUT('/v1/control-hub/settings', {
        body: {
          authentication: method === 'customer_sso' ? { method, idpEntityId: idp.trim() } : { method },
          branding: { basic, ...(logoUrl.trim() ? { logoUrl: logoUrl.trim() } : {}), ...(color ? { primaryColor: color } : {}) },
        },
      }));
      setSettings(data);
      setSaved(true);
    } catch (err) {
      setProblem(asProblem(err));
      focusInvalid.current = true;
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {saved && <Notice tone="success" live>{t('controlHub.settings.saved')}</Notice>}
      <ProblemBanner ref={banner} problem={problem} rest={assigned.rest} fieldCount={Object.keys(assigned.byField).length} />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <fieldset>
          <legend>{t('controlHub.settings.authentication')}</legend>
          <p className="hint">{t('controlHub.settings.authenticationHint')}</p>
          <p>{t('controlHub.settings.current', { method: t(`controlHub.methods.${current}`, { defaultValue: current }) })}</p>
          <div className="radio-cards" role="radiogroup" aria-label={t('controlHub.settings.authentication')}>
            {(['webex', 'customer_sso'] as const).map((m) => (
              <div key={m} className={`radio-card${method === m ? ' selected' : ''}`}>
                <input type="radio" id={`auth-${m}`} name="auth" checked={method === m} onChange={() => setMethod(m)} />
                <label htmlFor={`auth-${m}`}>{t(`controlHub.methods.${m}`)}</label>
              </div>
            ))}
          </div>
          {method === 'customer_sso' && (
            <TextField id="idp" label={t('controlHub.settings.idpEntityId')} required autoComplete="off" value={idp} onValue={setIdp}
              problem={problems.idpEntityId} apiErrors={assigned.byField.idpEntityId} />
          )}
        </fieldset>
        <fieldset>
          <legend>{t('controlHub.settings.branding')}</legend>
          <Notice>{t(`controlHub.settings.effective.${settings.effectiveBranding}`)}</Notice>
          <CheckField id="basic" label={t('controlHub.settings.basic')} hint={t('controlHub.settings.basicHint')} checked={basic} onChecked={setBasic} />
          {basic && (
            <div className="grid-2">
              <TextField id="logo" label={t('controlHub.settings.logoUrl')} type="url" autoComplete="off" value={logoUrl} onValue={setLogoUrl}
                apiErrors={assigned.byField.logoUrl} />
              <TextField id="color" label={t('controlHub.settings.primaryColor')} hint="#0b5cad" autoComplete="off" value={color} onValue={setColor}
                problem={problems.primaryColor} apiErrors={assigned.byField.primaryColor} />
            </div>
          )}
        </fieldset>
        <div className="wizard-buttons">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {t('common.save')}
          </button>
        </div>
      </form>
    </>
  );
}
