import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInForm } from '../../components/SignInForm';
import { ChPage } from '../ChPage';
import { useChSession } from '../session';

/** Control Hub sign-in, shown in place of the requested screen: it opens once signed in. */
export function ChSignIn({ ended, email = '', intro, extra }: { ended: boolean; email?: string; intro?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { signIn } = useChSession();
  return (
    <div className="sign-in">
      <ChPage title={t('controlHub.signIn.title')}>
        <p className="muted">{intro ?? t('controlHub.signIn.intro')}</p>
        <SignInForm signIn={signIn} ended={ended} initialEmail={email} idPrefix="ch-" />
        {extra && <p>{extra}</p>}
        <p className="muted small">{t('controlHub.signIn.noAccount')}</p>
      </ChPage>
    </div>
  );
}
