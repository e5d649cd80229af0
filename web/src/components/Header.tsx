import { useTranslation } from 'react-i18next';
import { useLocation } from '../router';
import { useSession } from '../session';
import { AppHeader } from './AppHeader';

export function Header() {
  const { t } = useTranslation();
  const { state, signOut } = useSession();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signedIn' ? state.session : null;
  const nav = [
    { to: '/customers', label: t('nav.customers'), active: pathname === '/' || pathname.startsWith('/customers') },
    { to: '/templates', label: t('nav.templates'), active: pathname.startsWith('/templates') },
    { to: '/setup-assist', label: t('nav.setupAssist'), active: pathname.startsWith('/setup-assist') },
    { to: '/mail', label: t('nav.mail'), active: pathname.startsWith('/mail') },
  ];
  return signedIn ? (
    <AppHeader brand="Partner Hub" home="/customers" nav={nav} signOut={signOut} afterSignOut="/"
      who={{ role: t('header.partner'), name: signedIn.partner.name, email: signedIn.admin.email }} />
  ) : (
    <AppHeader brand="Partner Hub" home="/customers" />
  );
}
