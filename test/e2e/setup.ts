import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { projectRoot, startServer, type ServerProcess } from '../helpers/process.ts';
import { launch, newPage, snap } from './browser.ts';

export type E2e = { server: ServerProcess; browser: Browser; page: Page };

/**
 * The set-up of an e2e file: the portal built when stale (as `npm start` does), the real server
 * on a fresh embedded database with `env`, Debian's Chromium and one page; a screenshot of any
 * failing test (`failure-<name>-…`); everything stopped and removed afterwards. Read the handle's
 * fields inside tests and hooks (they are set in beforeAll).
 */
export function useE2e(name: string, env: Record<string, string>): E2e {
  const e2e = {} as E2e;
  let dataDir: string | undefined;
  let closeBrowser: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    execFileSync(process.execPath, [path.join(projectRoot, 'scripts/portal-build-if-stale.mjs')], { cwd: projectRoot, stdio: 'pipe' });
    dataDir = mkdtempSync(path.join(tmpdir(), `wh-e2e-${name}-`));
    e2e.server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env });
    ({ browser: e2e.browser, close: closeBrowser } = await launch());
    ({ page: e2e.page } = await newPage(e2e.browser, e2e.server.url));
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && e2e.page) await snap(e2e.page, `failure-${name}-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await closeBrowser?.();
    await e2e.server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return e2e;
}
