import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Header } from './components/Header';
import { Loading } from './components/Notice';
import { matchPath, navigate, useLocation } from './router';
import { ControlHubApp } from './control-hub/ControlHubApp';
import { AddUsers } from './routes/AddUsers';
import { Consent } from './routes/Consent';
import { CreateCustomer } from './routes/CreateCustomer';
import { CustomerPage } from './routes/CustomerPage';
import { CustomersList } from './routes/CustomersList';
import { EditPackages } from './routes/EditPackages';
import { LocationEditor } from './routes/LocationEditor';
import { LocationPage } from './routes/LocationPage';
import { MailPage } from './routes/Mail';
import { NotFound } from './routes/NotFound';
import { SetupAssist } from './routes/SetupAssist';
import { SignIn } from './routes/SignIn';
import { TemplatePage } from './routes/TemplatePage';
import { TemplatesList } from './routes/TemplatesList';
import { TemplateWizard } from './routes/TemplateWizard';
import { SessionProvider, useSession } from './session';

/** Routes, most specific first; every path also works as a deep link (the server answers index.html). */
const ROUTES: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/customers', () => <CustomersList />],
  ['/customers/new', () => <CreateCustomer />],
  ['/customers/:id/users/new', (p) => <AddUsers key={p.id} customerId={p.id!} />],
  ['/customers/:id/packages', (p) => <EditPackages key={p.id} customerId={p.id!} />],
  ['/customers/:id/locations/new', (p) => <LocationEditor key={`${p.id}/new`} customerId={p.id!} />],
  ['/customers/:id/locations/:locationId/edit', (p) => <LocationEditor key={`${p.id}/${p.locationId}`} customerId={p.id!} locationId={p.locationId!} />],
  ['/customers/:id/locations/:locationId', (p) => <LocationPage key={`${p.id}/${p.locationId}`} customerId={p.id!} locationId={p.locationId!} />],
  ['/customers/:id', (p) => <CustomerPage key={p.id} customerId={p.id!} />],
  ['/templates', () => <TemplatesList />],
  ['/templates/new', () => <TemplateWizard key="new" />],
  ['/templates/:id/edit', (p) => <TemplateWizard key={p.id} templateId={p.id!} />],
  ['/templates/:id', (p) => <TemplatePage key={p.id} templateId={p.id!} />],
  ['/setup-assist', () => <SetupAssist />],
  ['/mail', () => <MailPage />],
];

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Screen() {
  const { t } = useTranslation();
  const { state } = useSession();
  const { pathname } = useLocation();
  if (state.status === 'loading') return <Loading label={t('common.loading')} />;
  // Signed out: sign in right here, then the requested screen opens (deep links survive).
  if (state.status === 'signedOut') return <SignIn ended={state.ended} />;
  if (pathname === '/') return <Redirect to="/customers" />;
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, pathname);
    if (params) return <>{render(params)}</>;
  }
  return <NotFound />;
}

export function App() {
  const { pathname } = useLocation();
  // Control Hub (customer administrators) and the consent page are separate roles: no Partner Hub session.
  if (pathname === '/control-hub' || pathname.startsWith('/control-hub/')) return <ControlHubApp />;
  const consent = matchPath('/consent/:token', pathname);
  if (consent) return <Consent key={consent.token} token={consent.token!} />;
  return (
    <SessionProvider>
      <Header />
      <main id="main" className="app-main">
        <Screen />
      </main>
    </SessionProvider>
  );
}
