import type { RunResult } from '../figures.ts';
import type { JsonClient } from '../http.ts';
import type { Options } from '../options.ts';
import type { DatabaseTarget, ServerProcess } from '../server.ts';

/** A stretch of a server process's time, summarised from its CPU profile with --cpu-prof. */
export interface ProfileWindow {
  key: string;
  label: string;
  pid: number;
  fromUs: number;
  toUs: number;
}

/**
 * The state of one database's run, shared by its phases. `server` and `client` change when the
 * embedded server is restarted for the list phase; the teardown stops whatever is current.
 */
export interface RunContext {
  kind: 'embedded' | 'server';
  opts: Options;
  result: RunResult;
  /** Makes this run's names (template, external ids, emails) unique. */
  tag: string;
  /** A phase's deadline: `ms` from now, cut to what is left of the run before its teardown. */
  until: (ms: number) => number;
  globalDeadline: number;
  target?: DatabaseTarget;
  server?: ServerProcess;
  client?: JsonClient;
  profileDir?: string;
  /** The customer load phase, for --cpu-prof. */
  window?: { fromUs: number; toUs: number };
  /** The subscriber POST and list phases, for --cpu-prof (by server pid: the embedded server is restarted). */
  subWindows: ProfileWindow[];
  /** Registered in `cleanups` while there is something to stop or drop. */
  stopServer: () => Promise<unknown>;
  dropTarget: () => Promise<unknown>;
}
