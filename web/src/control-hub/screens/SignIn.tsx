import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../../api/client';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ProblemBanner } from '../../components/ProblemBanner';
import { asProblem } from '../../lib/hooks';
import { ChPage } from '../ChPage';
import { useChSession } from '../session';

const BAD_CREDENTIALS = 4002;
const LOCKED = 4005;

/** Control Hub sign-in, shown in place of the requested screen: it opens once signed in. */
export function ChSignIn({ ended, email: initial = '', intro, extra }: { ended: boolean; email?: string; intro?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { signIn } = useChSession();
  const [email, setEmail] = useState(initial);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});
  const banner = useRef<HTMLDivElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = { email: !email.trim(), password: !password };
    setMissing(m);
    if (m.email || m.password) return;
    setBusy(true);
    setProblem(null);
    try {
      await signIn(email.trim(), password);
    } catch (err) {
      setProblem(asProblem(err));
      setPassword('');
      window.setTimeout(() => banner.current?.focus(), 0);
    } finally {
      setBusy(false);
    }
  };

  const locked = problem?.codes().includes(LOCKED);
  const wrong = problem?.codes().includes(BAD_CREDENTIALS);
  const minutes = problem?.retryAfterSeconds ? Math.ceil(problem.retryAfterSeconds / 60) : undefined;
  return (
    <div className="sign-in">
      <ChPage title={t('controlHub.signIn.title')}>
        <p className="muted">{intro ?? t('controlHub.signIn.intro')}</p>
        {ended && !problem && <Notice tone="warning">{t('signIn.ended')}</Notice>}
        <ProblemBanner
          ref={banner}
          problem={problem}
          title={locked ? `${t('signIn.lockedTitle')}: ${minutes ? t('signIn.lockedFor', { minutes }) : t('signIn.locked')}` : wrong ? t('signIn.wrong') : undefined}
        />
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          <TextField id="ch-email" label={t('signIn.email')} type="email" autoComplete="username" required value={email} onValue={setEmail}
            problem={missing.email ? t('validation.required') : null} />
          <TextField id="ch-password" label={t('signIn.password')} type="password" autoComplete="current-password" required value={password}
            onValue={setPassword} problem={missing.password ? t('validation.required') : null} />
          <div className="wizard-buttons">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
              {busy && <span className="spinner small" aria-hidden="true" />}
              {t('signIn.submit')}
            </button>
          </div>
        </form>
        {extra && <p>{extra}</p>}
        <p className="muted small">{t('controlHub.signIn.noAccount')}</p>
      </ChPage>
    </div>
  );
}
