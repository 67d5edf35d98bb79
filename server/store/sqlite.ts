import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Logger } from '../logger';
import { readOldDataDir } from './migrate-dir';
import { claimDataDir, releaseDataDir } from './owner-lock';
import { StoreUnavailableError } from './outage';
import { inTurns, nextTurn } from '../turn-gate';
import { openQuestionOf } from './types';
import type { AnswerRecord, PlayerRecord, PutAnswerResult, ReportRecord, RoomRecord, Store } from './types';

/** The database file inside the data directory. */
export const DB_FILE = 'gradflow.db';
/** How long a write waits for a lock held by another connection (a backup) before it fails. */
const BUSY_TIMEOUT_MS = 5000;
/** A room (its players and answers; a finished game's report stays) is deleted this long after its last change, as Redis lets its keys expire. */
export const ROOM_RETENTION_MS = 2 * 24 * 3600 * 1000;
/** The meta row that records the import of an older data directory's files. */
const IMPORTED_KEY = 'imported-files';
/** How often the checkpoint thread moves the WAL's pages into the database file. */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** A backstop: past this many WAL pages (4 KiB each) a commit checkpoints on the event loop itself. */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * Runs in a worker thread: passive checkpoints on a connection of its own, so
 * the copy into the database file and its fsync never stall the event loop.
 */
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { timeout: workerData.busyMs });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.postMessage('closed');
  parentPort.close();
});
`;

/** At most one "store unavailable" log line per this interval. */
const OUTAGE_LOG_INTERVAL_MS = 5000;
/** The report field kept one row per element, so a large report is never one string. */
const REPORT_PARTS_FIELD = 'students';

/**
 * SQLite error codes that mean the data directory cannot take writes (full,
 * read-only, I/O error, locked by another process for too long): nothing was
 * written, the client may retry.
 */
const OUTAGE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|PROTOCOL|NOTADB|CORRUPT)/;

// Rowid tables (not WITHOUT ROWID): their rows are JSON documents of hundreds of bytes and more.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rooms (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL,
  version INTEGER NOT NULL,
  open_question INTEGER NOT NULL,
  phase TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS rooms_phase ON rooms (phase);
CREATE TABLE IF NOT EXISTS players (
  room_id TEXT NOT NULL,
  id TEXT NOT NULL,
  nickname_key TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (room_id, id),
  UNIQUE (room_id, nickname_key)
);
CREATE TABLE IF NOT EXISTS answers (
  room_id TEXT NOT NULL,
  question INTEGER NOT NULL,
  player_id TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (room_id, question, player_id)
);
CREATE TABLE IF NOT EXISTS reports (room_id TEXT PRIMARY KEY, ended_at INTEGER NOT NULL, head TEXT NOT NULL, split INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS report_parts (room_id TEXT NOT NULL, part INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (room_id, part));
CREATE TABLE IF NOT EXISTS docs (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));
`;

/** Options of {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  readonly logger: Logger;
  /** Server time (finished-room retention); Date.now by default. */
  readonly now?: () => number;
}

/** An answer waiting for the next group commit. */
interface PendingAnswer {
  readonly roomId: string;
  readonly answer: AnswerRecord;
  readonly resolve: (result: PutAnswerResult) => void;
  readonly reject: (err: unknown) => void;
}

/** The answers of one group commit; `done` settles once they are committed or refused. */
interface AnswerBatch {
  readonly items: PendingAnswer[];
  readonly done: Promise<void>;
  readonly settle: () => void;
}

const answerKey = (roomId: string, questionIndex: number, playerId: string) => `${roomId}\u0000${questionIndex}\u0000${playerId}`;

interface PresenceRoom {
  readonly connections: Map<string, number>;
  online: number;
}

const parse = <T>(row: { json: string } | undefined): T | null => (row ? (JSON.parse(row.json) as T) : null);

/**
 * The embedded store: one SQLite database file (`gradflow.db`) in the data
 * directory, in WAL mode with `synchronous=NORMAL` (a committed transaction
 * survives a crash of the process; an OS crash or power cut may lose the last
 * transactions, never corrupt the file). Every write is one transaction of
 * prepared statements. One server process owns the file.
 *
 * Presence is kept in this process's memory: it describes connections to this
 * process, so it starts empty when the store opens and a crash leaves no stale
 * online counts behind.
 *
 * Since this process is the only writer, it keeps the rooms and players it has
 * read or written in memory (write-through: the database is written first),
 * and it commits answers in groups: the answers that arrive in one turn of the
 * event loop are committed in one transaction before any of them is
 * acknowledged (a compare-and-set on a room commits the waiting answers first,
 * so an answer is still stored only while its question is open).
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly presenceRooms = new Map<string, PresenceRoom>();
  private readonly roomCache = new Map<string, RoomRecord>();
  private readonly playerCache = new Map<string, Map<string, PlayerRecord>>();
  /** Live rooms whose player cache holds every player: read once in full, then kept by every write (this store's). */
  private readonly allPlayersCached = new Set<string>();
  /** Finished rooms still in memory, oldest first (remember). */
  private readonly finished: string[] = [];
  /** Split reports being written, by room (saveReport). */
  private readonly reportSaves = new Map<string, Promise<void>>();
  private batch: AnswerBatch | null = null;
  private checkpointer: Worker | null = null;
  private readonly pendingKeys = new Map<string, Promise<void>>();
  private lastOutageLog = 0;
  private readonly stmt;
  private readonly tx;

  private constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly logger: Logger,
    private readonly now: () => number,
    /** True when this store holds the data dir's owner lock (not in read-only mode). */
    private readonly owner: boolean,
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.stmt = {
      insertRoom: prepare('INSERT OR IGNORE INTO rooms (id, code, json, version, open_question, phase, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      getRoom: prepare('SELECT json, version FROM rooms WHERE id = ?'),
      liveRooms: prepare("SELECT json, version FROM rooms WHERE phase <> 'final'"),
      roomByCode: prepare('SELECT id FROM rooms WHERE code = ?'),
      casRoom: prepare('UPDATE rooms SET json = ?, version = ?, open_question = ?, phase = ?, updated_at = ? WHERE id = ? AND version = ?'),
      roomExists: prepare('SELECT 1 AS one FROM rooms WHERE id = ?'),
      insertPlayer: prepare('INSERT OR IGNORE INTO players (room_id, id, nickname_key, json) VALUES (?, ?, ?, ?)'),
      savePlayer: prepare('UPDATE players SET json = ? WHERE room_id = ? AND id = ?'),
      getPlayer: prepare('SELECT json FROM players WHERE room_id = ? AND id = ?'),
      listPlayers: prepare('SELECT json FROM players WHERE room_id = ?'),
      insertAnswer: prepare('INSERT OR IGNORE INTO answers (room_id, question, player_id, json) VALUES (?, ?, ?, ?)'),
      getAnswer: prepare('SELECT json FROM answers WHERE room_id = ? AND question = ? AND player_id = ?'),
      listAnswers: prepare('SELECT json FROM answers WHERE room_id = ? AND question = ?'),
      countAnswers: prepare('SELECT COUNT(*) AS n FROM answers WHERE room_id = ? AND question = ?'),
      answered: prepare('SELECT player_id AS id FROM answers WHERE room_id = ? AND question = ?'),
      putReport: prepare('INSERT OR REPLACE INTO reports (room_id, ended_at, head, split) VALUES (?, ?, ?, ?)'),
      clearParts: prepare('DELETE FROM report_parts WHERE room_id = ?'),
      deleteReport: prepare('DELETE FROM reports WHERE room_id = ?'),
      putPart: prepare('INSERT INTO report_parts (room_id, part, json) VALUES (?, ?, ?)'),
      getReport: prepare('SELECT head, split FROM reports WHERE room_id = ?'),
      listReportIds: prepare('SELECT room_id AS id FROM reports ORDER BY ended_at, room_id'),
      parts: prepare('SELECT json FROM report_parts WHERE room_id = ? ORDER BY part'),
      putDoc: prepare('INSERT OR REPLACE INTO docs (kind, id, json) VALUES (?, ?, ?)'),
      getDoc: prepare('SELECT json FROM docs WHERE kind = ? AND id = ?'),
      listDocs: prepare('SELECT json FROM docs WHERE kind = ? ORDER BY id'),
      deleteDoc: prepare('DELETE FROM docs WHERE kind = ? AND id = ?'),
      ping: prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('ping', ?)"),
    };
    this.tx = {
      putAnswers: db.transaction((items: readonly PendingAnswer[]): PutAnswerResult[] =>
        items.map(({ roomId, answer: a }): PutAnswerResult => {
          if (this.stmt.insertAnswer.run(roomId, a.questionIndex, a.playerId, JSON.stringify(a)).changes === 1) return { status: 'stored' };
          const existing = parse<AnswerRecord>(this.stmt.getAnswer.get(roomId, a.questionIndex, a.playerId) as { json: string } | undefined);
          if (!existing) throw new Error('answer vanished inside a transaction');
          return { status: 'duplicate', existing };
        }),
      ),
      addPlayer: db.transaction((roomId: string, p: PlayerRecord): 'ok' | 'nickname/taken' => {
        if (!this.stmt.roomExists.get(roomId)) throw new Error(`no room ${roomId}`);
        return this.stmt.insertPlayer.run(roomId, p.id, p.nicknameKey, JSON.stringify(p)).changes === 1 ? 'ok' : 'nickname/taken';
      }),
      savePlayers: db.transaction((roomId: string, players: readonly PlayerRecord[]) => {
        for (const p of players) this.stmt.savePlayer.run(JSON.stringify(p), roomId, p.id);
      }),
      // The report without its students, then one row per student (already JSON): never one string of every answer.
      saveReport: db.transaction((report: ReportRecord, head: string, parts: readonly string[] | null) => {
        this.stmt.putReport.run(report.roomId, report.endedAt, head, parts ? 1 : 0);
        this.stmt.clearParts.run(report.roomId);
        if (parts) parts.forEach((part, i) => this.stmt.putPart.run(report.roomId, i, part));
      }),
      // A split report saved in pieces (saveReport): the old one goes first, then its rows, then its head.
      clearReport: db.transaction((roomId: string) => {
        this.stmt.deleteReport.run(roomId);
        this.stmt.clearParts.run(roomId);
      }),
      putParts: db.transaction((roomId: string, first: number, parts: readonly string[]) => {
        parts.forEach((part, i) => this.stmt.putPart.run(roomId, first + i, part));
      }),
      putReportHead: db.transaction((report: ReportRecord, head: string) => {
        this.stmt.putReport.run(report.roomId, report.endedAt, head, 1);
      }),
      ping: db.transaction((at: number) => this.stmt.ping.run(String(at))),
    };
  }

  /**
   * Opens (creating if needed) `gradflow.db` in `dataDir`, imports the files
   * an older version wrote there (once), and deletes rooms untouched for
   * {@link ROOM_RETENTION_MS}. A data directory that cannot be
   * written opens read-only: reads work, writes fail with `store/unavailable`.
   */
  static open(dataDir: string, opts: SqliteStoreOptions): SqliteStore {
    const file = path.join(dataDir, DB_FILE);
    const now = opts.now ?? (() => Date.now());
    let db: Database.Database | undefined;
    let claimed = false;
    try {
      mkdirSync(dataDir, { recursive: true });
      claimDataDir(dataDir);
      claimed = true;
      db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
      db.exec(SCHEMA);
    } catch (err) {
      db?.close();
      if (claimed) releaseDataDir(dataDir);
      if (!isDiskError(err)) throw err;
      // A data directory that takes no writes: serve what it holds (a cleanly closed database is in rollback-journal mode, readable without its WAL files).
      try {
        db = new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
        db.prepare('SELECT COUNT(*) AS n FROM rooms').get();
      } catch (again) {
        db?.close();
        throw new Error(`the data directory ${dataDir} cannot be opened (${errorCode(err)}, then read-only: ${errorCode(again)}); check its space and permissions`, {
          cause: again,
        });
      }
      opts.logger.error('store read-only: the data directory cannot be written; reads work, writes fail with store/unavailable', {
        file,
        code: errorCode(err),
        error: err instanceof Error ? err.message : String(err),
      });
      return new SqliteStore(db, file, opts.logger, now, false);
    }
    const store = new SqliteStore(db, file, opts.logger, now, true);
    store.startCheckpointer();
    const imported = store.importOldFiles(dataDir);
    if (imported > 0) opts.logger.info('imported the files of an older data directory into the database', { file, documents: imported });
    store.purgeOldRooms();
    return store;
  }

  private startCheckpointer(): void {
    const worker = new Worker(CHECKPOINTER, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), file: this.file, busyMs: BUSY_TIMEOUT_MS, intervalMs: CHECKPOINT_INTERVAL_MS },
    });
    worker.on('error', (err) => {
      // Without it the commits checkpoint themselves past WAL_AUTOCHECKPOINT_PAGES: slower, just as safe.
      this.logger.warn('checkpoint thread failed', { error: err.message });
      if (this.checkpointer === worker) this.checkpointer = null;
    });
    worker.unref();
    this.checkpointer = worker;
  }

  private async stopCheckpointer(): Promise<void> {
    const worker = this.checkpointer;
    if (!worker) return;
    this.checkpointer = null;
    const closed = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
      worker.once('error', () => resolve());
    });
    worker.postMessage('close');
    await closed;
    await worker.terminate();
  }

  /** The database file. */
  get path(): string {
    return this.file;
  }

  /**
   * Once per database: imports the reports and documents the file-based store
   * of an older version left in the data directory (rows already in the
   * database win). Returns how many were imported.
   */
  private importOldFiles(dataDir: string): number {
    if (this.db.prepare('SELECT 1 AS one FROM meta WHERE key = ?').get(IMPORTED_KEY)) return 0;
    const old = readOldDataDir(dataDir);
    const hasReport = this.db.prepare('SELECT 1 AS one FROM reports WHERE room_id = ?');
    const insertDoc = this.db.prepare('INSERT OR IGNORE INTO docs (kind, id, json) VALUES (?, ?, ?)');
    return this.db.transaction(() => {
      let n = 0;
      for (const report of old.reports) {
        if (hasReport.get(report.roomId)) continue;
        this.tx.saveReport(report, ...serializeReport(report));
        n++;
      }
      for (const d of old.docs) n += insertDoc.run(d.kind, d.id, JSON.stringify(d.doc)).changes;
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(IMPORTED_KEY, String(this.now()));
      return n;
    })();
  }

  private purgeOldRooms(): void {
    const before = this.now() - ROOM_RETENTION_MS;
    this.db.transaction(() => {
      const old = this.db.prepare('SELECT id FROM rooms WHERE updated_at < ?').all(before) as { id: string }[];
      for (const { id } of old) {
        this.db.prepare('DELETE FROM answers WHERE room_id = ?').run(id);
        this.db.prepare('DELETE FROM players WHERE room_id = ?').run(id);
        this.db.prepare('DELETE FROM rooms WHERE id = ?').run(id);
      }
      // Rows of a report whose save was cut short (saveReport writes the head last).
      this.db.prepare('DELETE FROM report_parts WHERE room_id NOT IN (SELECT room_id FROM reports)').run();
    })();
  }

  /** Runs a database call; a disk error becomes {@link StoreUnavailableError} and one log line. */
  private run<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (!isDiskError(err)) throw err;
      const at = Date.now();
      if (at - this.lastOutageLog > OUTAGE_LOG_INTERVAL_MS) {
        this.lastOutageLog = at;
        this.logger.error('store unavailable: the data directory is full or read-only; nothing was written', {
          file: this.file,
          action: what,
          code: errorCode(err),
          error: err instanceof Error ? err.message : String(err),
        });
      }
      throw new StoreUnavailableError(`${what}: ${errorCode(err)}`, { cause: err });
    }
  }

  async createRoom(room: RoomRecord): Promise<boolean> {
    const { version, ...rest } = room;
    return this.run('createRoom', () => {
      const done = this.stmt.insertRoom.run(room.id, room.code, JSON.stringify(rest), version, openQuestionOf(room), room.state.phase, this.now());
      if (done.changes === 1) this.remember(room);
      return done.changes === 1;
    });
  }

  private toRoom(row: { json: string; version: number } | undefined): RoomRecord | null {
    return row ? { ...(JSON.parse(row.json) as Omit<RoomRecord, 'version'>), version: row.version } : null;
  }

  /**
   * Keeps a live room in memory; a finished one (and its players) stays until {@link FINISHED_ROOMS_KEPT} more have
   * finished: its report and the host's last screens read every player right after it ends.
   */
  private remember(room: RoomRecord): void {
    this.roomCache.set(room.id, room);
    if (room.state.phase !== 'final' || this.finished.includes(room.id)) return;
    this.finished.push(room.id);
    for (const gone of this.finished.splice(0, Math.max(0, this.finished.length - FINISHED_ROOMS_KEPT))) {
      this.roomCache.delete(gone);
      this.playerCache.delete(gone);
      this.allPlayersCached.delete(gone);
    }
  }

  private readRoom(roomId: string): RoomRecord | null {
    const cached = this.roomCache.get(roomId);
    if (cached) return cached;
    const room = this.toRoom(this.stmt.getRoom.get(roomId) as { json: string; version: number } | undefined);
    if (room) this.remember(room);
    return room;
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    return this.run('getRoom', () => this.readRoom(roomId));
  }

  async listLiveRooms(): Promise<RoomRecord[]> {
    return this.run('listLiveRooms', () =>
      (this.stmt.liveRooms.all() as { json: string; version: number }[]).map((r) => this.toRoom(r) as RoomRecord),
    );
  }

  async roomIdByCode(code: string): Promise<string | null> {
    return this.run('roomIdByCode', () => (this.stmt.roomByCode.get(code) as { id: string } | undefined)?.id ?? null);
  }

  async casRoom(roomId: string, expectedVersion: number, next: Omit<RoomRecord, 'version'>): Promise<RoomRecord | null> {
    // Answers accepted while the question was open are committed before the room changes (a close must not overtake them).
    this.commitAnswers();
    return this.run('casRoom', () => {
      const done = this.stmt.casRoom.run(JSON.stringify(next), expectedVersion + 1, openQuestionOf(next), next.state.phase, this.now(), roomId, expectedVersion);
      if (done.changes !== 1) return null;
      const room = { ...next, version: expectedVersion + 1 };
      this.remember(room);
      return room;
    });
  }

  private playersOf(roomId: string): Map<string, PlayerRecord> {
    let players = this.playerCache.get(roomId);
    if (!players) this.playerCache.set(roomId, (players = new Map()));
    return players;
  }

  async addPlayer(roomId: string, player: PlayerRecord): Promise<'ok' | 'nickname/taken'> {
    return this.run('addPlayer', () => {
      const added = this.tx.addPlayer(roomId, player);
      if (added === 'ok' && this.roomCache.has(roomId)) this.playersOf(roomId).set(player.id, player);
      return added;
    });
  }

  async getPlayer(roomId: string, playerId: string): Promise<PlayerRecord | null> {
    return this.run('getPlayer', () => {
      const cached = this.playerCache.get(roomId)?.get(playerId);
      if (cached) return cached;
      const player = parse<PlayerRecord>(this.stmt.getPlayer.get(roomId, playerId) as { json: string } | undefined);
      if (player && this.roomCache.has(roomId)) this.playersOf(roomId).set(playerId, player);
      return player;
    });
  }

  /**
   * A live room's players come from memory after the first full read: the reveal, the host's roster and the report
   * each list every player, and parsing 2,000 rows was a 10–30 ms turn each time.
   */
  async listPlayers(roomId: string): Promise<PlayerRecord[]> {
    return this.run('listPlayers', () => {
      const cached = this.playerCache.get(roomId);
      if (cached && this.allPlayersCached.has(roomId)) return [...cached.values()];
      const players = (this.stmt.listPlayers.all(roomId) as { json: string }[]).map((r) => JSON.parse(r.json) as PlayerRecord);
      if (this.roomCache.has(roomId)) {
        this.playerCache.set(roomId, new Map(players.map((p) => [p.id, p])));
        this.allPlayersCached.add(roomId);
      }
      return players;
    });
  }

  async savePlayers(roomId: string, players: readonly PlayerRecord[]): Promise<void> {
    if (players.length === 0) return;
    this.run('savePlayers', () => this.tx.savePlayers(roomId, players));
    const cached = this.playerCache.get(roomId);
    if (cached) for (const p of players) cached.set(p.id, p);
  }

  /**
   * Checks the open question now and queues the answer for this turn's group
   * commit; resolves once it is committed (or was a duplicate).
   */
  async putAnswer(roomId: string, answer: AnswerRecord): Promise<PutAnswerResult> {
    const room = this.run('putAnswer', () => this.readRoom(roomId));
    if (!room) throw new Error(`no room ${roomId}`);
    if (openQuestionOf(room) !== answer.questionIndex) return { status: 'closed' };
    return new Promise((resolve, reject) => {
      let batch = this.batch;
      if (!batch) {
        let settle = () => undefined as void;
        const done = new Promise<void>((r) => (settle = r));
        batch = this.batch = { items: [], done, settle };
        setImmediate(() => this.commitAnswers());
      }
      batch.items.push({ roomId, answer, resolve, reject });
      this.pendingKeys.set(answerKey(roomId, answer.questionIndex, answer.playerId), batch.done);
    });
  }

  /** Commits the waiting answers in one transaction and settles their promises. */
  private commitAnswers(): void {
    const batch = this.batch;
    if (!batch) return;
    this.batch = null;
    this.pendingKeys.clear();
    try {
      const results = this.run('putAnswer', () => this.tx.putAnswers(batch.items));
      batch.items.forEach((item, i) => item.resolve(results[i] as PutAnswerResult));
    } catch (err) {
      for (const item of batch.items) item.reject(err);
    } finally {
      batch.settle();
    }
  }

  async getAnswer(roomId: string, questionIndex: number, playerId: string): Promise<AnswerRecord | null> {
    // An answer of this player waiting for its commit: wait for that commit, then read.
    const pending = this.pendingKeys.get(answerKey(roomId, questionIndex, playerId));
    if (pending) await pending;
    return this.run('getAnswer', () => parse<AnswerRecord>(this.stmt.getAnswer.get(roomId, questionIndex, playerId) as { json: string } | undefined));
  }

  async listAnswers(roomId: string, questionIndex: number): Promise<AnswerRecord[]> {
    this.commitAnswers();
    return this.run('listAnswers', () =>
      (this.stmt.listAnswers.all(roomId, questionIndex) as { json: string }[]).map((r) => JSON.parse(r.json) as AnswerRecord),
    );
  }

  async countAnswers(roomId: string, questionIndex: number): Promise<number> {
    this.commitAnswers();
    return this.run('countAnswers', () => (this.stmt.countAnswers.get(roomId, questionIndex) as { n: number }).n);
  }

  async answeredPlayers(roomId: string, questionIndex: number): Promise<Set<string>> {
    this.commitAnswers();
    return this.run('answeredPlayers', () => new Set((this.stmt.answered.all(roomId, questionIndex) as { id: string }[]).map((r) => r.id)));
  }

  async presence(roomId: string, playerId: string, delta: 1 | -1): Promise<number> {
    let room = this.presenceRooms.get(roomId);
    if (!room) this.presenceRooms.set(roomId, (room = { connections: new Map(), online: 0 }));
    const before = room.connections.get(playerId) ?? 0;
    const after = Math.max(0, before + delta);
    if (after === 0) room.connections.delete(playerId);
    else room.connections.set(playerId, after);
    if (before === 0 && after > 0) room.online++;
    if (before > 0 && after === 0) room.online--;
    return room.online;
  }

  async onlineCount(roomId: string): Promise<number> {
    return this.presenceRooms.get(roomId)?.online ?? 0;
  }

  async onlinePlayers(roomId: string): Promise<Set<string>> {
    return new Set(this.presenceRooms.get(roomId)?.connections.keys() ?? []);
  }

  /**
   * A big lecture's report written at once was a stall of its own at the end of the game (~10 MB at 2,000 students,
   * 25 at 5,000). A report with students is written in pieces, each in a turn of the event loop and a transaction of
   * its own: the old report goes, then {@link REPORT_PARTS_PER_TURN} students' rows at a time, then the head. A report
   * is read through its head, so it exists once it is whole; a crash in between leaves rows without a head (no report,
   * as before the save), which the next open removes. Saves of one room wait for each other.
   */
  async saveReport(report: ReportRecord): Promise<void> {
    const parts = report[REPORT_PARTS_FIELD];
    if (!Array.isArray(parts)) return this.run('saveReport', () => this.tx.saveReport(report, reportHead(report), null));
    const { roomId } = report;
    const saving = (this.reportSaves.get(roomId) ?? Promise.resolve()).catch(() => undefined).then(() => this.saveReportInPieces(report, parts));
    this.reportSaves.set(roomId, saving);
    try {
      await saving;
    } finally {
      if (this.reportSaves.get(roomId) === saving) this.reportSaves.delete(roomId);
    }
  }

  private async saveReportInPieces(report: ReportRecord, parts: readonly unknown[]): Promise<void> {
    const { roomId } = report;
    this.run('saveReport', () => this.tx.clearReport(roomId));
    await nextTurn();
    await inTurns(parts, REPORT_PARTS_PER_TURN, (chunk, first) => {
      const rows = chunk.map((part) => JSON.stringify(part));
      this.run('saveReport', () => this.tx.putParts(roomId, first, rows));
    });
    await nextTurn();
    const head = reportHead(report);
    this.run('saveReport', () => this.tx.putReportHead(report, head));
  }

  private readReport(roomId: string): ReportRecord | null {
    const row = this.stmt.getReport.get(roomId) as { head: string; split: number } | undefined;
    if (!row) return null;
    const head = JSON.parse(row.head) as ReportRecord;
    if (row.split !== 1) return head;
    const parts = (this.stmt.parts.all(roomId) as { json: string }[]).map((r) => JSON.parse(r.json) as unknown);
    return { ...head, [REPORT_PARTS_FIELD]: parts };
  }

  async getReport(roomId: string): Promise<ReportRecord | null> {
    return this.run('getReport', () => this.readReport(roomId));
  }

  async listReports(): Promise<ReportRecord[]> {
    return this.run('listReports', () =>
      (this.stmt.listReportIds.all() as { id: string }[]).flatMap((r) => {
        const report = this.readReport(r.id);
        return report ? [report] : [];
      }),
    );
  }

  async putDoc(kind: string, id: string, doc: unknown): Promise<void> {
    this.run('putDoc', () => this.stmt.putDoc.run(kind, id, JSON.stringify(doc)));
  }

  async getDoc(kind: string, id: string): Promise<unknown> {
    return this.run('getDoc', () => parse<unknown>(this.stmt.getDoc.get(kind, id) as { json: string } | undefined));
  }

  async deleteDoc(kind: string, id: string): Promise<void> {
    this.run('deleteDoc', () => this.stmt.deleteDoc.run(kind, id));
  }

  async listDocs(kind: string): Promise<unknown[]> {
    return this.run('listDocs', () => (this.stmt.listDocs.all(kind) as { json: string }[]).map((r) => JSON.parse(r.json) as unknown));
  }

  /** True while the database takes a write (a full or read-only data directory answers false). */
  async ping(): Promise<boolean> {
    try {
      this.run('ping', () => this.tx.ping(Date.now()));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Copies the database, consistent, while the server keeps writing
   * (SQLite's online backup); `destination` must not be the live file.
   */
  async backup(destination: string): Promise<void> {
    await this.db.backup(destination);
  }

  /**
   * Closes the database. A clean close leaves it in rollback-journal mode (the
   * WAL checkpointed and removed), so a data directory that later turns
   * read-only can still be opened to read it; the next open returns to WAL.
   */
  async close(): Promise<void> {
    if (!this.db.open) return;
    this.commitAnswers();
    await this.stopCheckpointer();
    if (!this.db.open) return;
    if (!this.db.readonly) {
      try {
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // Busy (a backup is reading) or the disk is in trouble: the WAL stays, which is just as safe.
      }
    }
    this.db.close();
    if (this.owner) releaseDataDir(path.dirname(this.file));
  }
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}

/** True when an error comes from the disk (full, read-only, I/O) rather than from the caller. */
function isDiskError(err: unknown): boolean {
  const code = errorCode(err);
  return OUTAGE_CODES.test(code) || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC';
}

/** Finished rooms kept in memory with their players (the newest ones). */
const FINISHED_ROOMS_KEPT = 2;

/** Report rows turned into JSON and written per turn of the event loop when saving. */
const REPORT_PARTS_PER_TURN = 200;

/** A report as stored: its head (without the students when split) and, when split, one JSON row per student. */
function serializeReport(report: ReportRecord): [head: string, parts: string[] | null] {
  const parts = report[REPORT_PARTS_FIELD];
  return [reportHead(report), Array.isArray(parts) ? parts.map((part) => JSON.stringify(part)) : null];
}

/** A report's head as stored: without its students when it is split into one row per student. */
function reportHead(report: ReportRecord): string {
  if (!Array.isArray(report[REPORT_PARTS_FIELD])) return JSON.stringify(report);
  const { [REPORT_PARTS_FIELD]: _parts, ...head } = report;
  return JSON.stringify(head);
}
