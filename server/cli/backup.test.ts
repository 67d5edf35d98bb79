import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { SqliteStore } from '../store/sqlite';
import { main } from './main';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  return main(argv, { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }).then((code) => ({ code, stdout, stderr }));
}

it('backs up a running server’s database to a file that opens as a data directory, and refuses to overwrite', async () => {
  const cwd = mkdtempSync(path.join(os.tmpdir(), 'gradflow-backup-'));
  dirs.push(cwd);
  const live = SqliteStore.open(path.join(cwd, 'data'), { logger: silentLogger });
  try {
    await live.saveReport({ roomId: 'g1', title: 'Week 09', classId: null, endedAt: 7, students: [{ playerId: 'a' }] });
    await live.putDoc('pack', 'mine', { id: 'mine' });
    // The store stays open, as a running server's does.
    const done = await run(cwd, 'backup', '--to', 'restore/gradflow.db');
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toMatch(/^backed up .*data\/gradflow\.db to .*restore\/gradflow\.db \(\d+ pages\)\n$/);
    await live.putDoc('pack', 'later', { id: 'later' });

    const restored = SqliteStore.open(path.join(cwd, 'restore'), { logger: silentLogger });
    try {
      expect(await restored.getReport('g1')).toEqual({ roomId: 'g1', title: 'Week 09', classId: null, endedAt: 7, students: [{ playerId: 'a' }] });
      expect(await restored.listDocs('pack')).toEqual([{ id: 'mine' }]);
    } finally {
      await restored.close();
    }
    const again = await run(cwd, 'backup', '--to', 'restore/gradflow.db');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  } finally {
    await live.close();
  }
  const missing = await run(cwd, 'backup', '--to', 'x.db', '--data-dir', 'nowhere');
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('no database at');
});
