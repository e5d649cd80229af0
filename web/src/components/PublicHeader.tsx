import { AppHeader } from './AppHeader';

/** The header of the public pages (consent): the product name and the language, nothing to sign in to. */
export function PublicHeader() {
  return <AppHeader brand="Wholesale Hub" />;
}
