import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate } from '../router';
import { LanguageSelect } from './LanguageSelect';

export type NavItem = { to: string; label: string; active: boolean };

/**
 * The header row shared by Partner Hub, Control Hub and the public pages: skip link, brand,
 * navigation, who is signed in, language and sign-out (each part only when given).
 */
export function AppHeader({ brand, home, nav, who, signOut, afterSignOut }: {
  brand: string;
  /** Where the brand links to; none on public pages. */
  home?: string;
  nav?: NavItem[];
  who?: { role: string; name: string; email: string };
  signOut?: () => Promise<void>;
  afterSignOut?: string;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const out = async () => {
    if (!signOut) return;
    setBusy(true);
    try {
      await signOut();
      if (afterSignOut) navigate(afterSignOut);
    } finally {
      setBusy(false);
    }
  };
  const mark: ReactNode = (
    <>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      <span>{brand}</span>
    </>
  );
  return (
    <header className="app-header">
      <a className="skip" href="#main">
        {t('header.skip')}
      </a>
      <div className="header-row">
        {home ? <Link to={home} className="brand">{mark}</Link> : <span className="brand">{mark}</span>}
        {nav && (
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
        {who && (
          <p className="who" title={who.email}>
            <span className="sr-only">{who.role} </span>
            <strong>{who.name}</strong>
            <span className="muted small">{who.email}</span>
          </p>
        )}
        <LanguageSelect />
        {signOut && (
          <button type="button" className="secondary small" onClick={() => void out()} disabled={busy}>
            {t('header.signOut')}
          </button>
        )}
      </div>
    </header>
  );
}
