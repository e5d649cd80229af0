import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where package.json and src/ live). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A TCP port that was free a moment ago (the server cannot report the one PORT=0 would pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      if (!addr || typeof addr === 'string') {
        srv.close();
        reject(new Error('could not read the port of a probe server'));
        return;
      }
      srv.close(() => resolve(addr.port));
    });
  });
}

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<Exit>;
  /** True until the process has exited. */
  running(): boolean;
  /** Everything the process wrote to stdout and stderr so far (the last 64 KiB). */
  output(): string;
  /** Sends the signal (if the process still runs) and waits for it to exit. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

const MAX_OUTPUT = 64 * 1024;

/**
 * Starts `node --import tsx src/main.ts` as a child process on a free port. The child gets the
 * given env on top of this process's PATH/HOME (nothing else leaks in: no DATABASE_URL, no
 * DATA_DIR from the caller's shell). Resolves once GET /health answers 200.
 */
export async function startServer(
  env: Record<string, string>,
  opts: { healthTimeoutMs?: number; args?: string[]; waitHealthy?: boolean } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(opts.args ?? [])], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > MAX_OUTPUT) out = out.slice(out.length - MAX_OUTPUT);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let alive = true;
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
    child.once('error', (err) => {
      collect(Buffer.from(`spawn error: ${err.message}\n`));
      alive = false;
      resolve({ code: null, signal: null });
    });
  });
  if (child.pid === undefined) {
    await exited;
    throw new Error(`could not spawn the server: ${out}`);
  }
  const proc: ServerProcess = {
    child,
    pid: child.pid,
    url,
    exited,
    running: () => alive,
    output: () => out,
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (!alive) return exited;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const res = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (res === 'timeout') {
        // Did not stop in time: do not leave it behind, and say so.
        child.kill('SIGKILL');
        await exited;
        throw new Error(`server pid ${child.pid} did not exit within ${timeoutMs} ms of ${signal}; output:\n${out}`);
      }
      return res;
    },
  };

  // A worker-only process serves no HTTP: the caller watches it another way.
  if (opts.waitHealthy === false) return proc;
  const deadline = Date.now() + (opts.healthTimeoutMs ?? 60_000);
  for (;;) {
    if (!alive) {
      const { code, signal } = await exited;
      throw new Error(`server exited before it was healthy (code ${code}, signal ${signal}); output:\n${out}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return proc;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await proc.stop('SIGKILL').catch(() => undefined);
      throw new Error(`server was not healthy within ${opts.healthTimeoutMs ?? 60_000} ms; output:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export type Res<T = any> = { status: number; body: T; headers: Headers };

/** A JSON call over real HTTP. */
export async function http<T = any>(base: string, method: string, url: string, opts: { token?: string; body?: unknown } = {}): Promise<Res<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, body: body as T, headers: res.headers };
}
