/**
 * Provisioning benchmark: `npm run bench [-- --customers N --concurrency C --quick …]`.
 *
 * For the embedded database (and then, when DATABASE_URL is set, a fresh database on that
 * PostgreSQL server) it measures the database's own ceiling for a subscriber's rows with the
 * driver directly, then spawns the real server, provisions N customers and S subscribers through
 * the HTTP API with C concurrent clients, lists a large tenant, and reports throughput,
 * latencies, the server's memory and the ratios to the ceiling. Results: a table on stdout and
 * bench/results/latest.json.
 *
 * lib/options.ts holds the options and phase limits, lib/bench-one.ts one database's run (its
 * phases in lib/phases/), lib/figures.ts what each phase measures, lib/report.ts the output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchOne } from './lib/bench-one.ts';
import { handleSignals, wasInterrupted } from './lib/cleanup.ts';
import { emptyRun, type RunResult } from './lib/figures.ts';
import { log } from './lib/log.ts';
import { PHASE_LIMITS, USAGE, parseOptions, resultsDir, type Options } from './lib/options.ts';
import { jsonReport, table } from './lib/report.ts';

handleSignals();

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = parseOptions();
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  if (process.platform !== 'linux') log('warning: RSS and CPU figures need /proc (Linux); they will be missing');
  mkdirSync(resultsDir, { recursive: true });
  const startedAt = new Date().toISOString();
  const globalDeadline = performance.now() + opts.timeLimitS * 1000;
  const runs: RunResult[] = [];
  for (const [i, kind] of opts.databases.entries()) {
    if (wasInterrupted()) break;
    if (performance.now() > globalDeadline - PHASE_LIMITS.teardown - 5000) {
      runs.push({ ...emptyRun(kind), error: 'skipped: the time limit was used up' });
      continue;
    }
    // The embedded run is the slower one: with the server run still to come it gets 60 % of what is left.
    const left = globalDeadline - performance.now();
    const runDeadline = i < opts.databases.length - 1 ? performance.now() + left * 0.6 : globalDeadline;
    runs.push(await benchOne(kind, opts, runDeadline));
  }
  const report = jsonReport(startedAt, opts, runs);
  mkdirSync(path.dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${table(runs, opts)}\n\nResults: ${path.relative(process.cwd(), opts.out) || opts.out}\n`);
  process.exitCode = runs.every((r) => r.ok) ? 0 : 1;
}

await main();
