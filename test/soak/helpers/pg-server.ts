import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../helpers/process.ts';

/**
 * A throwaway PostgreSQL 15 server of our own (never the shared one on :5432, which others use):
 * initdb into a temp dir, then start, fast-stop and start it again on the same port. PostgreSQL
 * refuses to run as root, so as root everything runs as the `postgres` user.
 */
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  readonly url: string;
  readonly port: number;
  /** Starts the server and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Fast shutdown (SIGINT): open sessions are terminated; resolves once the server has exited. */
  stop(): Promise<void>;
  /** The server's log so far. */
  log(): string;
  destroy(): Promise<void>;
}

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

export async function createThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const root = mkdtempSync(path.join(tmpdir(), 'wh-pg-'));
  const dataDir = path.join(root, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(root, uid, gid);
  }
  const [initCmd, initArgs] = asPostgresUser(path.join(BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}${init.stdout}`);

  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let out = '';

  const canConnect = async () => {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  const postmasterPid = (): number | undefined => {
    const file = path.join(dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  };

  const server: ThrowawayPostgres = {
    url,
    port,
    async start() {
      const [cmd, args] = asPostgresUser(path.join(BIN, 'postgres'),
        ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200']);
      const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      const collect = (b: Buffer) => {
        out = (out + b.toString('utf8')).slice(-64 * 1024);
      };
      proc.stdout!.on('data', collect);
      proc.stderr!.on('data', collect);
      exited = new Promise((resolve) => proc.once('exit', () => resolve()));
      const deadline = Date.now() + 30_000;
      while (!(await canConnect())) {
        if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      // runuser does not pass signals on: signal the postmaster itself.
      const pid = postmasterPid();
      if (pid) process.kill(pid, 'SIGINT');
      await exited;
      child = undefined;
    },
    log: () => out,
    async destroy() {
      if (child) {
        const pid = postmasterPid();
        if (pid) process.kill(pid, 'SIGQUIT');
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  return server;
}
