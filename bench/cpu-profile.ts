/**
 * Summarises a .cpuprofile written by `npm run bench -- --cpu-prof` (or any node --cpu-prof):
 *   node --import tsx bench/cpu-profile.ts <file.cpuprofile> [top]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatProfile, summariseProfile } from './lib/profile.ts';

const [file, top] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node --import tsx bench/cpu-profile.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const n = top ? Number(top) : 25;
process.stdout.write(`${formatProfile(summariseProfile(file, repoRoot, undefined, n), n)}\n`);
