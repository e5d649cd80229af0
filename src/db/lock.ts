import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface DirLock {
  release(): void;
}

export class DataDirLockedError extends Error {}

/** Directories this process holds: a lock with our own pid is ours only if listed here. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * The lock file holds the owner's pid; a lock left by a dead process (SIGKILL, power loss) is
 * taken over, a live one is refused with a message that names the owner.
 */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, 'wholesale-hub.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(file);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held.delete(file);
          rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      // Our own pid in the file is a previous life of this pid (a restarted container), unless
      // this very process holds the lock.
      const ours = owner === process.pid;
      if ((ours && held.has(file)) || (!ours && Number.isInteger(owner) && owner > 0 && alive(owner))) {
        throw new DataDirLockedError(
          `data directory ${dir} is in use by process ${owner}${ours ? ' (this one)' : ''}; stop it, or set DATA_DIR to another directory (or DATABASE_URL to share a PostgreSQL server)`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock data directory ${dir}`);
}
