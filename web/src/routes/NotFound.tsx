import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { Link } from '../router';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/customers">{t('nav.customers')}</Link>
      </p>
    </Page>
  );
}
