import { afterAll, describe, it } from 'vitest';
import { freshServerUrl } from '../helpers/db.ts';
import { killAllProcesses, runCrashScenario } from './helpers/chaos.ts';
import { scaled, soakSeed } from './helpers/load.ts';

/**
 * Crash on the PostgreSQL server: 2 API and 2 worker processes, SIGKILLed at random points and
 * started again while 2,000 subscribers and 200 customers are posted by clients spread over both
 * APIs. Afterwards every accepted request's resource exists exactly once, in a final status.
 * (test/crash.test.ts is the fast single-process version, in `npm test`.)
 */
let drop: (() => Promise<void>) | undefined;
afterAll(async () => {
  await killAllProcesses();
  await drop?.();
});

describe('crash: 2 API + 2 worker processes on the PostgreSQL server, SIGKILL at random', () => {
  it('loses nothing accepted and duplicates nothing', async () => {
    const server = await freshServerUrl();
    if (!server) throw new Error('the crash soak needs TEST_DATABASE_URL (a PostgreSQL server)');
    drop = server.drop;
    await runCrashScenario({
      database: { url: server.url },
      layout: ['api', 'api', 'worker', 'worker'],
      customers: scaled(200),
      subscribers: scaled(2_000),
      seedCustomers: 10,
      clients: 16,
      killGapMs: [1_500, 4_000],
      minKills: { api: 3, worker: 3 },
      maxKills: 16,
      seed: soakSeed(),
    });
  }, 240_000);
});
