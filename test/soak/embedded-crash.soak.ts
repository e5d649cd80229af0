import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { killAllProcesses, runCrashScenario } from './helpers/chaos.ts';
import { scaled, soakSeed } from './helpers/load.ts';

/**
 * Crash on the embedded database (PGlite in DATA_DIR): the one process SIGKILLed at random points
 * while customers provision and clients post, then started again on the same data dir. Every
 * answered 2xx must survive the kill (a commit is on disk before its answer), and workflows resume.
 * test/crash.test.ts covers a kill after all customers were accepted; here kills land mid-request.
 */
const dataDir = mkdtempSync(path.join(tmpdir(), 'wh-soak-embedded-'));
afterAll(async () => {
  await killAllProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('crash: the embedded database, SIGKILL at random while requests and workflows run', () => {
  it('loses nothing accepted and duplicates nothing', async () => {
    await runCrashScenario({
      database: { dataDir },
      layout: ['all'],
      customers: scaled(30),
      subscribers: scaled(300),
      seedCustomers: 2,
      clients: 8,
      killGapMs: [2_000, 5_000],
      minKills: { all: 3 },
      maxKills: 4,
      seed: soakSeed(),
    });
  }, 240_000);
});
