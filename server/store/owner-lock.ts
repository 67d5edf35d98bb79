import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file in the data dir naming the process that owns the database. */
export const LOCK_FILE = 'gradflow.lock';

/** How many stores of this process hold each lock (tests open several on one dir). */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the data dir for this process: the embedded store keeps rooms and
 * players in memory, which is only right while one process writes the file.
 * A lock left by a process that died (a crash) is taken over; one held by a
 * live process is refused with a line that says what to do.
 */
export function claimDataDir(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  const count = held.get(file) ?? 0;
  if (count > 0) {
    held.set(file, count + 1);
    return;
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held.set(file, 1);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
    }
    const holder = Number(readFileSync(file, 'utf8').trim());
    if (holder === process.pid) {
      held.set(file, 1);
      return;
    }
    if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
      throw new Error(`the data dir ${dataDir} is in use by process ${holder}: one server per data dir (several processes share Redis instead); if no server runs there, delete ${file}`);
    }
    rmSync(file, { force: true });
  }
}

/** Releases this process's claim once its last store on the dir closes. */
export function releaseDataDir(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  const count = held.get(file) ?? 0;
  if (count > 1) {
    held.set(file, count - 1);
    return;
  }
  held.delete(file);
  try {
    if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file, { force: true });
  } catch {
    // Already gone, or the dir is read-only now: the next start sees a dead holder and takes over.
  }
}
