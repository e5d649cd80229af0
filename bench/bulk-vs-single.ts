/**
 * Bulk vs single subscriber POSTs, end to end over HTTP against the real server:
 *   node --import tsx bench/bulk-vs-single.ts [--db embedded|server] [--n 10000] [--concurrency 50]
 * For each way, a fresh customer (webex_calling + webex_meetings, unlimited) gets one calling
 * administrator, then n webex_meetings subscribers: (1) single POSTs with `concurrency` clients,
 * (2) POST /bulk, 1,000 items per request, one request at a time, (3) `wholesale-hub subscribers
 * import` of a CSV of n rows. Server database: a fresh database on TEST_DATABASE_URL's server
 * (default postgres://postgres@127.0.0.1:5432), dropped at the end. Extra server env passes through.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot, startServer } from '../test/helpers/process.ts';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const DB = arg('db', 'embedded');
const N = Number(arg('n', '10000'));
const C = Number(arg('concurrency', '50'));
const TOKEN = 'bulk-bench-partner-token-0001';
const PASS_ENV = ['GROUP_COMMIT', 'GROUP_COMMIT_MAX_BATCH', 'GROUP_COMMIT_LANES', 'PG_POOL_SIZE'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? 0;
const round = (x: number) => Math.round(x * 10) / 10;

async function main() {
  const tmp = mkdtempSync(path.join(tmpdir(), 'wh-bulk-bench-'));
  const env: Record<string, string> = { BOOTSTRAP_PARTNER_TOKEN: TOKEN, LOG_LEVEL: 'warn', OPERATOR_TOKEN: 'bulk-bench-operator-0001' };
  for (const k of PASS_ENV) if (process.env[k]) env[k] = process.env[k]!;
  let dropDb: (() => Promise<void>) | undefined;
  if (DB === 'server') {
    const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `bulk_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDb = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else {
    env.DATA_DIR = path.join(tmp, 'data');
  }
  const server = await startServer(env, { healthTimeoutMs: 120_000 });
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  try {
    const tpl = await call('POST', '/v1/wholesale/templates', { name: 'Bench', serviceProviderAdminEmail: 'sp@bench.example', country: 'US', defaultEmailLanguage: 'en_US', wholesaleSubscriptionId: 'Sub1' });
    const address = { addressLine1: '771 Alder Drive', city: 'Milpitas', stateOrProvince: 'CA', zipOrPostalCode: '95035', country: 'US' };
    const customer = async (tag: string) => {
      const res = await call('POST', '/v1/wholesale/customers', {
        provisioningId: tpl.body.provisioningId, packages: ['webex_calling', 'webex_meetings'], externalId: `bench-${tag}`, address,
        customerInfo: { name: `Bench ${tag}`, primaryEmail: `admin-${tag}@bench.example` },
        provisioningParameters: { calling: { location: { name: 'HQ', address, timezone: 'America/Los_Angeles', language: 'en_US' } } },
      });
      const id = String(res.body.url).split('/').pop()!;
      for (;;) {
        const c = await call('GET', `/v1/wholesale/customers/${id}`);
        if (c.body.status === 'provisioned') break;
        if (['error', 'provisioned_with_errors'].includes(c.body.status)) throw new Error(`customer ${tag}: ${c.body.status}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const admin = await call('POST', '/v1/wholesale/subscribers', { customerId: id, email: `first-${tag}@bench.example`, packages: ['webex_calling'], provisioningParameters: { firstName: 'A', lastName: 'B', extension: '1000' } });
      if (admin.status !== 200) throw new Error(JSON.stringify(admin.body));
      return id;
    };
    const item = (id: string, tag: string, n: number) => ({ customerId: id, email: `u${n}-${tag}@bench.example`, packages: ['webex_meetings'], provisioningParameters: { firstName: 'U', lastName: String(n) } });
    const report = (what: string, ms: number, ok: number, lat: number[]) =>
      console.log(`${DB} ${what}: ${ok}/${N} in ${round(ms / 1000)} s = ${round((ok / ms) * 1000)} subscribers/s; request p50 ${round(pct(lat, 50))} ms, p99 ${round(pct(lat, 99))} ms`);

    // 1. Single POSTs, C clients.
    const single = await customer('single');
    let next = 0;
    let ok = 0;
    const lat: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: C }, async () => {
      while (next < N) {
        const n = next++;
        const s = performance.now();
        const res = await call('POST', '/v1/wholesale/subscribers', item(single, 'single', n));
        lat.push(performance.now() - s);
        if (res.status === 200) ok++;
      }
    }));
    report(`single POST x${C} clients`, performance.now() - t0, ok, lat);

    // 2. Bulk, 1,000 per request, sequential.
    const bulkId = await customer('bulk');
    ok = 0;
    const blat: number[] = [];
    const t1 = performance.now();
    for (let from = 0; from < N; from += 1000) {
      const items = Array.from({ length: Math.min(1000, N - from) }, (_, i) => item(bulkId, 'bulk', from + i));
      const s = performance.now();
      const res = await call('POST', '/v1/wholesale/subscribers/bulk', { items });
      blat.push(performance.now() - s);
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      ok += res.body.counts.succeeded;
    }
    report('bulk 1000/request, 1 at a time', performance.now() - t1, ok, blat);

    // 3. The CLI on a CSV.
    const cliId = await customer('cli');
    const file = path.join(tmp, 'users.csv');
    writeFileSync(file, `customerId,email,package,firstName,lastName\n${Array.from({ length: N }, (_, n) => `${cliId},u${n}-cli@bench.example,webex_meetings,U,${n}`).join('\n')}\n`);
    const t2 = performance.now();
    const run = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, [path.join(projectRoot, 'bin', 'wholesale-hub.js'), 'subscribers', 'import', file],
        { env: { ...process.env, WHOLESALE_HUB_URL: server.url, WHOLESALE_HUB_TOKEN: TOKEN }, maxBuffer: 1 << 24 },
        (err, stdout) => resolve({ code: err ? Number(err.code ?? -1) : 0, stdout }));
    });
    const ms = performance.now() - t2;
    console.log(`${DB} wholesale-hub subscribers import (${N} rows): exit ${run.code} in ${round(ms / 1000)} s = ${round((N / ms) * 1000)} rows/s`);
    console.log(run.stdout.trim());
  } finally {
    await server.stop();
    await dropDb?.();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
