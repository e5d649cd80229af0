import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok, type ApiProblem } from '../api/client';
import { PublicHeader } from '../components/PublicHeader';
import { Loading, Notice } from '../components/Notice';
import { Page } from '../components/Page';
import { ProblemBanner } from '../components/ProblemBanner';
import { asProblem, useLoad } from '../lib/hooks';

/**
 * The consent page of a free account's holder (`pending_user_migration`): the mailed link
 * (`/consent/{token}`) is the credential. Accept moves the account into the organization;
 * decline leaves it where it is.
 */
export function Consent({ token }: { token: string }) {
  const { t } = useTranslation();
  const info = useLoad(async () => (await ok(api.GET('/v1/consent/{token}', { params: { path: { token } } }))).data, [token]);
  const [result, setResult] = useState<'accepted' | 'declined' | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  useEffect(() => {
    document.title = t('consent.title');
  }, [t, result]);

  const answer = async (accept: boolean) => {
    setBusy(true);
    setProblem(null);
    try {
      const path = accept ? '/v1/consent/{token}/accept' : '/v1/consent/{token}/decline';
      await ok(api.POST(path, { params: { path: { token } } }));
      setResult(accept ? 'accepted' : 'declined');
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PublicHeader />
      <main id="main" className="app-main">
        <div className="sign-in">
          <Page title={t('consent.title')}>
            {result ? (
              <Notice tone={result === 'accepted' ? 'success' : 'info'} title={t(`consent.${result}Title`)} live>
                <p>{t(`consent.${result}Text`, { org: info.data?.orgName ?? '' })}</p>
              </Notice>
            ) : info.data ? (
              <>
                <p>{t('consent.intro', { email: info.data.email, org: info.data.orgName })}</p>
                <ul>
                  <li>{t('consent.acceptMeans', { org: info.data.orgName })}</li>
                  <li>{t('consent.declineMeans')}</li>
                </ul>
                <ProblemBanner problem={problem} />
                <div className="wizard-buttons">
                  <button type="button" className="primary" disabled={busy} aria-busy={busy || undefined} onClick={() => void answer(true)}>
                    {t('consent.accept')}
                  </button>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void answer(false)}>
                    {t('consent.decline')}
                  </button>
                </div>
              </>
            ) : info.loading ? (
              <Loading label={t('common.loading')} />
            ) : (
              <ProblemBanner problem={info.problem} title={t('consent.invalid')} />
            )}
          </Page>
        </div>
      </main>
    </>
  );
}
