import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppHeader } from '../components/AppHeader';
import { Loading } from '../components/Notice';
import { Link, matchPath, navigate, useLocation } from '../router';
import { ChPage } from './ChPage';
import { Activate } from './screens/Activate';
import { Approvals } from './screens/Approvals';
import { AuditLog } from './screens/AuditLog';
import { LocationEditor } from './screens/LocationEditor';
import { Locations } from './screens/Locations';
import { PartnerAccess } from './screens/PartnerAccess';
import { Settings } from './screens/Settings';
import { ChSignIn } from './screens/SignIn';
import { UserEditor } from './screens/UserEditor';
import { Users } from './screens/Users';
import { ChSessionProvider, useChSession } from './session';

/**
 * Control Hub at /control-hub: the customer's full administrators manage their own organization
 * (approvals, users, locations, partner access, settings, audit). Same app as Partner Hub, a
 * separate role and session.
 */
const ROUTES: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/control-hub/approvals', () => <Approvals />],
  ['/control-hub/users', () => <Users />],
  ['/control-hub/users/new', () => <UserEditor key="new" />],
  ['/control-hub/users/:id/edit', (p) => <UserEditor key={p.id} personId={p.id!} />],
  ['/control-hub/locations', () => <Locations />],
  ['/control-hub/locations/new', () => <LocationEditor key="new" />],
  ['/control-hub/locations/:id/edit', (p) => <LocationEditor key={p.id} locationId={p.id!} />],
  ['/control-hub/partner-access', () => <PartnerAccess />],
  ['/control-hub/settings', () => <Settings />],
  ['/control-hub/audit', () => <AuditLog />],
];

function ChNotFound() {
  const { t } = useTranslation();
  return (
    <ChPage title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/control-hub/approvals">{t('controlHub.nav.approvals')}</Link>
      </p>
    </ChPage>
  );
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function ChHeader() {
  const { t } = useTranslation();
  const { state, signOut } = useChSession();
  const { pathname } = useLocation();
  const signedIn = state.status === 'signedIn' ? state.session : null;
  const nav = [
    { to: '/control-hub/approvals', label: t('controlHub.nav.approvals') },
    { to: '/control-hub/users', label: t('controlHub.nav.users') },
    { to: '/control-hub/locations', label: t('controlHub.nav.locations') },
    { to: '/control-hub/partner-access', label: t('controlHub.nav.partnerAccess') },
    { to: '/control-hub/settings', label: t('controlHub.nav.settings') },
    { to: '/control-hub/audit', label: t('controlHub.nav.audit') },
  ].map((n) => ({ ...n, active: pathname.startsWith(n.to) }));
  return signedIn ? (
    <AppHeader brand="Control Hub" home="/control-hub" nav={nav} signOut={signOut} afterSignOut="/control-hub"
      who={{ role: t('controlHub.organization'), name: signedIn.org.name, email: signedIn.admin.email }} />
  ) : (
    <AppHeader brand="Control Hub" home="/control-hub" />
  );
}

function ChScreen() {
  const { t } = useTranslation();
  const { state } = useChSession();
  const { pathname } = useLocation();
  const path = pathname.replace(/\/+$/, '') || '/control-hub';
  // The activation page works signed out (it signs in).
  if (path === '/control-hub/activate') return <Activate />;
  if (state.status === 'loading') return <Loading label={t('common.loading')} />;
  if (state.status === 'signedOut') return <ChSignIn ended={state.ended} />;
  if (path === '/control-hub') return <Redirect to="/control-hub/approvals" />;
  for (const [pattern, render] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return <>{render(params)}</>;
  }
  return <ChNotFound />;
}

export function ControlHubApp() {
  return (
    <ChSessionProvider>
      <ChHeader />
      <main id="main" className="app-main">
        <ChScreen />
      </main>
    </ChSessionProvider>
  );
}
