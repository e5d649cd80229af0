import { useTranslation } from 'react-i18next';
import { LanguageSelect } from './LanguageSelect';

/** The header of the public pages (consent): the product name and the language, nothing to sign in to. */
export function PublicHeader() {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <a className="skip" href="#main">
        {t('header.skip')}
      </a>
      <div className="header-row">
        <span className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Wholesale Hub</span>
        </span>
        <span className="spacer" />
        <LanguageSelect />
      </div>
    </header>
  );
}
