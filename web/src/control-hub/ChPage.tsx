import { useEffect, type ReactNode } from 'react';
import { Page, type Crumb } from '../components/Page';

/** A Control Hub screen: the shared Page, titled "… · Control Hub". */
export function ChPage({ title, crumbs, actions, children }: { title: string; crumbs?: Crumb[]; actions?: ReactNode; children: ReactNode }) {
  // Runs after Page's own effect (children first), so this title wins.
  useEffect(() => {
    document.title = `${title} · Control Hub`;
  }, [title]);
  return (
    <Page title={title} crumbs={crumbs} actions={actions}>
      {children}
    </Page>
  );
}
