/**
 * A real small filesystem for disk-trouble tests: a tmpfs of a few MiB
 * mounted on a fresh directory (needs root, as the tests run). Filling it
 * gives real ENOSPC (SQLITE_FULL) to every writer, root included; remounting
 * it read-only gives real EROFS. Nothing here is simulated in the code under test.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Size of the test filesystem. */
export const SMALL_DISK_BYTES = 4 * 1024 * 1024;
const FILL_CHUNK_BYTES = 64 * 1024;

/** A mounted tmpfs. */
export interface SmallDisk {
  readonly dir: string;
  /** Writes a filler file until the filesystem is full (ENOSPC). */
  fill(): void;
  /** Deletes the filler file. */
  free(): void;
  /** Remounts read-only or read-write (fails with EBUSY while a file is open for writing). */
  remount(mode: 'ro' | 'rw'): void;
  dispose(): void;
}

/** Mounts a tmpfs of {@link SMALL_DISK_BYTES}; throws with the reason when this machine does not allow it. */
export function mountSmallDisk(): SmallDisk {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SMALL_DISK_BYTES}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmdirSync(dir);
    throw new Error(`disk-trouble tests mount a tmpfs and need root: ${err instanceof Error ? err.message : String(err)}`);
  }
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(FILL_CHUNK_BYTES, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
        // The last partial page: fill it byte by byte.
        try {
          for (;;) writeSync(fd, chunk, 0, 1);
        } catch (again) {
          if ((again as NodeJS.ErrnoException).code !== 'ENOSPC') throw again;
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    remount(mode) {
      execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
    },
    dispose() {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
