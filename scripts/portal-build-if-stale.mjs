#!/usr/bin/env node
/**
 * Builds Partner Hub (web/ → web/dist) when the bundle is missing or older than its sources, so
 * `npm start` on a fresh clone or after a `git pull` serves the current portal without a manual
 * build. `--always` builds unconditionally (the `prepare` script, i.e. `npm install`).
 *
 * Without the build toolchain (an install with --omit=dev) this only warns: the API still
 * starts and `/` shows the placeholder page. A real build failure stops with its exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(repo, 'web');
const bundle = path.join(web, 'dist', 'index.html');
const always = process.argv.includes('--always');

/** Newest modification time under the given files and directories (0 when none exist). */
function newest(paths) {
  let max = 0;
  const visit = (p) => {
    let s;
    try {
      s = statSync(p);
    } catch {
      return;
    }
    if (s.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
    // Tests are not part of the bundle: editing one needs no rebuild.
    else if (!/\.test\.tsx?$/.test(p)) max = Math.max(max, s.mtimeMs);
  };
  paths.forEach(visit);
  return max;
}

function stale() {
  if (!existsSync(bundle)) return 'web/dist/index.html is missing';
  const built = statSync(bundle).mtimeMs;
  const sources = newest(['src', 'index.html', 'public', 'vite.config.ts', 'tsconfig.json'].map((p) => path.join(web, p)));
  return sources > built ? 'web/ has changed since the last build' : null;
}

const reason = always ? 'requested' : stale();
if (!reason) process.exit(0);

let viteBin;
try {
  viteBin = path.join(path.dirname(createRequire(path.join(repo, 'package.json')).resolve('vite/package.json')), 'bin', 'vite.js');
} catch {
  console.warn(`portal: not built (${reason}) — vite is not installed (dev dependencies omitted); / shows a placeholder page.`);
  process.exit(0);
}

console.log(`portal: building Partner Hub (${reason})…`);
const res = spawnSync(process.execPath, [viteBin, 'build', web, '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
process.exit(res.status ?? 1);
