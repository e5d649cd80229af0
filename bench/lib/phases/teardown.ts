import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cleanups } from '../cleanup.ts';
import { log } from '../log.ts';
import { repoRoot } from '../options.ts';
import { formatProfile, summariseProfile, type ProfileSummary } from '../profile.ts';
import { round } from '../stats.ts';
import type { RunContext } from './context.ts';

/**
 * Whatever happened to the run: stop the current server, read the database's statistics, drop
 * the database, and with --cpu-prof summarise each phase's profile. Records it all in the result.
 */
export async function teardown(ctx: RunContext): Promise<void> {
  const { kind, result, client, server, target, profileDir, window: loadWindow, subWindows } = ctx;
  client?.close();
  if (server) {
    const stopped = await server.stop(5000);
    cleanups.delete(ctx.stopServer);
    // With the embedded database the server is restarted for the list phase: peaks over both processes.
    const first = result.server.firstProcess as { peakRssMb: number; vmHwmMb: number } | undefined;
    result.server.peakRssMb = round(Math.max(server.rss.peakKb / 1024, first?.peakRssMb ?? 0));
    result.server.vmHwmMb = round(Math.max((server.rss.hwmKb ?? 0) / 1024, first?.vmHwmMb ?? 0));
    result.server.rssSamples = server.rss.samples;
    result.server.rssIntervalMs = 200;
    result.server.shutdown = { code: stopped.code, signal: stopped.signal, sigkill: stopped.killed, ms: round(stopped.ms, 0) };
    result.server.log = path.relative(repoRoot, server.logFile);
    if (stopped.killed) log(`${kind}: the server did not stop within 5 s of SIGTERM and was killed`);
  }
  if (target) {
    result.server.dataDirBytes = target.sizeBytes();
    try {
      const stats = await target.stats();
      if (stats) {
        // Whole-database counters: startup, migrations and the bench's own reads included.
        // Commits per customer: up to the end of the customer phase when subscribers followed.
        const n = Number(result.customers.provisioned) || 0;
        const upTo = (result.server.databaseAfterCustomers as Record<string, number> | undefined) ?? stats;
        const before = (result.server.databaseBeforeServer as Record<string, number> | undefined)?.xact_commit ?? 0;
        result.server.database = { ...stats, ...(n ? { commitsPerCustomer: round((upTo.xact_commit! - before) / n, 1) } : {}) };
      }
      const tables = await target.tables();
      if (tables) result.server.tables = tables;
    } catch (err) {
      log(`${kind}: could not read database statistics: ${String(err)}`);
    }
    try {
      await target.cleanup();
    } catch (err) {
      log(`${kind}: cleanup failed: ${String(err)}`);
    }
    cleanups.delete(ctx.dropTarget);
  }
  if (profileDir) {
    const files = readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
    if (files.length === 0) log(`${kind}: no CPU profile was written (killed?)`);
    const firstPid = Number((result.server.firstProcess as { pid?: number } | undefined)?.pid ?? result.server.pid);
    for (const f of files) {
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
      const pid = Number(f.split('.')[3]);
      if (pid === firstPid) {
        const summary: ProfileSummary = summariseProfile(path.join(profileDir, f), repoRoot, loadWindow);
        if (summary.totalMs - summary.idleMs < 50) continue; // a helper thread's profile
        result.server.cpuProfile = { ...summary, file: path.relative(repoRoot, summary.file) };
        process.stdout.write(`\n[${kind}] customer load phase: ${formatProfile(summary)}\n`);
      }
      for (const w of subWindows.filter((x) => x.pid === pid)) {
        const s2 = summariseProfile(path.join(profileDir, f), repoRoot, w);
        if (s2.totalMs - s2.idleMs < 50) continue;
        result.subscribers[w.key] = { ...s2, file: path.relative(repoRoot, s2.file) };
        process.stdout.write(`\n[${kind}] ${w.label}: ${formatProfile(s2)}\n`);
      }
    }
  }
}
