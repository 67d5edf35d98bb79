import type { RoomState } from '@/engine/game/phases';
import type { ScoredAnswer, ScoredSeat } from '@/engine/game/score-question';
import type { LeaderRow, RevealView } from '@/engine/protocol';

/** A room as stored: identity, pack and the engine's small state, versioned for compare-and-set. */
export interface RoomRecord {
  readonly id: string;
  readonly code: string;
  readonly hostTokenHash: string;
  readonly packId: string;
  /** The pack snapshot the game plays (PackSource.snapshot); absent in rooms stored before snapshots were kept, which play the pack by id. */
  readonly packRef?: string;
  readonly title: string;
  readonly classId: string | null;
  readonly createdAt: number;
  readonly state: RoomState;
  /** The reveal of the last closed question, kept so a reconnecting phone sees the same screen. */
  readonly reveal: RevealView | null;
  /** Top of the leaderboard after the last scored question. */
  readonly leaders: readonly LeaderRow[];
  /** Incremented by every successful {@link Store.casRoom}. */
  readonly version: number;
}

/** A student's seat in a room: what scoring needs (engine/game/score-question) plus identity. */
export interface PlayerRecord extends ScoredSeat {
  readonly tokenHash: string;
  /** The student's identity in the room's class, or null outside a class. */
  readonly memberId: string | null;
  /** Case-folded nickname that must be unique in the room. */
  readonly nicknameKey: string;
  readonly joinedAt: number;
}

/** One student's answer to one question, graded on arrival: what scoring needs plus when it came. */
export interface AnswerRecord extends ScoredAnswer {
  readonly answerId: string;
  readonly questionIndex: number;
  readonly receivedAt: number;
}

/**
 * Result of storing an answer: the first answer per player and question wins,
 * and only while that question is the room's open question (checked atomically).
 */
export type PutAnswerResult =
  | { readonly status: 'stored' }
  | { readonly status: 'duplicate'; readonly existing: AnswerRecord }
  | { readonly status: 'closed' };

/** The question a room accepts answers for: its index in the question phase, else -1. */
export function openQuestionOf(room: Pick<RoomRecord, 'state'>): number {
  return room.state.phase === 'question' ? room.state.questionIndex : -1;
}

/** A finished game, kept for the reports. Its shape is the report module's; the store keeps it as JSON. */
export interface ReportRecord {
  readonly roomId: string;
  readonly title: string;
  readonly classId: string | null;
  readonly endedAt: number;
  readonly [key: string]: unknown;
}

/** Which implementation a store is (shown by /healthz and the start-up line). */
export type StoreKind = 'sqlite' | 'memory' | 'redis';

/**
 * Everything the server persists. Three implementations (SQLite, the embedded
 * default; memory, for tests; Redis, to scale out) pass one contract test
 * suite (store.contract.test.ts).
 */
export interface Store {
  readonly kind: StoreKind;
  /** Creates a room; false when its join code is already in use. */
  createRoom(room: RoomRecord): Promise<boolean>;
  getRoom(roomId: string): Promise<RoomRecord | null>;
  /** Every room not in the `final` phase (the rooms to re-arm when a server starts). */
  listLiveRooms(): Promise<RoomRecord[]>;
  roomIdByCode(code: string): Promise<string | null>;
  /** Replaces the room when its stored version is `expectedVersion`; the stored version becomes `expectedVersion + 1`. */
  casRoom(roomId: string, expectedVersion: number, next: Omit<RoomRecord, 'version'>): Promise<RoomRecord | null>;
  /** Adds a player; `'nickname/taken'` when the nickname key is already used in the room. */
  addPlayer(roomId: string, player: PlayerRecord): Promise<'ok' | 'nickname/taken'>;
  getPlayer(roomId: string, playerId: string): Promise<PlayerRecord | null>;
  listPlayers(roomId: string): Promise<PlayerRecord[]>;
  /** Writes many players at once (scores after a question, a kick). */
  savePlayers(roomId: string, players: readonly PlayerRecord[]): Promise<void>;
  /** Stores an answer unless the player already answered that question or it is no longer open. */
  putAnswer(roomId: string, answer: AnswerRecord): Promise<PutAnswerResult>;
  getAnswer(roomId: string, questionIndex: number, playerId: string): Promise<AnswerRecord | null>;
  listAnswers(roomId: string, questionIndex: number): Promise<AnswerRecord[]>;
  countAnswers(roomId: string, questionIndex: number): Promise<number>;
  /** Ids of the players who answered a question. */
  answeredPlayers(roomId: string, questionIndex: number): Promise<Set<string>>;
  /** Counts a student's open connections; returns how many students in the room are online. */
  presence(roomId: string, playerId: string, delta: 1 | -1): Promise<number>;
  onlineCount(roomId: string): Promise<number>;
  /** Ids of the students with at least one open connection. */
  onlinePlayers(roomId: string): Promise<Set<string>>;
  /** Durably keeps a finished game's report. */
  saveReport(report: ReportRecord): Promise<void>;
  getReport(roomId: string): Promise<ReportRecord | null>;
  listReports(): Promise<ReportRecord[]>;
  /** Generic durable JSON documents (packs, classes); `kind` names the collection. */
  putDoc(kind: string, id: string, doc: unknown): Promise<void>;
  getDoc(kind: string, id: string): Promise<unknown>;
  listDocs(kind: string): Promise<unknown[]>;
  /** Removes a document (no-op when absent). */
  deleteDoc(kind: string, id: string): Promise<void>;
  /** True while the backing service answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
