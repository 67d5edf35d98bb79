import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import type { Logger } from '../logger';
import { openQuestionOf } from './types';
import type { AnswerRecord, PlayerRecord, PutAnswerResult, ReportRecord, RoomRecord, Store } from './types';

/** Live room keys expire this long after the room was last changed. */
const ROOM_TTL_SECONDS = 2 * 24 * 3600;
/** How long to wait between reconnection attempts at most. */
const MAX_RECONNECT_DELAY_MS = 2000;
/** The report field kept one hash field per element (see saveReport). */
const REPORT_PARTS_FIELD = 'students';
/** A process whose presence heartbeat is older than this is taken for dead: its students' connections stop counting. */
export const PRESENCE_TTL_MS = 15_000;
/** How often a process renews its presence heartbeat. */
export const PRESENCE_HEARTBEAT_MS = 5_000;

const k = {
  room: (id: string) => `gf:room:${id}`,
  code: (code: string) => `gf:code:${code}`,
  players: (id: string) => `gf:room:${id}:players`,
  nicks: (id: string) => `gf:room:${id}:nicks`,
  answers: (id: string, q: number) => `gf:room:${id}:answers:${q}`,
  live: 'gf:live',
  report: (id: string) => `gf:report:${id}`,
  reportParts: (id: string) => `gf:report-parts:${id}`,
  reports: 'gf:reports',
  doc: (kind: string, id: string) => `gf:doc:${kind}:${id}`,
  docs: (kind: string) => `gf:docs:${kind}`,
};

// Create a room only if its code is free: both keys or neither. KEYS[3] is the set of live (not final) rooms.
const CREATE_ROOM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[4]) then
  redis.call('HSET', KEYS[2], 'json', ARGV[2], 'version', ARGV[3], 'open', ARGV[5])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
  if ARGV[6] == 'final' then redis.call('SREM', KEYS[3], ARGV[1]) else redis.call('SADD', KEYS[3], ARGV[1]) end
  return 1
end
return 0`;

// Compare-and-set on the room's version; keeps the set of live rooms (KEYS[2]) in step.
const CAS_ROOM = `
if redis.call('HGET', KEYS[1], 'version') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'json', ARGV[2], 'version', ARGV[3], 'open', ARGV[5])
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  if ARGV[7] == 'final' then redis.call('SREM', KEYS[2], ARGV[6]) else redis.call('SADD', KEYS[2], ARGV[6]) end
  return 1
end
return 0`;

// Store an answer only while its question is the room's open one; first answer wins.
const PUT_ANSWER = `
if redis.call('HGET', KEYS[1], 'open') ~= ARGV[1] then return -1 end
return redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[3])`;

// Presence is owned by server processes ("instances"). Each keeps its own connection counts per room
// (gf:room:<id>:conn:<instance>) beside the room's totals (gf:room:<id>:conn, gf:room:<id>:online), and
// renews a heartbeat (its score in the sorted set gf:instances). REAP first takes every instance whose
// heartbeat is older than ARGV[1] off the totals, so a crashed process leaves no stale online counts.
// The scripts name keys they build themselves: a single Redis node (not Redis Cluster).
const UNCONNECT = `
local function unconnect(inst)
  local roomsKey = 'gf:inst:' .. inst .. ':rooms'
  for _, room in ipairs(redis.call('SMEMBERS', roomsKey)) do
    local mine = 'gf:room:' .. room .. ':conn:' .. inst
    local total = 'gf:room:' .. room .. ':conn'
    local entries = redis.call('HGETALL', mine)
    for i = 1, #entries, 2 do
      local before = tonumber(redis.call('HGET', total, entries[i]) or '0')
      local after = before - tonumber(entries[i + 1])
      if after < 0 then after = 0 end
      if after == 0 then redis.call('HDEL', total, entries[i]) else redis.call('HSET', total, entries[i], after) end
      if before > 0 and after == 0 then redis.call('DECR', 'gf:room:' .. room .. ':online') end
    end
    redis.call('DEL', mine)
  end
  redis.call('DEL', roomsKey)
  redis.call('ZREM', 'gf:instances', inst)
end
`;
const REAP = `${UNCONNECT}
for _, inst in ipairs(redis.call('ZRANGEBYSCORE', 'gf:instances', '-inf', '(' .. ARGV[1])) do unconnect(inst) end
`;

// ARGV: stale-before, now, instance, roomId, playerId, delta. Returns the room's online count.
const PRESENCE = `${REAP}
redis.call('ZADD', 'gf:instances', ARGV[2], ARGV[3])
local room, inst, pid, delta = ARGV[4], ARGV[3], ARGV[5], tonumber(ARGV[6])
local mineKey = 'gf:room:' .. room .. ':conn:' .. inst
local totalKey = 'gf:room:' .. room .. ':conn'
local onlineKey = 'gf:room:' .. room .. ':online'
local mine = tonumber(redis.call('HGET', mineKey, pid) or '0')
if delta < 0 and mine <= 0 then return tonumber(redis.call('GET', onlineKey) or '0') end
if mine + delta == 0 then redis.call('HDEL', mineKey, pid) else redis.call('HSET', mineKey, pid, mine + delta) end
redis.call('SADD', 'gf:inst:' .. inst .. ':rooms', room)
local before = tonumber(redis.call('HGET', totalKey, pid) or '0')
local after = before + delta
if after < 0 then after = 0 end
if after == 0 then redis.call('HDEL', totalKey, pid) else redis.call('HSET', totalKey, pid, after) end
if before == 0 and after > 0 then return redis.call('INCR', onlineKey) end
if before > 0 and after == 0 then return redis.call('DECR', onlineKey) end
return tonumber(redis.call('GET', onlineKey) or '0')`;

// ARGV: stale-before, roomId. Returns the online count after reaping dead instances.
const ONLINE_COUNT = `${REAP}
return tonumber(redis.call('GET', 'gf:room:' .. ARGV[2] .. ':online') or '0')`;

// ARGV: stale-before, roomId. Returns the ids of students with a connection to a live instance.
const ONLINE_PLAYERS = `${REAP}
return redis.call('HKEYS', 'gf:room:' .. ARGV[2] .. ':conn')`;

// ARGV: stale-before, now, instance. Renews the heartbeat.
const HEARTBEAT = `${REAP}
redis.call('ZADD', 'gf:instances', ARGV[2], ARGV[3])
return 1`;

// ARGV: instance. A process closing cleanly takes its connections off the totals.
const LEAVE = `${UNCONNECT}
unconnect(ARGV[1])
return 1`;

/** Options of {@link RedisStore.connect}. */
export interface RedisStoreOptions {
  /** This process's clock for presence heartbeats (Date.now by default; processes sharing a Redis need synchronised clocks). */
  readonly now?: () => number;
  /** See {@link PRESENCE_TTL_MS}. */
  readonly presenceTtlMs?: number;
  /** See {@link PRESENCE_HEARTBEAT_MS}. */
  readonly heartbeatMs?: number;
}

type Client = ReturnType<typeof createClient>;

/**
 * The Redis store: live rooms, players, answers (first answer wins), presence
 * (owned by processes with a heartbeat), finished games and documents in Redis.
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  /** This process's presence identity. */
  readonly instanceId = randomUUID();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly now: () => number;
  private readonly ttlMs: number;

  private constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    opts: RedisStoreOptions,
  ) {
    this.now = opts.now ?? (() => Date.now());
    this.ttlMs = opts.presenceTtlMs ?? PRESENCE_TTL_MS;
    this.heartbeat = setInterval(() => {
      void this.beat().catch((err: unknown) => this.logger.debug('presence heartbeat failed', { error: String(err) }));
    }, opts.heartbeatMs ?? PRESENCE_HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private staleBefore(): string {
    return String(this.now() - this.ttlMs);
  }

  /** Renews this process's presence heartbeat (also run every {@link PRESENCE_HEARTBEAT_MS}). */
  async beat(): Promise<void> {
    await this.client.eval(HEARTBEAT, { keys: [], arguments: [this.staleBefore(), String(this.now()), this.instanceId] });
  }

  /** Connects to `url`. A Redis restart is logged and retried, never fatal. */
  static async connect(url: string, logger: Logger, opts: RedisStoreOptions = {}): Promise<RedisStore> {
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
    const store = new RedisStore(client, logger, opts);
    await store.beat();
    return store;
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
      keys: [k.code(room.code), k.room(room.id), k.live],
      arguments: [room.id, JSON.stringify(rest), String(version), String(ROOM_TTL_SECONDS), String(openQuestionOf(room)), room.state.phase],
    });
    return created === 1;
  }

  async getRoom(roomId: string): Promise<RoomRecord | null> {
    const h = await this.client.hGetAll(k.room(roomId));
    if (!h.json || h.version === undefined) return null;
    return { ...(JSON.parse(h.json) as Omit<RoomRecord, 'version'>), version: Number(h.version) };
  }

  async listLiveRooms(): Promise<RoomRecord[]> {
    const ids = await this.client.sMembers(k.live);
    const rooms = await Promise.all(ids.map((id) => this.getRoom(id)));
    // A room whose keys expired leaves its id behind: drop it from the set.
    const gone = ids.filter((_, i) => rooms[i] === null);
    if (gone.length > 0) await this.client.sRem(k.live, gone);
    return rooms.filter((r): r is RoomRecord => r !== null && r.state.phase !== 'final');
  }

  async roomIdByCode(code: string): Promise<string | null> {
    return this.client.get(k.code(code));
  }

  async casRoom(roomId: string, expectedVersion: number, next: Omit<RoomRecord, 'version'>): Promise<RoomRecord | null> {
    const done = await this.client.eval(CAS_ROOM, {
      keys: [k.room(roomId), k.live],
      arguments: [
        String(expectedVersion),
        JSON.stringify(next),
        String(expectedVersion + 1),
        String(ROOM_TTL_SECONDS),
        String(openQuestionOf(next)),
        roomId,
        next.state.phase,
      ],
    });
    return done === 1 ? { ...next, version: expectedVersion + 1 } : null;
  }

  async addPlayer(roomId: string, player: PlayerRecord): Promise<'ok' | 'nickname/taken'> {
    const added = await this.client.sAdd(k.nicks(roomId), player.nicknameKey);
    if (added === 0) return 'nickname/taken';
    await this.client.hSet(k.players(roomId), player.id, JSON.stringify(player));
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
    await this.client.hSet(k.players(roomId), Object.fromEntries(players.map((p) => [p.id, JSON.stringify(p)])));
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
      keys: [],
      arguments: [this.staleBefore(), String(this.now()), this.instanceId, roomId, playerId, String(delta)],
    });
    return Number(online);
  }

  async onlineCount(roomId: string): Promise<number> {
    return Number(await this.client.eval(ONLINE_COUNT, { keys: [], arguments: [this.staleBefore(), roomId] }));
  }

  async onlinePlayers(roomId: string): Promise<Set<string>> {
    const ids = (await this.client.eval(ONLINE_PLAYERS, { keys: [], arguments: [this.staleBefore(), roomId] })) as string[];
    return new Set(ids);
  }

  /**
   * A report is a hash: its head (everything but the students) and one field
   * per student, so a large report is never one string. Reports an older
   * version wrote as one string under `gf:report:<id>` are still read.
   */
  async saveReport(report: ReportRecord): Promise<void> {
    const parts = report[REPORT_PARTS_FIELD];
    const { [REPORT_PARTS_FIELD]: _parts, ...head } = report;
    const fields: Record<string, string> = Array.isArray(parts)
      ? { head: JSON.stringify(head), parts: String(parts.length), ...Object.fromEntries(parts.map((p: unknown, i) => [`p${i}`, JSON.stringify(p)])) }
      : { head: JSON.stringify(report), parts: '-1' };
    await this.client
      .multi()
      .del([k.reportParts(report.roomId), k.report(report.roomId)])
      .hSet(k.reportParts(report.roomId), fields)
      .zAdd(k.reports, { score: report.endedAt, value: report.roomId })
      .exec();
  }

  async getReport(roomId: string): Promise<ReportRecord | null> {
    const h = await this.client.hGetAll(k.reportParts(roomId));
    if (h.head === undefined) {
      const json = await this.client.get(k.report(roomId));
      return json ? (JSON.parse(json) as ReportRecord) : null;
    }
    const head = JSON.parse(h.head) as ReportRecord;
    const count = Number(h.parts ?? -1);
    if (count < 0) return head;
    const parts = Array.from({ length: count }, (_, i) => JSON.parse(h[`p${i}`] ?? 'null') as unknown);
    return { ...head, [REPORT_PARTS_FIELD]: parts };
  }

  async listReports(): Promise<ReportRecord[]> {
    const ids = await this.client.zRange(k.reports, 0, -1);
    const reports = await Promise.all(ids.map((id) => this.getReport(id)));
    return reports.filter((r): r is ReportRecord => r !== null);
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

  /** Takes this process's connections off the online counts (a crash leaves them to expire), then disconnects. */
  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    if (!this.client.isOpen) return;
    await this.client.eval(LEAVE, { keys: [], arguments: [this.instanceId] }).catch((err: unknown) => {
      this.logger.warn('presence not cleared on close', { error: String(err) });
    });
    await this.client.close();
  }
}
