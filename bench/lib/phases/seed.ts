import { openEmbeddedDatabase, type Db } from '../../../src/db/client.ts';
import { log, secs } from '../log.ts';
import { PHASE_LIMITS } from '../options.ts';
import { countSubscribers, openPgDb, partnerOfToken, seedSubscribers, type SeedResult } from '../seed.ts';
import { round } from '../stats.ts';
import type { RunContext } from './context.ts';
import { restartServer, stopFirstServer } from './startup.ts';

/** The partner's tenant for the list phase: subscribers made through the API plus seeded rows. */
export interface SeededTenant {
  seed: SeedResult;
  partnerId: string;
  apiSubscribers: number;
  /** apiSubscribers + seed.seeded */
  tenant: number;
}

/** Bench-process RSS sampler (the embedded database is opened in the bench itself to seed it). */
function sampleOwnRss(intervalMs = 200) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

/**
 * Tops the partner up to `listTenant` subscribers by seeding rows. PostgreSQL: over a pg
 * connection while the server runs. Embedded: the server is stopped, the bench opens its data
 * dir, seeds, closes it and starts a new server process on it (`ctx.server`, `ctx.client`).
 */
export async function seedTenant(ctx: RunContext): Promise<SeededTenant> {
  const { kind, opts, result, until } = ctx;
  const sub = result.subscribers;
  const server = ctx.server!;
  const rssMb = (kb: number) => round(kb / 1024);
  const seedDeadline = until(PHASE_LIMITS.seed);
  let seed: SeedResult;
  let partnerId: string;
  let apiSubscribers: number;
  const seedLog = (n: number) => log(`${kind}: seeded ${n} subscribers`);
  if (kind === 'server') {
    sub.seedMethod = 'SQL over a pg connection while the server runs: INSERT … SELECT generate_series into people + subscribers (one statement per 25,000), new meetings-only customers of 1,000 subscribers each, then ANALYZE';
    server.rss.resetPhase();
    const { db, close } = await openPgDb(ctx.target!.env.DATABASE_URL!);
    try {
      const tpl = await partnerOfToken(db, server.partnerToken);
      partnerId = tpl.partnerId;
      apiSubscribers = await countSubscribers(db, partnerId);
      log(`${kind}: seeding ${Math.max(0, opts.listTenant - apiSubscribers)} subscribers (the partner has ${apiSubscribers})…`);
      seed = await seedSubscribers(db, { ...tpl, total: Math.max(0, opts.listTenant - apiSubscribers), tag: ctx.tag, deadline: seedDeadline, onProgress: seedLog });
    } finally {
      await close();
    }
    server.rss.sample();
    sub.seedServerPeakRssMb = rssMb(server.rss.phasePeakKb);
  } else {
    sub.seedMethod = 'server stopped; the bench opened its data dir with openEmbeddedDatabase({dataDir}) and ran INSERT … SELECT generate_series into people + subscribers (one statement per 25,000), new meetings-only customers of 1,000 subscribers each, then ANALYZE; closed it and started a new server process for the list phase';
    await stopFirstServer(ctx);
    const own = sampleOwnRss();
    const t0 = performance.now();
    const database = await openEmbeddedDatabase({ dataDir: ctx.target!.env.DATA_DIR! });
    sub.seedOpenMs = round(performance.now() - t0, 0);
    try {
      const db: Db = database.db;
      const tpl = await partnerOfToken(db, server.partnerToken);
      partnerId = tpl.partnerId;
      apiSubscribers = await countSubscribers(db, partnerId);
      log(`${kind}: seeding ${Math.max(0, opts.listTenant - apiSubscribers)} subscribers (the partner has ${apiSubscribers})…`);
      seed = await seedSubscribers(db, { ...tpl, total: Math.max(0, opts.listTenant - apiSubscribers), tag: ctx.tag, deadline: seedDeadline, onProgress: seedLog });
    } finally {
      const c0 = performance.now();
      await database.close();
      sub.seedCloseMs = round(performance.now() - c0, 0);
      sub.seedBenchPeakRssMb = round(own.stop() / 1024 / 1024);
    }
    log(`${kind}: restarting the server on the seeded data dir…`);
    const { client } = await restartServer(ctx);
    await Promise.all(Array.from({ length: opts.listClients + 2 }, () => client.request('GET', '/health')));
  }
  const tenant = apiSubscribers + seed.seeded;
  Object.assign(sub, {
    listTenant: tenant,
    listTenantRequested: opts.listTenant,
    listTenantViaApi: apiSubscribers,
    seeded: seed.seeded,
    seededCustomers: seed.customers,
    seedMs: round(seed.ms, 0),
    seedAnalyzeMs: round(seed.analyzeMs, 0),
    seedRowsPerSec: seed.ms > 0 ? round(seed.seeded / (seed.ms / 1000), 0) : null,
    seedTruncated: seed.truncated,
  });
  log(`${kind}: tenant of ${tenant} subscribers (${seed.seeded} seeded in ${secs(seed.ms)}); measuring list pages with ${opts.listClients} clients…`);
  return { seed, partnerId, apiSubscribers, tenant };
}
