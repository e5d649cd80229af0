import os from 'node:os';
import { emptyRun, fillRatios, type RunResult } from './figures.ts';
import { log } from './log.ts';
import { PHASE_LIMITS, type Options } from './options.ts';
import type { RunContext } from './phases/context.ts';
import { customerPhase } from './phases/customers.ts';
import { startup } from './phases/startup.ts';
import { subscriberPhases } from './phases/subscribers.ts';
import { teardown } from './phases/teardown.ts';
import { round } from './stats.ts';

/**
 * One database's run: a fresh database and its own ceiling, the server on it, the customer load
 * phase, the subscriber and list phases, then the teardown, which runs whatever failed, and the
 * ratios. Never throws: a failure is recorded in the result (`ok: false`, `error`).
 */
export async function benchOne(kind: 'embedded' | 'server', opts: Options, globalDeadline: number): Promise<RunResult> {
  const result = emptyRun(kind);
  // Other processes on the machine skew every figure: keep the load average with the run.
  result.client.loadAvgBefore = os.loadavg().map((v) => round(v, 2));
  const ctx: RunContext = {
    kind,
    opts,
    result,
    tag: `${kind.slice(0, 3)}${Date.now().toString(36)}`,
    until: (ms: number) => Math.min(performance.now() + ms, globalDeadline - PHASE_LIMITS.teardown),
    globalDeadline,
    subWindows: [],
    stopServer: async () => ctx.server?.stop(5000),
    dropTarget: async () => ctx.target?.cleanup(),
  };
  try {
    const provisioningId = await startup(ctx);
    const provisioned = await customerPhase(ctx, provisioningId);
    await subscriberPhases(ctx, provisioned);
    result.ok = true;
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    log(`${kind}: FAILED: ${result.error}`);
  } finally {
    await teardown(ctx);
    fillRatios(result);
  }
  return result;
}
