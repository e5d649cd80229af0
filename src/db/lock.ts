import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

function readOwner(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite is a single-process database: two processes writing one data directory corrupt it.
 * The lock file holds the owner's pid; a lock left by a dead process (SIGKILL, power loss) is
 * taken over, a live one is refused with a message that names the owner.
 *
 * The file appears with its pid already in it (written aside, then hard-linked into place), and
 * a stale lock is moved away by rename before it is replaced, so two processes starting at once
 * cannot both win.
 */
export function acquireDirLock(dir: string): DirLock {
  const file = path.join(dir, 'wholesale-hub.lock');
  const staging = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(staging, String(process.pid));
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(staging, file);
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
      }
      const owner = readOwner(file);
      // Our own pid in the file is a previous life of this pid (a restarted container), unless
      // this very process holds the lock.
      const ours = owner === process.pid;
      if ((ours && held.has(file)) || (!ours && owner !== null && alive(owner))) {
        throw new DataDirLockedError(
          `data directory ${dir} is in use by process ${owner}${ours ? ' (this one)' : ''}; stop it, or set DATA_DIR to another directory (or DATABASE_URL to share a PostgreSQL server)`,
        );
      }
      // Stale: only one contender manages to move it away; everyone then races for the link.
      const graveyard = `${file}.stale.${process.pid}.${attempt}`;
      try {
        renameSync(file, graveyard);
      } catch {
        continue; // Someone else moved it first.
      }
      const moved = readOwner(graveyard);
      if (moved !== owner && moved !== null && alive(moved)) {
        // Between our look and the rename a live process took the lock: put it back.
        try {
          linkSync(graveyard, file);
        } finally {
          rmSync(graveyard, { force: true });
        }
        throw new DataDirLockedError(`data directory ${dir} is in use by process ${moved}`);
      }
      rmSync(graveyard, { force: true });
    }
    throw new DataDirLockedError(`could not lock data directory ${dir}`);
  } finally {
    rmSync(staging, { force: true });
  }
}
