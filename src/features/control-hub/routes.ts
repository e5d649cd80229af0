import type { App, Deps } from '../../http/types.ts';
import { approvalRoutes } from './approvals.ts';
import { controlHubAuthRoutes } from './auth-routes.ts';
import { orgSettingsRoutes } from './org.ts';
import { userRoutes } from './users.ts';

/**
 * Control Hub for customers' full administrators (`/v1/control-hub/…`): every route acts on the
 * signed-in administrator's own organization, taken from the session, never from the request.
 */
export function controlHubRoutes(app: App, deps: Deps): void {
  controlHubAuthRoutes(app, deps);
  approvalRoutes(app, deps);
  userRoutes(app, deps);
  orgSettingsRoutes(app, deps);
}
