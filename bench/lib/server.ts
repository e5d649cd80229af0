import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { JsonClient } from './http.ts';
import { sleep } from './stats.ts';

/** Environment variables the bench sets itself; any inherited value is dropped for the child. */
const OWNED_ENV = ['HOST', 'PORT', 'PUBLIC_URL', 'DATABASE_URL', 'DATA_DIR', 'OPERATOR_TOKEN', 'BOOTSTRAP_PARTNER_TOKEN', 'LOG_LEVEL'];
/** Tuning variables passed through from the bench's environment (recorded in the results). */
export const TUNING_ENV = [
  'PG_POOL_SIZE', 'WORKER_CONCURRENCY', 'JOB_POLL_INTERVAL_MS', 'JOB_VISIBILITY_TIMEOUT_MS',
  'JOB_MAX_ATTEMPTS', 'JOB_BACKOFF_BASE_MS', 'PROVISIONING_STEP_DELAY_MS',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Page size in kB is irrelevant here: /proc/<pid>/status reports kB directly. */
function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process in seconds (clock ticks are 100 Hz on Linux x86/arm). */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return (utime + stime) / 100;
  } catch {
    return null;
  }
}

/** Host-wide CPU time from /proc/stat, in seconds: busy (everything but idle and iowait) and total. */
export function hostCpuSeconds(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    return { busy: (total - idle) / 100, total: total / 100 };
  } catch {
    return null;
  }
}

/** Samples VmRSS every `intervalMs` from /proc (Linux only). */
export class RssSampler {
  private timer?: NodeJS.Timeout;
  peakKb = 0;
  /** Peak since resetPhase() (the load phase). */
  phasePeakKb = 0;
  lastKb = 0;
  samples = 0;
  hwmKb: number | null = null;

  constructor(private readonly pid: number, private readonly intervalMs = 200) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  sample(): number | null {
    const kb = readStatusKb(this.pid, 'VmRSS');
    if (kb !== null) {
      this.samples++;
      this.lastKb = kb;
      if (kb > this.peakKb) this.peakKb = kb;
      if (kb > this.phasePeakKb) this.phasePeakKb = kb;
      // The kernel's own high-water mark catches peaks between samples.
      this.hwmKb = readStatusKb(this.pid, 'VmHWM') ?? this.hwmKb;
    }
    return kb;
  }

  resetPhase(): void {
    this.phasePeakKb = 0;
    this.sample();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

export interface DatabaseTarget {
  kind: 'embedded' | 'server';
  env: Record<string, string>;
  /** Human-readable location, without credentials. */
  where: string;
  cleanup(): Promise<void>;
  /** Bytes on disk after the run (embedded data dir only). */
  sizeBytes(): number | null;
  /** Server-side counters (PostgreSQL's pg_stat_database for the bench database), before cleanup. */
  stats(): Promise<Record<string, number> | null>;
  /** Per-table scan counters (pg_stat_user_tables), PostgreSQL only. */
  tables(): Promise<Record<string, string | number>[] | null>;
}

function dirSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirSize(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

export async function embeddedTarget(): Promise<DatabaseTarget> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wholesale-hub-bench-'));
  return {
    kind: 'embedded',
    env: { DATA_DIR: dir },
    where: dir,
    cleanup: () => rm(dir, { recursive: true, force: true }),
    stats: async () => null,
    tables: async () => null,
    sizeBytes: () => {
      try {
        return dirSize(dir);
      } catch {
        return null;
      }
    },
  };
}

/** A fresh database on the server of `adminUrl`, dropped by cleanup(). */
export async function serverTarget(adminUrl: string): Promise<DatabaseTarget> {
  const name = `bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const safe = new URL(url);
  safe.password = '';
  return {
    kind: 'server',
    env: { DATABASE_URL: url.toString() },
    where: safe.toString(),
    sizeBytes: () => null,
    stats: async () => {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
      await c.connect();
      try {
        // Backends flush their counters when they exit, so call this after the server stopped.
        const res = await c.query(
          `SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted,
                  blks_read, blks_hit, deadlocks, pg_database_size(datname) AS size_bytes
           FROM pg_stat_database WHERE datname = $1`,
          [name],
        );
        const row = res.rows[0] as Record<string, string> | undefined;
        return row ? Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) : null;
      } finally {
        await c.end();
      }
    },
    tables: async () => {
      const c = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 10_000 });
      await c.connect();
      try {
        const res = await c.query(
          `SELECT relname AS table, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch, n_tup_ins, n_tup_upd, n_tup_del, n_live_tup
           FROM pg_stat_user_tables ORDER BY seq_tup_read DESC, relname`,
        );
        return res.rows.map((r: Record<string, string>) =>
          Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'table' ? v : Number(v)])));
      } finally {
        await c.end();
      }
    },
    cleanup: async () => {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  operatorToken: string;
  partnerToken: string;
  rss: RssSampler;
  logFile: string;
  /** Last lines of the child's output, for error messages. */
  tail(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Asks the preloaded probe to reset its histogram or report it (null if it does not answer). */
  probe(msg: 'reset' | 'report'): Promise<Record<string, unknown> | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. Resolves once the process is gone. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean; ms: number }>;
}

export interface StartOptions {
  repoRoot: string;
  target: DatabaseTarget;
  logFile: string;
  cpuProfDir?: string;
  rssIntervalMs: number;
}

/**
 * Spawns `node --import tsx src/main.ts` directly (not through npm, which would add a parent
 * process whose RSS is not the server's), so `child.pid` is the server process itself.
 */
export function startServer(opts: StartOptions, port: number): ServerProcess {
  const operatorToken = `op_${randomBytes(16).toString('hex')}`;
  const partnerToken = `bench_${randomBytes(16).toString('hex')}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !OWNED_ENV.includes(k)) env[k] = v;
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    OPERATOR_TOKEN: operatorToken,
    BOOTSTRAP_PARTNER_TOKEN: partnerToken,
    LOG_LEVEL: 'warn',
    ...opts.target.env,
  });
  // The probe (event-loop delay) comes with an IPC channel; it is a preload, not a change to the server.
  const probe = new URL('./probe.ts', import.meta.url).href;
  const nodeArgs = ['--import', 'tsx', '--import', probe];
  if (opts.cpuProfDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`);
  const child = spawn(process.execPath, [...nodeArgs, 'src/main.ts'], {
    cwd: opts.repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.on('error', () => undefined);
  if (child.pid === undefined) throw new Error('could not spawn the server');
  const pid = child.pid;
  const log = createWriteStream(opts.logFile);
  const tailLines: string[] = [];
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      tailLines.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
      if (tailLines.length > 20) tailLines.shift();
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve({ code, signal });
    });
  });
  const rss = new RssSampler(pid, opts.rssIntervalMs);
  rss.start();
  let stopping: ReturnType<ServerProcess['stop']> | undefined;
  return {
    child, pid, port, operatorToken, partnerToken, rss, exited, logFile: opts.logFile,
    tail: () => tailLines.join('\n'),
    probe(msg) {
      if (!child.connected) return Promise.resolve(null);
      if (msg === 'reset') {
        child.send(msg);
        return Promise.resolve(null);
      }
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          resolve(null);
        }, 5000);
        const onMessage = (m: unknown) => {
          clearTimeout(timer);
          resolve(m as Record<string, unknown>);
        };
        child.once('message', onMessage);
        child.send(msg);
      });
    },
    stop(graceMs = 5000) {
      stopping ??= (async () => {
        const t0 = performance.now();
        let killed = false;
        if (child.exitCode === null && child.signalCode === null) {
          rss.sample();
          child.kill('SIGTERM');
          let timer: NodeJS.Timeout | undefined;
          const timedOut = await Promise.race([
            exited.then(() => false),
            new Promise<boolean>((resolve) => {
              timer = setTimeout(() => resolve(true), graceMs);
            }),
          ]);
          clearTimeout(timer);
          if (timedOut) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
        const res = await exited;
        rss.stop();
        return { ...res, killed, ms: performance.now() - t0 };
      })();
      return stopping;
    },
  };
}

/** Polls GET /health until 200, the child exits, or the deadline passes. */
export async function waitHealthy(server: ServerProcess, deadline: number): Promise<void> {
  const client = new JsonClient(server.port, undefined, 1);
  let exitedEarly = false;
  void server.exited.then(() => {
    exitedEarly = true;
  });
  try {
    for (;;) {
      if (exitedEarly) throw new Error(`the server exited during startup:\n${server.tail()}`);
      try {
        const res = await client.request('GET', '/health', undefined, 2000);
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) throw new Error(`the server was not healthy in time:\n${server.tail()}`);
      await sleep(100);
    }
  } finally {
    client.close();
  }
}
