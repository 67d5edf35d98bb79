import { openQuestionOf } from './types';
import type { AnswerRecord, PlayerRecord, PutAnswerResult, ReportRecord, RoomRecord, Store } from './types';

interface LiveRoom {
  record: RoomRecord;
  players: Map<string, PlayerRecord>;
  nicknames: Set<string>;
  answers: Map<number, Map<string, AnswerRecord>>;
  connections: Map<string, number>;
  online: number;
}

/**
 * Everything in this process's memory, nothing on disk: for tests and for the
 * load benchmark's baseline. The server's embedded default is the SQLite store.
 */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly codes = new Map<string, string>();
  private readonly reports = new Map<string, ReportRecord>();
  private readonly docs = new Map<string, Map<string, unknown>>();

  private live(roomId: string): LiveRoom | undefined {
    return this.rooms.get(roomId);
  }

  async createRoom(room: RoomRecord): Promise<boolean> {
    if (this.codes.has(room.code) || this.rooms.has(room.id)) return false;
    this.codes.set(room.code, room.id);
    this.rooms.set(room.id, { record: room, players: new Map(), nicknames: new Set(), answers: new Map(), connections: new Map(), online: 0 });
    return true;
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    return this.live(roomId)?.record ?? null;
  }

  async listLiveRooms(): Promise<RoomRecord[]> {
    return [...this.rooms.values()].map((r) => r.record).filter((r) => r.state.phase !== 'final');
  }

  async roomIdByCode(code: string): Promise<string | null> {
    return this.codes.get(code) ?? null;
  }

  async casRoom(roomId: string, expectedVersion: number, next: Omit<RoomRecord, 'version'>): Promise<RoomRecord | null> {
    const room = this.live(roomId);
    if (!room || room.record.version !== expectedVersion) return null;
    room.record = { ...next, version: expectedVersion + 1 };
    return room.record;
  }

  async addPlayer(roomId: string, player: PlayerRecord): Promise<'ok' | 'nickname/taken'> {
    const room = this.live(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    if (room.nicknames.has(player.nicknameKey)) return 'nickname/taken';
    room.nicknames.add(player.nicknameKey);
    room.players.set(player.id, player);
    return 'ok';
  }

  async getPlayer(roomId: string, playerId: string): Promise<PlayerRecord | null> {
    return this.live(roomId)?.players.get(playerId) ?? null;
  }

  async listPlayers(roomId: string): Promise<PlayerRecord[]> {
    return [...(this.live(roomId)?.players.values() ?? [])];
  }

  async savePlayers(roomId: string, players: readonly PlayerRecord[]): Promise<void> {
    const room = this.live(roomId);
    if (!room) return;
    for (const p of players) room.players.set(p.id, p);
  }

  async putAnswer(roomId: string, answer: AnswerRecord): Promise<PutAnswerResult> {
    const room = this.live(roomId);
    if (!room) throw new Error(`no room ${roomId}`);
    if (openQuestionOf(room.record) !== answer.questionIndex) return { status: 'closed' };
    let byPlayer = room.answers.get(answer.questionIndex);
    if (!byPlayer) room.answers.set(answer.questionIndex, (byPlayer = new Map()));
    const existing = byPlayer.get(answer.playerId);
    if (existing) return { status: 'duplicate', existing };
    byPlayer.set(answer.playerId, answer);
    return { status: 'stored' };
  }

  async getAnswer(roomId: string, questionIndex: number, playerId: string): Promise<AnswerRecord | null> {
    return this.live(roomId)?.answers.get(questionIndex)?.get(playerId) ?? null;
  }

  async listAnswers(roomId: string, questionIndex: number): Promise<AnswerRecord[]> {
    return [...(this.live(roomId)?.answers.get(questionIndex)?.values() ?? [])];
  }

  async countAnswers(roomId: string, questionIndex: number): Promise<number> {
    return this.live(roomId)?.answers.get(questionIndex)?.size ?? 0;
  }

  async answeredPlayers(roomId: string, questionIndex: number): Promise<Set<string>> {
    return new Set(this.live(roomId)?.answers.get(questionIndex)?.keys() ?? []);
  }

  async presence(roomId: string, playerId: string, delta: 1 | -1): Promise<number> {
    const room = this.live(roomId);
    if (!room) return 0;
    const before = room.connections.get(playerId) ?? 0;
    const after = Math.max(0, before + delta);
    room.connections.set(playerId, after);
    if (before === 0 && after > 0) room.online++;
    if (before > 0 && after === 0) room.online--;
    return room.online;
  }

  async onlineCount(roomId: string): Promise<number> {
    return this.live(roomId)?.online ?? 0;
  }

  async onlinePlayers(roomId: string): Promise<Set<string>> {
    const room = this.live(roomId);
    return new Set([...(room?.connections.entries() ?? [])].filter(([, n]) => n > 0).map(([id]) => id));
  }

  async saveReport(report: ReportRecord): Promise<void> {
    this.reports.set(report.roomId, structuredClone(report));
  }

  async getReport(roomId: string): Promise<ReportRecord | null> {
    const report = this.reports.get(roomId);
    return report ? structuredClone(report) : null;
  }

  async listReports(): Promise<ReportRecord[]> {
    return [...this.reports.values()].map((r) => structuredClone(r));
  }

  async putDoc(kind: string, id: string, doc: unknown): Promise<void> {
    let docs = this.docs.get(kind);
    if (!docs) this.docs.set(kind, (docs = new Map()));
    docs.set(id, structuredClone(doc));
  }

  async getDoc(kind: string, id: string): Promise<unknown> {
    const doc = this.docs.get(kind)?.get(id);
    return doc === undefined ? null : structuredClone(doc);
  }

  async listDocs(kind: string): Promise<unknown[]> {
    return [...(this.docs.get(kind)?.values() ?? [])].map((d) => structuredClone(d));
  }

  async deleteDoc(kind: string, id: string): Promise<void> {
    this.docs.get(kind)?.delete(id);
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
