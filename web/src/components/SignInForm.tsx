import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client';
import { asProblem } from '../lib/hooks';
import { TextField } from './Field';
import { Notice } from './Notice';
import { ProblemBanner } from './ProblemBanner';

const BAD_CREDENTIALS = 4002;
const LOCKED = 4005;

/**
 * Email + password with the sign-in problems (wrong password, locked with the minutes left),
 * shared by Partner Hub and Control Hub; `signIn` is the session's own.
 */
export function SignInForm({ signIn, ended, initialEmail = '', idPrefix = '' }: {
  signIn: (email: string, password: string) => Promise<unknown>;
  ended: boolean;
  initialEmail?: string;
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
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
    <>
      {ended && !problem && <Notice tone="warning">{t('signIn.ended')}</Notice>}
      <ProblemBanner
        ref={banner}
        problem={problem}
        title={locked ? `${t('signIn.lockedTitle')}: ${minutes ? t('signIn.lockedFor', { minutes }) : t('signIn.locked')}` : wrong ? t('signIn.wrong') : undefined}
      />
      <form onSubmit={(e) => void submit(e)} noValidate className="form">
        <TextField id={`${idPrefix}email`} label={t('signIn.email')} type="email" autoComplete="username" required value={email} onValue={setEmail}
          problem={missing.email ? t('validation.required') : null} />
        <TextField id={`${idPrefix}password`} label={t('signIn.password')} type="password" autoComplete="current-password" required value={password}
          onValue={setPassword} problem={missing.password ? t('validation.required') : null} />
        <div className="wizard-buttons">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>
            {busy && <span className="spinner small" aria-hidden="true" />}
            {t('signIn.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
