import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openEmbeddedDatabase, openServerDatabase, type Database } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { createLogger } from './logger.ts';
import { partnerService } from './features/partners/service.ts';
import { portalAuth } from './features/portal-auth/service.ts';
import { createMetrics } from './metrics.ts';
import { startWorker } from './worker.ts';

/** Boot: config → database (migrated, locked) → bootstrap → HTTP and/or workers. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const database: Database = config.DATABASE_URL
    ? await openServerDatabase(config.DATABASE_URL, config.PG_POOL_SIZE)
    : await openEmbeddedDatabase({ dataDir: config.DATA_DIR });
  log.info({ database: database.kind, role: config.ROLE }, 'database ready');
  if (config.BOOTSTRAP_PARTNER_TOKEN) await partnerService.bootstrap(database.db, config.BOOTSTRAP_PARTNER_TOKEN);
  if (config.BOOTSTRAP_PARTNER_ADMIN_EMAIL && config.BOOTSTRAP_PARTNER_ADMIN_PASSWORD) {
    await portalAuth.bootstrapAdmin(database.db, config.BOOTSTRAP_PARTNER_ADMIN_EMAIL, config.BOOTSTRAP_PARTNER_ADMIN_PASSWORD);
  }

  const metrics = createMetrics();
  const worker = config.ROLE === 'api' ? undefined : await startWorker({ config, database, metrics, log });
  const app =
    config.ROLE === 'worker'
      ? undefined
      : await buildApp({ config, database, metrics, logger: log, onEnqueued: () => worker?.wake() });
  if (app) {
    await app.listen({ host: config.HOST, port: config.PORT });
    log.info(`Wholesale Hub listening on http://${config.HOST}:${config.PORT} (public URL ${config.PUBLIC_URL})`);
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    // In-flight requests get a grace period; idle keep-alive and never-used connections are
    // closed so that a client holding a socket open cannot stall the shutdown.
    app?.server.closeIdleConnections();
    const force = setTimeout(() => app?.server.closeAllConnections(), 5_000);
    force.unref();
    await app?.close();
    clearTimeout(force);
    await worker?.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`wholesale-hub: ${err.message}\n`);
  } else {
    process.stderr.write(`wholesale-hub: could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
