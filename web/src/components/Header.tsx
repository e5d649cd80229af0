import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useLocation } from '../router';
import { useSession } from '../session';
import { LanguageSelect } from './LanguageSelect';

export function Header() {
  const { t } = useTranslation();
  const { state, signOut } = useSession();
  const { pathname } = useLocation();
  const [busy, setBusy] = useState(false);
  const signedIn = state.status === 'signedIn' ? state.session : null;

  const out = async () => {
    setBusy(true);
    try {
      await signOut();
      navigate('/');
    } finally {
      setBusy(false);
    }
  };

  const nav = [
    { to: '/customers', label: t('nav.customers'), active: pathname === '/' || pathname.startsWith('/customers') },
    { to: '/templates', label: t('nav.templates'), active: pathname.startsWith('/templates') },
    { to: '/setup-assist', label: t('nav.setupAssist'), active: pathname.startsWith('/setup-assist') },
    { to: '/mail', label: t('nav.mail'), active: pathname.startsWith('/mail') },
  ];

  return (
    <header className="app-header">
      <a className="skip" href="#main">
        {t('header.skip')}
      </a>
      <div className="header-row">
        <Link to="/customers" className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Partner Hub</span>
        </Link>
        {signedIn && (
          <nav aria-label={t('nav.label')} className="main-nav">
            <ul>
              {nav.map((n) => (
                <li key={n.to}>
                  <Link to={n.to} aria-current={n.active ? 'page' : undefined}>
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <span className="spacer" />
        {signedIn && (
          <p className="who" title={signedIn.admin.email}>
            <span className="sr-only">{t('header.partner')} </span>
            <strong>{signedIn.partner.name}</strong>
            <span className="muted small">{signedIn.admin.email}</span>
          </p>
        )}
        <LanguageSelect />
        {signedIn && (
          <button type="button" className="secondary small" onClick={() => void out()} disabled={busy}>
            {t('header.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
