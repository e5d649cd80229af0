import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { cleanups } from '../cleanup.ts';
import { JsonClient } from '../http.ts';
import { templateBody } from '../load.ts';
import { log, secs } from '../log.ts';
import { PHASE_LIMITS, repoRoot, resultsDir } from '../options.ts';
import { embeddedTarget, freePort, serverTarget, startServer, waitHealthy, type ServerProcess } from '../server.ts';
import { round } from '../stats.ts';
import { ceilingPhase } from './ceiling.ts';
import type { RunContext } from './context.ts';

/**
 * The database, its ceiling (phases/ceiling.ts, before any server runs on it), the server on it
 * and an onboarding template; returns the template's provisioning id. Sets `ctx.target`,
 * `ctx.server` and `ctx.client`.
 */
export async function startup(ctx: RunContext): Promise<string> {
  const { kind, opts, result, until } = ctx;
  const target = kind === 'embedded' ? await embeddedTarget() : await serverTarget(opts.databaseUrl!);
  ctx.target = target;
  cleanups.add(ctx.dropTarget);
  log(`${kind}: database at ${target.where}`);
  try {
    await ceilingPhase(ctx);
  } catch (err) {
    // The HTTP phases still run; the ratios stay null.
    result.ceiling.error = err instanceof Error ? err.message : String(err);
    log(`${kind}: database ceiling FAILED: ${String(result.ceiling.error)}`);
  }
  // The ceiling's own commits must not count as the server's (commitsPerCustomer): its sessions
  // have ended, so their counters are flushed.
  const beforeServer = await target.stats().catch(() => null);
  if (beforeServer) result.server.databaseBeforeServer = beforeServer;
  if (opts.cpuProf) {
    const profileDir = path.join(resultsDir, `cpu-prof-${kind}`);
    ctx.profileDir = profileDir;
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  const port = await freePort();
  const spawnedAt = performance.now();
  const server = startServer({ repoRoot, target, logFile: path.join(resultsDir, `wholesale-hub-${kind}.log`), cpuProfDir: ctx.profileDir, rssIntervalMs: 200 }, port);
  ctx.server = server;
  cleanups.add(ctx.stopServer);
  result.server.pid = server.pid;
  result.server.port = port;
  await waitHealthy(server, until(PHASE_LIMITS.startup));
  result.server.startupMs = round(performance.now() - spawnedAt, 0);
  log(`${kind}: server pid ${server.pid} healthy on 127.0.0.1:${port} after ${secs(performance.now() - spawnedAt)}`);

  // Keep-alive sockets: the POST loops plus the status pollers.
  const client = new JsonClient(port, server.partnerToken, opts.concurrency + 6);
  ctx.client = client;
  const tpl = await client.request('POST', '/v1/wholesale/templates', templateBody(ctx.tag), PHASE_LIMITS.template);
  if (tpl.status !== 201) throw new Error(`create template: HTTP ${tpl.status} ${JSON.stringify(tpl.body).slice(0, 300)}`);
  const provisioningId = (tpl.body as { provisioningId: string }).provisioningId;
  result.server.idleRssMb = round((server.rss.sample() ?? 0) / 1024);

  // Open every keep-alive connection before the clock starts, as long-lived clients would have
  // them. (With the embedded database a brand-new connection can wait for most of the POST
  // phase before its first request is served; --cold-connections shows that.)
  if (!opts.coldConnections) {
    await Promise.all(Array.from({ length: opts.concurrency + 6 }, () => client.request('GET', '/health')));
  }
  return provisioningId;
}

/** Embedded only, before seeding its data dir: stops the server, recording its figures. */
export async function stopFirstServer(ctx: RunContext): Promise<void> {
  const { result } = ctx;
  ctx.client?.close();
  const first = ctx.server!;
  const stopped = await first.stop(5000);
  result.server.firstProcess = {
    pid: first.pid,
    peakRssMb: round(first.rss.peakKb / 1024),
    vmHwmMb: round((first.rss.hwmKb ?? 0) / 1024),
    rssSamples: first.rss.samples,
    shutdown: { code: stopped.code, signal: stopped.signal, sigkill: stopped.killed, ms: round(stopped.ms, 0) },
    log: path.relative(repoRoot, first.logFile),
  };
}

/** Embedded only, after seeding: a new server process on the seeded data dir, for the list phase. */
export async function restartServer(ctx: RunContext): Promise<{ server: ServerProcess; client: JsonClient }> {
  const { kind, opts, result, until } = ctx;
  const port2 = await freePort();
  const at = performance.now();
  const server = startServer({ repoRoot, target: ctx.target!, logFile: path.join(resultsDir, `wholesale-hub-${kind}-list.log`), cpuProfDir: ctx.profileDir, rssIntervalMs: 200 }, port2);
  ctx.server = server;
  result.server.listProcess = { pid: server.pid, port: port2 };
  await waitHealthy(server, until(PHASE_LIMITS.startup));
  (result.server.listProcess as Record<string, unknown>).startupMs = round(performance.now() - at, 0);
  const client = new JsonClient(port2, server.partnerToken, opts.listClients + 2);
  ctx.client = client;
  return { server, client };
}
