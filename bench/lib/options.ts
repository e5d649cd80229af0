import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TUNING_ENV } from './server.ts';

/** What one `npm run bench` invocation is asked to do, and the time each phase may take. */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsDir = path.join(repoRoot, 'bench', 'results');

export const USAGE = `usage: npm run bench -- [options]
  --customers N        customers to provision per database (default 500; 100 with --quick)
  --concurrency C      concurrent POST clients, customers and subscribers (default 50; 20 with --quick)
  --customer-rate R    pace customer POSTs to R per second in all (default 0: as fast as the clients go)
  --subscribers S      subscribers to provision across those customers (default 10000; 1000 with --quick; 0: skip)
  --list-tenant N      subscribers of the partner for the list phase, topped up by seeding rows
                       in the database (default 100000; 10000 with --quick; 0: skip the list phase)
  --list-clients L     concurrent clients in the list phase (default 20)
  --ceiling-ms MS      database ceiling: measuring time per variant (default 3000; 600 with --quick; 0: skip)
  --quick              small run: 100 customers, 1000 subscribers, a 10000-subscriber tenant, concurrency 20
  --only KIND          embedded | server (default: embedded, then server when DATABASE_URL is set)
  --poll-interval MS   status polling interval (default 100)
  --time-limit S       budget for the whole invocation in seconds (default 540; 150 with --quick)
  --cpu-prof           run the server with --cpu-prof and summarise where its time went
  --cold-connections   do not open the client connections before the load phase starts
  --out FILE           JSON results (default bench/results/latest.json)
Environment: DATABASE_URL (admin URL of a PostgreSQL server; a bench_<random> database is
created there and dropped afterwards); ${TUNING_ENV.join(', ')} are passed to the server.`;

export function parseOptions() {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      concurrency: { type: 'string' },
      'customer-rate': { type: 'string' },
      subscribers: { type: 'string' },
      'list-tenant': { type: 'string' },
      'list-clients': { type: 'string' },
      'ceiling-ms': { type: 'string' },
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'poll-interval': { type: 'string' },
      'time-limit': { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      'cold-connections': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, v: string | undefined, def: number, min: number, maxV: number) => {
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > maxV) throw new Error(`--${name} must be an integer from ${min} to ${maxV}`);
    return n;
  };
  const quick = values.quick!;
  const only = values.only;
  if (only !== undefined && only !== 'embedded' && only !== 'server') throw new Error('--only must be embedded or server');
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (only === 'server' && !databaseUrl) throw new Error('--only server needs DATABASE_URL');
  const databases: ('embedded' | 'server')[] = only ? [only] : databaseUrl ? ['embedded', 'server'] : ['embedded'];
  return {
    customers: int('customers', values.customers, quick ? 100 : 500, 1, 1_000_000),
    concurrency: int('concurrency', values.concurrency, quick ? 20 : 50, 1, 1000),
    customerRate: int('customer-rate', values['customer-rate'], 0, 0, 100_000),
    subscribers: int('subscribers', values.subscribers, quick ? 1000 : 10_000, 0, 1_000_000),
    listTenant: int('list-tenant', values['list-tenant'], quick ? 10_000 : 100_000, 0, 2_000_000),
    listClients: int('list-clients', values['list-clients'], 20, 1, 500),
    ceilingMs: int('ceiling-ms', values['ceiling-ms'], quick ? 600 : 3000, 0, 600_000),
    quick,
    databases,
    pollIntervalMs: int('poll-interval', values['poll-interval'], 100, 10, 10_000),
    timeLimitS: int('time-limit', values['time-limit'], quick ? 150 : 540, 10, 86_400),
    cpuProf: values['cpu-prof']!,
    coldConnections: values['cold-connections']!,
    out: path.resolve(values.out ?? path.join(resultsDir, 'latest.json')),
    databaseUrl,
  };
}

export type Options = ReturnType<typeof parseOptions>;

/**
 * Per-phase limits (ms); each is also cut to what is left of the run's budget (with two databases
 * the embedded run gets 60 % of what is left, the server run the rest). The subscriber POSTs and
 * the seeding stop at their limit and report what they did (`truncated`); the list phase measures
 * each query kind for at most `listKind` ms or `listKindRequests` requests.
 */
export const PHASE_LIMITS = {
  startup: 60_000, template: 15_000, posts: 240_000, drain: 240_000, teardown: 20_000,
  subscriberPosts: 180_000, mailDrain: 60_000, seed: 150_000, listKind: 8_000, listKindRequests: 2_000,
};
/** --quick: per list query kind. */
export const QUICK_LIST = { ms: 2_000, requests: 200 };
/** Wait for idle PostgreSQL backends to flush their statistics (PGSTAT_IDLE_INTERVAL is 10 s). */
export const PG_STATS_FLUSH_MS = 10_500;
