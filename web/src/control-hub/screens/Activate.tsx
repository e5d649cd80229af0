import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ok, type ApiProblem } from '../../api/client';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { asProblem, useLoad } from '../../lib/hooks';
import { Link, navigate, useLocation } from '../../router';
import { chApi } from '../api';
import { ChPage } from '../ChPage';
import { useChSession } from '../session';
import { ChSignIn } from './SignIn';

const MIN_PASSWORD = 12;

/** Where to go after activation: a Control Hub path only (never another site). */
export function safeNext(next: string | null): string {
  return next && /^\/control-hub(\/[\w\-/]*)?$/.test(next) ? next : '/control-hub/approvals';
}

/**
 * The link of the invitation (or approval) mail: choose a password, which signs in, then on to
 * the screen the mail was about. An account that already has a password signs in instead (or
 * chooses a new one with this link).
 */
export function Activate() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const { state } = useChSession();
  const token = search.get('token') ?? '';
  const next = safeNext(search.get('next'));
  const info = useLoad(async () => (await ok(chApi.GET('/v1/control-hub/activation', { params: { query: { token } } }))).data, [token]);
  const [reset, setReset] = useState(false);

  const mine = state.status === 'signedIn' && info.data !== undefined && state.session.admin.email === info.data.email && !reset;
  // Signed in as the link's administrator (now, or already): on to the screen the mail was about.
  useEffect(() => {
    if (mine) navigate(next, { replace: true });
  }, [mine, next]);

  if (mine) return <Loading label={t('common.loading')} />;
  if (!info.data) {
    return (
      <div className="sign-in">
        <ChPage title={t('controlHub.activate.title')}>
          {info.loading ? <Loading label={t('common.loading')} /> : (
            <>
              <ProblemBanner problem={info.problem} title={t('controlHub.activate.invalid')} />
              <Link to="/control-hub">{t('controlHub.activate.toSignIn')}</Link>
            </>
          )}
        </ChPage>
      </div>
    );
  }
  if (info.data.activated && !reset) {
    return (
      <ChSignIn ended={false} email={info.data.email} intro={t('controlHub.activate.alreadyActive', { org: info.data.orgName })}
        extra={<button type="button" className="link" onClick={() => setReset(true)}>{t('controlHub.activate.chooseNew')}</button>} />
    );
  }
  return <PasswordForm token={token} email={info.data.email} orgName={info.data.orgName} next={next} />;
}

function PasswordForm({ token, email, orgName, next }: { token: string; email: string; orgName: string; next: string }) {
  const { t } = useTranslation();
  const { signedIn } = useChSession();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problems, setProblems] = useState<{ password?: string; again?: string }>({});
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const banner = useRef<HTMLDivElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const p: { password?: string; again?: string } = {};
    if (password.length < MIN_PASSWORD) p.password = t('controlHub.activate.tooShort', { min: MIN_PASSWORD });
    if (again !== password) p.again = t('controlHub.activate.mismatch');
    setProblems(p);
    if (p.password || p.again) return;
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await ok(chApi.POST('/v1/control-hub/activation', { body: { token, password } }));
      signedIn(data);
      navigate(next, { replace: true });
    } catch (err) {
      setProblem(asProblem(err));
      window.setTimeout(() => banner.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <ChPage title={t('controlHub.activate.title')}>
        <p>{t('controlHub.activate.intro', { org: orgName })}</p>
        <ProblemBanner ref={banner} problem={problem} />
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          <TextField id="act-email" label={t('signIn.email')} type="email" autoComplete="username" value={email} onValue={() => undefined} readOnly />
          <TextField id="act-password" label={t('controlHub.activate.password')} type="password" autoComplete="new-password" required
            hint={t('controlHub.activate.passwordHint', { min: MIN_PASSWORD })} value={password} onValue={setPassword} problem={problems.password} />
          <TextField id="act-again" label={t('controlHub.activate.again')} type="password" autoComplete="new-password" required
            value={again} onValue={setAgain} problem={problems.again} />
          <div className="wizard-buttons">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
              {busy && <span className="spinner small" aria-hidden="true" />}
              {t('controlHub.activate.submit')}
            </button>
          </div>
        </form>
      </ChPage>
    </div>
  );
}
