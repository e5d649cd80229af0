import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { SignInForm } from '../components/SignInForm';
import { useSession } from '../session';

export function SignIn({ ended }: { ended: boolean }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  return (
    <div className="sign-in">
      <Page title={t('signIn.title')}>
        <p className="muted">{t('signIn.intro')}</p>
        <SignInForm signIn={signIn} ended={ended} />
      </Page>
    </div>
  );
}
