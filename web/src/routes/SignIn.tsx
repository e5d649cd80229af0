import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { asProblem } from '../lib/hooks';
import { useSession } from '../session';

const BAD_CREDENTIALS = 4002;
const LOCKED = 4005;

export function SignIn({ ended }: { ended: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
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
      <Page title={t('signIn.title')}>
        <p className="muted">{t('signIn.intro')}</p>
        {ended && !problem && <Notice tone="warning">{t('signIn.ended')}</Notice>}
        <ProblemBanner
          ref={banner}
          problem={problem}
          title={
            locked
              ? `${t('signIn.lockedTitle')}: ${minutes ? t('signIn.lockedFor', { minutes }) : t('signIn.locked')}`
              : wrong
                ? t('signIn.wrong')
                : undefined
          }
        />
        <form onSubmit={(e) => void submit(e)} noValidate className="form">
          <TextField
            id="email"
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onValue={setEmail}
            problem={missing.email ? t('validation.required') : null}
          />
          <TextField
            id="password"
            label={t('signIn.password')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
            problem={missing.password ? t('validation.required') : null}
          />
          <div className="wizard-buttons">
            <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
              {busy && <span className="spinner small" aria-hidden="true" />}
              {t('signIn.submit')}
            </button>
          </div>
        </form>
      </Page>
    </div>
  );
}
