import { createClient } from 'redis';
import type { Logger } from '../logger';
import { openQuestionOf } from './types';
import type { AnswerRecord, PlayerRecord, PutAnswerResult, ReportRecord, RoomRecord, Store } from './types';

/** Live room keys expire this long after the room was last changed. */
const ROOM_TTL_SECONDS = 2 * 24 * 3600;
/** How long to wait between reconnection attempts at most. */
const MAX_RECONNECT_DELAY_MS = 2000;

const k = {
  room: (id: string) => `gf:room:${id}`,
  code: (code: string) => `gf:code:${code}`,
  players: (id: string) => `gf:room:${id}:players`,
  nicks: (id: string) => `gf:room:${id}:nicks`,
  scores: (id: string) => `gf:room:${id}:scores`,
  answers: (id: string, q: number) => `gf:room:${id}:answers:${q}`,
  conn: (id: string) => `gf:room:${id}:conn`,
  online: (id: string) => `gf:room:${id}:online`,
  report: (id: string) => `gf:report:${id}`,
  reports: 'gf:reports',
  doc: (kind: string, id: string) => `gf:doc:${kind}:${id}`,
  docs: (kind: string) => `gf:docs:${kind}`,
};

// Create a room only if its code is free: both keys or neither.
const CREATE_ROOM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[4]) then
  redis.call('HSET', KEYS[2], 'json', ARGV[2], 'version', ARGV[3], 'open', ARGV[5])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  return 1
end
return 0`;

// Compare-and-set on the room's version.
const CAS_ROOM = `
if redis.call('HGET', KEYS[1], 'version') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'json', ARGV[2], 'version', ARGV[3], 'open', ARGV[5])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return 1
end
return 0`;

// Store an answer only while its question is the room's open one; first answer wins.
const PUT_ANSWER = `
if redis.call('HGET', KEYS[1], 'open') ~= ARGV[1] then return -1 end
return redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])`;

// Count a student's connections; keep the number of online students beside it.
const PRESENCE = `
local before = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local after = before + tonumber(ARGV[2])
if after < 0 then after = 0 end
redis.call('HSET', KEYS[1], ARGV[1], after)
if before == 0 and after > 0 then return redis.call('INCR', KEYS[2]) end
if before > 0 and after == 0 then return redis.call('DECR', KEYS[2]) end
return tonumber(redis.call('GET', KEYS[2]) or '0')`;

type Client = ReturnType<typeof createClient>;

/** The Redis store: live rooms, answers (first answer wins) and scores (sorted sets) in Redis. */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;

  private constructor(private readonly client: Client) {}

  /** Connects to `url`. A Redis restart is logged and retried, never fatal. */
  static async connect(url: string, logger: Logger): Promise<RedisStore> {
    const client = createClient({
      url,
      // During an outage a command fails at once (the client gets store/unavailable) instead of waiting unseen.
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
    });
    let lastLogged = 0;
    client.on('error', (err: Error) => {
      // Without an 'error' listener a Redis restart would crash the process.
      const now = Date.now();
      if (now - lastLogged > 5000) {
        lastLogged = now;
        logger.warn('redis error', { error: err.message });
      }
    });
    await client.connect();
    return new RedisStore(client);
  }

  /** The client itself, for the cluster-wide rate limits (server/rate-limit.ts), which run one script per check. */
  limiterClient(): Client {
    return this.client;
  }

  /**
   * A second connection for the socket.io adapter. It queues commands while
   * Redis is away: the adapter's read loop would otherwise spin on errors.
   */
  duplicateClient(): Client {
    return this.client.duplicate({ disableOfflineQueue: false });
  }

  async createRoom(room: RoomRecord): Promise<boolean> {
    const { version, ...rest } = room;
    const created = await this.client.eval(CREATE_ROOM, {
      keys: [k.code(room.code), k.room(room.id)],
      arguments: [room.id, JSON.stringify(rest), String(version), String(ROOM_TTL_SECONDS), String(openQuestionOf(room))],
    });
    return created === 1;
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const h = await this.client.hGetAll(k.room(roomId));
    if (!h.json || h.version === undefined) return null;
    return { ...(JSON.parse(h.json) as Omit<RoomRecord, 'version'>), version: Number(h.version) };
  }

  async roomIdByCode(code: string): Promise<string | null> {
    return this.client.get(k.code(code));
  }

  async casRoom(roomId: string, expectedVersion: number, next: Omit<RoomRecord, 'version'>): Promise<RoomRecord | null> {
    const done = await this.client.eval(CAS_ROOM, {
      keys: [k.room(roomId)],
      arguments: [
        String(expectedVersion),
        JSON.stringify(next),
        String(expectedVersion + 1),
        String(ROOM_TTL_SECONDS),
        String(openQuestionOf(next)),
      ],
    });
    return done === 1 ? { ...next, version: expectedVersion + 1 } : null;
  }

  async addPlayer(roomId: string, player: PlayerRecord): Promise<'ok' | 'nickname/taken'> {
    const added = await this.client.sAdd(k.nicks(roomId), player.nicknameKey);
    if (added === 0) return 'nickname/taken';
    await this.client
      .multi()
      .hSet(k.players(roomId), player.id, JSON.stringify(player))
      .zAdd(k.scores(roomId), { score: player.score, value: player.id })
      .exec();
    return 'ok';
  }

  async getPlayer(roomId: string, playerId: string): Promise<PlayerRecord | null> {
    const json = await this.client.hGet(k.players(roomId), playerId);
    return json ? (JSON.parse(json) as PlayerRecord) : null;
  }

  async listPlayers(roomId: string): Promise<PlayerRecord[]> {
    const all = await this.client.hVals(k.players(roomId));
    return all.map((j) => JSON.parse(j) as PlayerRecord);
  }

  async savePlayers(roomId: string, players: readonly PlayerRecord[]): Promise<void> {
    if (players.length === 0) return;
    const multi = this.client.multi();
    multi.hSet(k.players(roomId), Object.fromEntries(players.map((p) => [p.id, JSON.stringify(p)])));
    const scored = players.filter((p) => !p.kicked).map((p) => ({ score: p.score, value: p.id }));
    if (scored.length > 0) multi.zAdd(k.scores(roomId), scored);
    const kicked = players.filter((p) => p.kicked).map((p) => p.id);
    if (kicked.length > 0) multi.zRem(k.scores(roomId), kicked);
    await multi.exec();
  }

  async topPlayers(roomId: string, limit: number): Promise<PlayerRecord[]> {
    const ids = await this.client.zRange(k.scores(roomId), 0, limit - 1, { REV: true });
    if (ids.length === 0) return [];
    const rows = await this.client.hmGet(k.players(roomId), ids);
    return rows.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as PlayerRecord);
  }

  async putAnswer(roomId: string, answer: AnswerRecord): Promise<PutAnswerResult> {
    const stored = await this.client.eval(PUT_ANSWER, {
      keys: [k.room(roomId), k.answers(roomId, answer.questionIndex)],
      arguments: [String(answer.questionIndex), answer.playerId, JSON.stringify(answer)],
    });
    if (stored === -1) return { status: 'closed' };
    if (stored === 1) return { status: 'stored' };
    const existing = await this.getAnswer(roomId, answer.questionIndex, answer.playerId);
    if (!existing) throw new Error('answer vanished between HSETNX and HGET');
    return { status: 'duplicate', existing };
  }

  async getAnswer(roomId: string, questionIndex: number, playerId: string): Promise<AnswerRecord | null> {
    const json = await this.client.hGet(k.answers(roomId, questionIndex), playerId);
    return json ? (JSON.parse(json) as AnswerRecord) : null;
  }

  async listAnswers(roomId: string, questionIndex: number): Promise<AnswerRecord[]> {
    const all = await this.client.hVals(k.answers(roomId, questionIndex));
    return all.map((j) => JSON.parse(j) as AnswerRecord);
  }

  async countAnswers(roomId: string, questionIndex: number): Promise<number> {
    return this.client.hLen(k.answers(roomId, questionIndex));
  }

  async answeredPlayers(roomId: string, questionIndex: number): Promise<Set<string>> {
    return new Set(await this.client.hKeys(k.answers(roomId, questionIndex)));
  }

  async presence(roomId: string, playerId: string, delta: 1 | -1): Promise<number> {
    const online = await this.client.eval(PRESENCE, {
      keys: [k.conn(roomId), k.online(roomId)],
      arguments: [playerId, String(delta)],
    });
    return Number(online);
  }

  async onlineCount(roomId: string): Promise<number> {
    return Number((await this.client.get(k.online(roomId))) ?? 0);
  }

  async onlinePlayers(roomId: string): Promise<Set<string>> {
    const conn = await this.client.hGetAll(k.conn(roomId));
    return new Set(Object.entries(conn).filter(([, n]) => Number(n) > 0).map(([id]) => id));
  }

  async saveReport(report: ReportRecord): Promise<void> {
    await this.client
      .multi()
      .set(k.report(report.roomId), JSON.stringify(report))
      .zAdd(k.reports, { score: report.endedAt, value: report.roomId })
      .exec();
  }

  async getReport(roomId: string): Promise<ReportRecord | null> {
    const json = await this.client.get(k.report(roomId));
    return json ? (JSON.parse(json) as ReportRecord) : null;
  }

  async listReports(): Promise<ReportRecord[]> {
    const ids = await this.client.zRange(k.reports, 0, -1);
    if (ids.length === 0) return [];
    const rows = await this.client.mGet(ids.map(k.report));
    return rows.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as ReportRecord);
  }

  async putDoc(kind: string, id: string, doc: unknown): Promise<void> {
    await this.client.multi().set(k.doc(kind, id), JSON.stringify(doc)).sAdd(k.docs(kind), id).exec();
  }

  async getDoc(kind: string, id: string): Promise<unknown> {
    const json = await this.client.get(k.doc(kind, id));
    return json ? (JSON.parse(json) as unknown) : null;
  }

  async listDocs(kind: string): Promise<unknown[]> {
    const ids = await this.client.sMembers(k.docs(kind));
    if (ids.length === 0) return [];
    const rows = await this.client.mGet(ids.map((id) => k.doc(kind, id)));
    return rows.filter((r): r is string => typeof r === 'string').map((r) => JSON.parse(r) as unknown);
  }

  async deleteDoc(kind: string, id: string): Promise<void> {
    await this.client.multi().del(k.doc(kind, id)).sRem(k.docs(kind), id).exec();
  }

  async ping(): Promise<boolean> {
    try {
      return this.client.isReady && (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
