import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { initialRoomState } from '@/engine/game/phases';
import { createLogger, silentLogger } from '../logger';
import { mountSmallDisk, type SmallDisk } from '../test-support/small-disk';
import { nextTurn } from '../turn-gate';
import { isStoreOutage } from './outage';
import { LOCK_FILE } from './owner-lock';
import { DB_FILE, ROOM_RETENTION_MS, SqliteStore } from './sqlite';
import type { AnswerRecord, RoomRecord } from './types';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
let disk: SmallDisk | undefined;
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  disk?.dispose();
  disk = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'gradflow-sqlite-'));
  dirs.push(d);
  return d;
}

function open(dir: string, opts: { now?: () => number; lines?: string[] } = {}): SqliteStore {
  const logger = opts.lines ? createLogger('info', (l) => opts.lines?.push(l)) : silentLogger;
  const s = SqliteStore.open(dir, { logger, now: opts.now });
  stores.push(s);
  return s;
}

let seq = 0;
function room(phase: RoomRecord['state']['phase'] = 'question'): RoomRecord {
  seq++;
  const state = { ...initialRoomState(2, { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false }), phase, questionIndex: 0 };
  return { id: `room-${seq}`, code: String(200000 + seq), hostTokenHash: 'h', packId: 'p', title: 'T', classId: null, createdAt: 1, state, reveal: null, leaders: [], version: 0 };
}

function answer(playerId: string, answerId: string): AnswerRecord {
  return { playerId, answerId, questionIndex: 0, receivedAt: 5, responseMs: 4, answer: { kind: 'choice', index: 1 }, credit: 1, correct: true, read: null, notes: [] };
}

describe('SQLite store', () => {
  it('imports the reports and documents an older file-based data directory holds, once, and keeps what the database has', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'reports'));
    mkdirSync(path.join(dir, 'doc-pack'));
    mkdirSync(path.join(dir, 'doc-instructor'));
    const old = { roomId: 'old-game', title: 'Week 08', classId: null, endedAt: 99, students: [{ playerId: 'a', score: 3 }] };
    writeFileSync(path.join(dir, 'reports', 'old-game.json'), JSON.stringify(old));
    writeFileSync(path.join(dir, 'reports', 'old-game.json.123.456.tmp'), '{"half');
    writeFileSync(path.join(dir, 'doc-pack', 'my-pack.json'), JSON.stringify({ id: 'my-pack', title: 'Mine' }));
    writeFileSync(path.join(dir, 'doc-instructor', 'key.json'), JSON.stringify({ hash: 'abc' }));
    const lines: string[] = [];
    const store = open(dir, { lines });
    expect(await store.getReport('old-game')).toEqual(old);
    expect(await store.listDocs('pack')).toEqual([{ id: 'my-pack', title: 'Mine' }]);
    expect(await store.getDoc('instructor', 'key')).toEqual({ hash: 'abc' });
    expect(lines.some((l) => l.includes('imported the files') && l.includes('"documents":3'))).toBe(true);
    // Changed after the import, then reopened: the database wins, nothing is imported twice.
    await store.putDoc('pack', 'my-pack', { id: 'my-pack', title: 'Renamed' });
    await store.close();
    const again = open(dir, { lines: [] });
    expect(await again.getDoc('pack', 'my-pack')).toEqual({ id: 'my-pack', title: 'Renamed' });
    expect(await again.listReports()).toHaveLength(1);
  });

  it('commits the answers of one turn together, before a close that follows them; a read of a waiting answer waits for its commit', async () => {
    const store = open(tempDir());
    const r = room();
    await store.createRoom(r);
    const first = store.putAnswer(r.id, answer('p1', 'a'));
    const twice = store.putAnswer(r.id, answer('p1', 'again'));
    const read = store.getAnswer(r.id, 0, 'p1');
    const { version: _v, ...rest } = r;
    // The host closes in the same turn: the answers queued before it are committed first and count.
    const closed = store.casRoom(r.id, 0, { ...rest, state: { ...r.state, phase: 'reveal' } });
    const after = store.putAnswer(r.id, answer('p2', 'b'));
    expect(await first).toEqual({ status: 'stored' });
    const dup = await twice;
    expect(dup.status === 'duplicate' && dup.existing.answerId).toBe('a');
    expect((await read)?.answerId).toBe('a');
    expect((await closed)?.version).toBe(1);
    expect(await after).toEqual({ status: 'closed' });
    expect(await store.countAnswers(r.id, 0)).toBe(1);
  });

  it('checkpoints in its own thread: the pages in the WAL reach the database file without a commit doing it', async () => {
    const dir = tempDir();
    const store = open(dir);
    const file = path.join(dir, DB_FILE);
    const before = statSync(file).size;
    // 125 pages: far below the commits' own checkpoint backstop.
    for (let i = 0; i < 10; i++) await store.putDoc('pack', `p${i}`, { text: String(i).repeat(50 * 1024) });
    expect(statSync(file).size).toBe(before);
    await expect.poll(() => statSync(file).size, { timeout: 10_000, interval: 100 }).toBeGreaterThan(before + 400 * 1024);
  });

  it('refuses a data dir another live process owns, takes over one whose owner died, and lets go on close', async () => {
    const dir = tempDir();
    const lock = path.join(dir, LOCK_FILE);
    // The parent of this test process is alive and is not this process.
    writeFileSync(lock, `${process.ppid}\n`);
    expect(() => SqliteStore.open(dir, { logger: silentLogger })).toThrow(`in use by process ${process.ppid}`);
    // A process that has exited (a crashed server) leaves its lock behind.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(lock, `${dead.stdout}\n`);
    const store = open(dir);
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
    await store.close();
    expect(existsSync(lock)).toBe(false);
  });

  it('starts with nobody online, whatever the last process counted before it died', async () => {
    const dir = tempDir();
    const crashed = open(dir);
    const r = room();
    await crashed.createRoom(r);
    expect(await crashed.presence(r.id, 'p1', 1)).toBe(1);
    // The first process never closes (a crash); a new one opens the same file.
    const next = open(dir);
    expect(await next.getRoom(r.id)).toEqual(r);
    expect(await next.onlineCount(r.id)).toBe(0);
    expect(await next.onlinePlayers(r.id)).toEqual(new Set());
  });

  it('writes a large report as one row per student and reads it back whole', async () => {
    const dir = tempDir();
    const store = open(dir);
    const students = Array.from({ length: 2000 }, (_, i) => ({ playerId: `p${i}`, nickname: `student ${i}`, answers: Array.from({ length: 6 }, (_, q) => ({ q, text: 'x'.repeat(200) })) }));
    const report = { roomId: 'big', title: 'Big', classId: null, endedAt: 5, questions: [{ index: 0 }], students };
    await store.saveReport(report);
    const raw = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      const parts = raw.prepare('SELECT COUNT(*) AS n, MAX(LENGTH(json)) AS longest FROM report_parts WHERE room_id = ?').get('big') as { n: number; longest: number };
      const head = raw.prepare('SELECT LENGTH(head) AS n FROM reports WHERE room_id = ?').get('big') as { n: number };
      expect(parts.n).toBe(2000);
      // The longest string written is one student, not the whole report (about 2.6 MB here).
      expect(parts.longest).toBeLessThan(2000);
      expect(head.n).toBeLessThan(200);
    } finally {
      raw.close();
    }
    expect(await store.getReport('big')).toEqual(report);
    // Saving it again replaces the rows.
    await store.saveReport({ ...report, students: students.slice(0, 2) });
    expect((await store.getReport('big'))?.students).toHaveLength(2);
  });

  it('writes a split report in pieces, visible only once whole; rows a save cut short left behind go at the next open', async () => {
    const dir = tempDir();
    const store = open(dir);
    const students = Array.from({ length: 1000 }, (_, i) => ({ playerId: `p${i}`, nickname: `student ${i}` }));
    const report = { roomId: 'big', title: 'Big', classId: null, endedAt: 5, questions: [{ index: 0 }], students };
    await store.saveReport({ ...report, title: 'An older save' });
    const raw = new Database(path.join(dir, DB_FILE), { readonly: true });
    const rows = (roomId: string) => (raw.prepare('SELECT COUNT(*) AS n FROM report_parts WHERE room_id = ?').get(roomId) as { n: number }).n;
    try {
      let saved = false;
      const saving = store.saveReport(report).then(() => (saved = true));
      // Turn by turn: some rows are written and the save is not done; the report is not there yet, not even the old one.
      let turns = 0;
      while (!(rows('big') > 0 && rows('big') < students.length) && turns++ < 100) await nextTurn();
      expect(saved).toBe(false);
      expect(await store.getReport('big')).toBeNull();
      await saving;
      expect(await store.getReport('big')).toEqual(report);
    } finally {
      raw.close();
    }
    await store.close();
    // A save cut short (a crash): rows without a head.
    const writer = new Database(path.join(dir, DB_FILE));
    writer.prepare('INSERT INTO report_parts (room_id, part, json) VALUES (?, ?, ?)').run('cut', 0, '{}');
    writer.close();
    const reopened = open(dir);
    expect(await reopened.getReport('cut')).toBeNull();
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      expect((check.prepare('SELECT COUNT(*) AS n FROM report_parts WHERE room_id = ?').get('cut') as { n: number }).n).toBe(0);
    } finally {
      check.close();
    }
    expect(await reopened.getReport('big')).toEqual(report);
  });

  it('deletes rooms untouched for the retention time (as Redis keys expire), keeps newer ones and every report', async () => {
    const dir = tempDir();
    let now = 1_000;
    const store = open(dir, { now: () => now });
    const done = room('final');
    const abandoned = room('lobby');
    const live = room('question');
    await store.createRoom(done);
    await store.createRoom(abandoned);
    now += ROOM_RETENTION_MS / 2;
    await store.createRoom(live);
    await store.addPlayer(done.id, { id: 'p', tokenHash: 't', nickname: 'a', memberId: null, nicknameKey: 'a', joinedAt: 1, kicked: false, score: 0, streak: 0, correctCount: 0, rank: null, previousRank: null, scoredThrough: -1, lastResult: null, ahead: null });
    await store.saveReport({ roomId: done.id, title: 'T', classId: null, endedAt: 2 });
    await store.close();
    now += ROOM_RETENTION_MS / 2 + 1;
    const later = open(dir, { now: () => now });
    expect(await later.getRoom(done.id)).toBeNull();
    expect(await later.getRoom(abandoned.id)).toBeNull();
    expect((await later.listLiveRooms()).map((r) => r.id)).toEqual([live.id]);
    expect(await later.listPlayers(done.id)).toEqual([]);
    expect(await later.roomIdByCode(done.code)).toBeNull();
    expect(await later.getRoom(live.id)).toEqual(live);
    expect((await later.getReport(done.id))?.roomId).toBe(done.id);
  });

  it('backs up the database while it is being written', async () => {
    const dir = tempDir();
    const store = open(dir);
    const r = room();
    await store.createRoom(r);
    const writes = Promise.all(Array.from({ length: 200 }, (_, i) => store.putAnswer(r.id, answer(`p${i}`, `a${i}`))));
    const target = path.join(tempDir(), 'copy.db');
    await Promise.all([store.backup(target), writes]);
    const copy = open(path.dirname(target));
    expect(copy.path).toBe(path.join(path.dirname(target), DB_FILE));
    const raw = new Database(target, { readonly: true });
    try {
      expect((raw.prepare('SELECT id FROM rooms').all() as { id: string }[]).map((x) => x.id)).toEqual([r.id]);
    } finally {
      raw.close();
    }
  });
});

describe('SQLite store on a disk in trouble (a real tmpfs)', () => {
  it('a full disk: writes fail as store/unavailable with one log line and nothing half-written; service resumes once there is space', async () => {
    disk = mountSmallDisk();
    const lines: string[] = [];
    const store = open(disk.dir, { lines });
    const r = room();
    await store.createRoom(r);
    expect(await store.putAnswer(r.id, answer('p1', 'before'))).toEqual({ status: 'stored' });
    disk.fill();
    const big = { text: 'y'.repeat(256 * 1024) };
    const failed = await store.putDoc('pack', 'big', big).then(
      () => null,
      (err: unknown) => err,
    );
    expect(isStoreOutage(failed)).toBe(true);
    expect(String(failed)).toContain('SQLITE_FULL');
    expect(await store.ping()).toBe(false);
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => store.putAnswer(r.id, answer(`q${i}`, `full${i}`)).catch((err: unknown) => err)));
    const refused = answers.filter((a) => isStoreOutage(a)).length;
    expect(refused).toBeGreaterThan(0);
    // Reads still work; what was acknowledged is there; what was refused is not.
    expect((await store.getAnswer(r.id, 0, 'p1'))?.answerId).toBe('before');
    expect(await store.getDoc('pack', 'big')).toBeNull();
    expect(await store.countAnswers(r.id, 0)).toBe(1 + (50 - refused));
    const logged = lines.filter((l) => l.includes('store unavailable'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('SQLITE_FULL');

    disk.free();
    expect(await store.ping()).toBe(true);
    await store.putDoc('pack', 'big', big);
    expect(await store.getDoc('pack', 'big')).toEqual(big);
    const retry = answers.findIndex((a) => isStoreOutage(a));
    expect(await store.putAnswer(r.id, answer(`q${retry}`, `full${retry}`))).toEqual({ status: 'stored' });
  });

  it('a read-only data directory: the database opens read-only, reads work, writes fail as store/unavailable', async () => {
    disk = mountSmallDisk();
    const first = open(disk.dir);
    const r = room();
    await first.createRoom(r);
    await first.saveReport({ roomId: 'kept', title: 'T', classId: null, endedAt: 3, students: [{ playerId: 'a' }] });
    await first.close();
    disk.remount('ro');
    const lines: string[] = [];
    const store = open(disk.dir, { lines });
    expect(lines.some((l) => l.includes('store read-only') && l.includes('"level":"error"'))).toBe(true);
    expect(await store.getRoom(r.id)).toEqual(r);
    expect(await store.getReport('kept')).toEqual({ roomId: 'kept', title: 'T', classId: null, endedAt: 3, students: [{ playerId: 'a' }] });
    const refused = await store.createRoom(room()).catch((err: unknown) => err);
    expect(isStoreOutage(refused)).toBe(true);
    expect(await store.ping()).toBe(false);
    await store.close();
    disk.remount('rw');
  });
});
