import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a V8 .cpuprofile (node --cpu-prof) that the summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  where: string;
  selfMs: number;
  pct: number;
}

export interface ProfileSummary {
  file: string;
  /** Sampled milliseconds inside the window (idle included). */
  totalMs: number;
  idleMs: number;
  window: 'load phase' | 'whole process';
  functions: ProfileRow[];
  /** Self time by origin: a package under node_modules, a src/ file, node internals, GC… */
  origins: ProfileRow[];
}

/** Microseconds on CLOCK_MONOTONIC, the clock V8 stamps profile samples with on Linux. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

function originOf(url: string, fn: string, repoRoot: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  if (url.startsWith('wasm://')) return 'wasm';
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = file.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const parts = file.slice(nm + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  return path.relative(repoRoot, file) || file;
}

function shortWhere(url: string, line: number, repoRoot: string): string {
  if (!url) return '';
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  const nm = file.lastIndexOf('/node_modules/');
  const rel = nm >= 0 ? file.slice(nm + '/node_modules/'.length) : path.relative(repoRoot, file) || file;
  return `${rel}:${line + 1}`;
}

/**
 * Self time per function and per origin. With a window (monotonic µs), only samples inside it
 * count; if the window does not overlap the profile (another clock), the whole profile is used.
 */
export function summariseProfile(file: string, repoRoot: string, window?: { fromUs: number; toUs: number }, top = 25): ProfileSummary {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  let useWindow = !!window && window.fromUs < prof.endTime && window.toUs > prof.startTime;
  const selfUs = new Map<number, number>();
  const tally = (restrict: boolean) => {
    selfUs.clear();
    let t = prof.startTime;
    for (let i = 0; i < prof.samples.length; i++) {
      const dt = prof.timeDeltas[i] ?? 0;
      t += dt;
      if (restrict && (t < window!.fromUs || t > window!.toUs)) continue;
      // A sample's delta is the time since the previous one: charge it to this sample's node.
      const id = prof.samples[i]!;
      selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
    }
  };
  tally(useWindow);
  if (useWindow && selfUs.size === 0) {
    useWindow = false;
    tally(false);
  }
  let totalUs = 0;
  let idleUs = 0;
  const fns = new Map<string, ProfileRow>();
  const origins = new Map<string, ProfileRow>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    totalUs += us;
    if (functionName === '(idle)') idleUs += us;
    const name = functionName || '(anonymous)';
    const where = shortWhere(url, lineNumber, repoRoot);
    const key = `${name}@${where}`;
    const row = fns.get(key) ?? { name, where, selfMs: 0, pct: 0 };
    row.selfMs += us / 1000;
    fns.set(key, row);
    const origin = originOf(url, name, repoRoot);
    const o = origins.get(origin) ?? { name: origin, where: '', selfMs: 0, pct: 0 };
    o.selfMs += us / 1000;
    origins.set(origin, o);
  }
  // Percentages of busy time (idle excluded), which is what "where time goes" means.
  const busyMs = (totalUs - idleUs) / 1000 || 1;
  const finish = (rows: Iterable<ProfileRow>) =>
    [...rows]
      .filter((r) => r.name !== '(idle)')
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((r) => ({ ...r, selfMs: Number(r.selfMs.toFixed(1)), pct: Number(((100 * r.selfMs) / busyMs).toFixed(1)) }));
  return {
    file,
    totalMs: Number((totalUs / 1000).toFixed(1)),
    idleMs: Number((idleUs / 1000).toFixed(1)),
    window: useWindow ? 'load phase' : 'whole process',
    functions: finish(fns.values()),
    origins: finish(origins.values()),
  };
}

export function formatProfile(s: ProfileSummary, top = 20): string {
  const lines: string[] = [];
  const busy = s.totalMs - s.idleMs;
  lines.push(`CPU profile ${path.basename(s.file)} (${s.window}): ${busy.toFixed(0)} ms busy of ${s.totalMs.toFixed(0)} ms sampled`);
  lines.push('  self time by origin:');
  for (const r of s.origins.slice(0, 12)) lines.push(`    ${r.pct.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}`);
  lines.push('  top functions by self time:');
  for (const r of s.functions.slice(0, top)) {
    lines.push(`    ${r.pct.toFixed(1).padStart(5)}%  ${r.selfMs.toFixed(0).padStart(7)} ms  ${r.name}  ${r.where}`);
  }
  return lines.join('\n');
}
