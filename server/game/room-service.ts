import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { reduce, initialRoomState, type GameAction, type ReduceContext, type RoomSettings } from '@/engine/game/phases';
import { buildReveal } from '@/engine/game/reveal';
import { rankPlayers, scoreAnswer, scoreMissing } from '@/engine/game/scoring';
import {
  normaliseNickname,
  nicknameKey,
  type AnswerPayload,
  type CreateResult,
  type HostView,
  type JoinResult,
  type LeaderRow,
  type MeView,
  type ProgressView,
  type ResultView,
  type RoomView,
  type SubmitResult,
} from '@/engine/protocol';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { hashSeed } from '@/engine/rng';
import type { ClassRegistry } from '../classes';
import type { InstructorAuth } from '../instructor';
import type { Logger } from '../logger';
import type { AnswerRecord, PlayerRecord, RoomRecord, Store } from '../store/types';
import { saveQuestionResults, writeGameReport } from '../reports/persist';
import { fail, GameError } from './errors';
import { GradeCache } from './grade-cache';
import { KeyedMutex } from './keyed-mutex';

/** Digits in a join code. */
export const JOIN_CODE_DIGITS = 6;
/** Rows on the leaderboard everyone sees. */
export const LEADERS_SHOWN = 5;
/** How often live counts reach the host at most. */
export const PROGRESS_INTERVAL_MS = 250;
/** Pause on the reveal and leaderboard screens when the room advances on its own. */
export const AUTO_ADVANCE_MS = 8000;
/** Most students in one room. */
export const MAX_PLAYERS_PER_ROOM = 10_000;
/** Attempts at a compare-and-set before giving up (another process keeps winning). */
const CAS_ATTEMPTS = 8;
/** Attempts at finding an unused join code. */
const CODE_ATTEMPTS = 20;

/** Wall clock of the server; the only time the game believes. */
export interface Clock {
  now(): number;
}

/** Where the service sends messages; socket.io in production. */
export interface Outbox {
  roomState(roomId: string, view: RoomView): void;
  playerMe(roomId: string, playerId: string, me: MeView): void;
  hostState(roomId: string, view: HostView): void;
  hostProgress(roomId: string, progress: ProgressView): void;
  kick(roomId: string, playerId: string): void;
}

/** Finds compiled packs by id. */
export interface PackSource {
  get(packId: string): Promise<RuntimePack | null>;
}

/** What the service needs from its surroundings. */
export interface RoomServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly packs: PackSource;
  readonly outbox: Outbox;
  /** Base URL students join at (e.g. http://192.168.1.5:3000). */
  readonly publicUrl: () => string;
  readonly classes: ClassRegistry;
  readonly instructor: InstructorAuth;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newSecret = () => randomBytes(18).toString('base64url');
const newId = () => randomBytes(9).toString('base64url');

function sameHash(secret: string, hash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The seed of a student's own variants: the same for the same room and player, so a reconnect sees the same question. */
export function variantSeed(roomId: string, playerId: string): number {
  return hashSeed(`${roomId}:${playerId}`);
}

const withoutVersion = (room: RoomRecord): Omit<RoomRecord, 'version'> => {
  const { version: _version, ...rest } = room;
  return rest;
};

/**
 * The authority over every room: checks identity, room, phase, question and
 * duplicates in that order, applies the engine's reducer, persists through the
 * store and tells each audience what it may see. Actions of one room run one
 * at a time in this process and are compare-and-set across processes.
 */
export class RoomService {
  private readonly mutex = new KeyedMutex();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly dirty = new Set<string>();
  private readonly rosterDirty = new Set<string>();
  private readonly flusher: NodeJS.Timeout;
  private readonly packCache = new Map<string, RuntimePack>();
  private readonly grades = new GradeCache();
  private closed = false;

  constructor(private readonly deps: RoomServiceDeps) {
    this.flusher = setInterval(() => void this.flush(), PROGRESS_INTERVAL_MS);
    this.flusher.unref();
  }

  /** Stops timers (the store is closed by its owner). */
  close(): void {
    this.closed = true;
    clearInterval(this.flusher);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  // ---------- lookups ----------

  private async pack(packId: string): Promise<RuntimePack> {
    const cached = this.packCache.get(packId);
    if (cached) return cached;
    const pack = await this.deps.packs.get(packId);
    if (!pack) fail('pack/not-found');
    this.packCache.set(packId, pack);
    return pack;
  }

  private async room(roomId: string): Promise<RoomRecord> {
    const room = await this.deps.store.getRoom(roomId);
    if (!room) fail('room/not-found');
    return room;
  }

  private ctx(pack: RuntimePack): ReduceContext {
    return {
      question: (i) => {
        const q = pack.questions[i];
        if (!q) throw new Error(`question ${i} out of range`);
        return { timeLimitMs: q.timeLimitMs, multiplier: q.multiplier };
      },
    };
  }

  /** Checks a host token against the room. */
  async verifyHost(roomId: string, hostToken: string): Promise<RoomRecord> {
    const room = await this.room(roomId);
    if (!sameHash(hostToken, room.hostTokenHash)) fail('auth/forbidden');
    return room;
  }

  // ---------- views ----------

  private roomView(room: RoomRecord, pack: RuntimePack, playerCount: number): RoomView {
    const { state } = room;
    const showsQuestion = state.phase === 'question' || state.phase === 'reveal';
    const q = showsQuestion ? pack.questions[state.questionIndex] : undefined;
    const reveal = state.phase === 'reveal' && room.reveal?.questionIndex === state.questionIndex ? room.reveal : null;
    return {
      roomId: room.id,
      code: room.code,
      title: room.title,
      phase: state.phase,
      questionIndex: state.questionIndex,
      questionCount: state.questionCount,
      question: q ? { ...q.view(state.questionIndex, 0), multiplier: state.multiplier } : null,
      openedAt: state.phase === 'question' ? state.openedAt : null,
      deadline: state.phase === 'question' ? state.deadline : null,
      serverNow: this.deps.clock.now(),
      reveal,
      leaders: room.leaders,
      playerCount,
      locked: state.settings.locked,
    };
  }

  private async meView(room: RoomRecord, pack: RuntimePack, player: PlayerRecord): Promise<MeView> {
    const { state } = room;
    const q = state.phase === 'question' ? pack.questions[state.questionIndex] : undefined;
    const answered = q ? await this.deps.store.getAnswer(room.id, state.questionIndex, player.id) : null;
    const showsResult = state.phase !== 'lobby' && state.phase !== 'question';
    return {
      playerId: player.id,
      nickname: player.nickname,
      score: player.score,
      rank: player.rank,
      previousRank: player.previousRank,
      streak: player.streak,
      answeredQuestion: answered ? state.questionIndex : null,
      result: showsResult ? player.lastResult : null,
      ahead: player.ahead,
      question: q?.hasVariants ? q.view(state.questionIndex, variantSeed(room.id, player.id)) : null,
    };
  }

  async hostView(roomId: string): Promise<HostView> {
    const room = await this.room(roomId);
    const pack = await this.pack(room.packId);
    const [players, onlineIds] = await Promise.all([this.deps.store.listPlayers(roomId), this.deps.store.onlinePlayers(roomId)]);
    const online = onlineIds.size;
    const progress =
      room.state.phase === 'question'
        ? { questionIndex: room.state.questionIndex, answered: await this.deps.store.countAnswers(roomId, room.state.questionIndex), players: online }
        : null;
    return {
      room: this.roomView(room, pack, online),
      settings: room.state.settings,
      players: players
        .filter((p) => !p.kicked)
        .sort((a, b) => a.joinedAt - b.joinedAt)
        .map((p) => ({ playerId: p.id, nickname: p.nickname, connected: onlineIds.has(p.id), score: p.score })),
      progress,
      joinUrl: `${this.deps.publicUrl()}/join/${room.code}`,
    };
  }

  // ---------- host ----------

  async createRoom(input: { packId: string; settings?: Partial<RoomSettings>; classId?: string; instructorKey?: string }): Promise<CreateResult> {
    if (input.classId) {
      // A class game counts on the class leaderboard: only the instructor may start one.
      if (!this.deps.instructor.verify(input.instructorKey)) fail('auth/forbidden', 'Running a game in a class needs the instructor key.');
      if (!(await this.deps.classes.get(input.classId))) fail('class/not-found');
    }
    const pack = await this.pack(input.packId);
    const settings: RoomSettings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false, ...input.settings };
    const hostToken = newSecret();
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = String(randomInt(0, 10 ** JOIN_CODE_DIGITS)).padStart(JOIN_CODE_DIGITS, '0');
      const room: RoomRecord = {
        id: newId(),
        code,
        hostTokenHash: sha256(hostToken),
        packId: pack.id,
        title: pack.title,
        classId: input.classId ?? null,
        createdAt: this.deps.clock.now(),
        state: initialRoomState(pack.questions.length, settings),
        reveal: null,
        leaders: [],
        version: 0,
      };
      if (await this.deps.store.createRoom(room)) {
        this.deps.logger.info('room created', { roomId: room.id, packId: pack.id });
        return { roomId: room.id, code, hostToken, host: await this.hostView(room.id) };
      }
    }
    return fail('internal', 'Could not find a free join code.');
  }

  /** Applies a host action or timer event to a room. */
  async act(roomId: string, action: GameAction): Promise<void> {
    await this.mutex.run(roomId, () => this.apply(roomId, action));
  }

  private async apply(roomId: string, action: GameAction): Promise<void> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const room = await this.room(roomId);
      const pack = await this.pack(room.packId);
      if (action.type === 'next' && room.state.phase === 'reveal') await this.ensureRevealed(room, pack);
      const now = this.deps.clock.now();
      const result = reduce(room.state, action, now, this.ctx(pack));
      if (!result.ok) fail(result.error);
      const next = await this.deps.store.casRoom(roomId, room.version, { ...withoutVersion(room), state: result.state });
      if (!next) continue;
      await this.afterTransition(room, next, pack);
      return;
    }
    fail('internal', 'The room is busy; try again.');
  }

  private async afterTransition(before: RoomRecord, room: RoomRecord, pack: RuntimePack): Promise<void> {
    const { state } = room;
    const phaseChanged = before.state.phase !== state.phase || before.state.questionIndex !== state.questionIndex;
    if (state.phase === 'question') this.scheduleDeadline(room.id, state.deadline);
    else this.clearTimer(room.id);
    let verdicts: PlayerRecord[] = [];
    if (state.phase === 'reveal' && phaseChanged) ({ room, verdicts } = await this.ensureRevealed(room, pack));
    if (state.phase === 'final' && phaseChanged) await this.saveReport(room, pack);
    if (state.settings.autoAdvance && phaseChanged && (state.phase === 'reveal' || state.phase === 'leaderboard')) {
      this.scheduleAdvance(room.id, room.state.phase, room.state.questionIndex);
    }
    await this.broadcast(room, pack);
    // Each student's own verdict follows the room-wide reveal.
    for (const p of verdicts) this.deps.outbox.playerMe(room.id, p.id, await this.meView(room, pack, p));
    if (state.phase === 'question' && phaseChanged && pack.questions[state.questionIndex]?.hasVariants) {
      await this.sendEveryoneMe(room, pack);
    }
    this.rosterDirty.add(room.id);
  }

  private async broadcast(room: RoomRecord, pack: RuntimePack): Promise<void> {
    const online = await this.deps.store.onlineCount(room.id);
    this.deps.outbox.roomState(room.id, this.roomView(room, pack, online));
  }

  private async sendEveryoneMe(room: RoomRecord, pack: RuntimePack): Promise<void> {
    const players = await this.deps.store.listPlayers(room.id);
    for (const p of players) {
      if (!p.kicked) this.deps.outbox.playerMe(room.id, p.id, await this.meView(room, pack, p));
    }
  }

  /**
   * Scores the closed question once (players remember the last question
   * folded into their score), stores the reveal and tells each student their
   * own verdict (returned for the caller to send after the room broadcast).
   * Safe to call again after a crash between the two steps.
   */
  private async ensureRevealed(room: RoomRecord, pack: RuntimePack): Promise<{ room: RoomRecord; verdicts: PlayerRecord[] }> {
    const idx = room.state.questionIndex;
    if (room.reveal?.questionIndex === idx) return { room, verdicts: [] };
    const q = pack.questions[idx];
    if (!q) throw new Error(`question ${idx} out of range`);
    const [players, answers] = await Promise.all([this.deps.store.listPlayers(room.id), this.deps.store.listAnswers(room.id, idx)]);
    const byPlayer = new Map(answers.map((a) => [a.playerId, a]));
    const active = players.filter((p) => !p.kicked);
    const multiplier = room.state.multiplier;
    const scoring = room.state.settings.scoring;
    const scored = active.map((p) => {
      if (p.scoredThrough >= idx) return { player: p, fresh: false };
      const a = byPlayer.get(p.id);
      const s = a
        ? scoreAnswer({ credit: a.credit, responseMs: a.responseMs, limitMs: q.timeLimitMs, multiplier, streakBefore: p.streak, scoring })
        : scoreMissing(p.streak, multiplier, scoring);
      const result: ResultView = {
        questionIndex: idx,
        answered: Boolean(a),
        correct: a?.correct ?? false,
        credit: a?.credit ?? 0,
        points: s.points,
        streak: s.streak,
        read: a?.read ?? null,
        notes: a?.notes ?? [],
        answer: a?.answer ?? null,
        key: q.hasVariants ? q.key(variantSeed(room.id, p.id)) : null,
      };
      const player: PlayerRecord = {
        ...p,
        score: p.score + s.points,
        streak: s.streak,
        correctCount: p.correctCount + (a?.correct ? 1 : 0),
        scoredThrough: idx,
        lastResult: result,
      };
      return { player, fresh: true };
    });
    const ranking = rankPlayers(scored.map(({ player }) => ({ playerId: player.id, nickname: player.nickname, score: player.score })));
    const byId = new Map(scored.map(({ player }) => [player.id, player]));
    const fresh = new Set(scored.filter((s) => s.fresh).map((s) => s.player.id));
    const updated: PlayerRecord[] = ranking.map((r, i) => {
      const player = byId.get(r.playerId) as PlayerRecord;
      const above = i > 0 ? byId.get((ranking[i - 1] as (typeof ranking)[number]).playerId) : undefined;
      return {
        ...player,
        previousRank: fresh.has(player.id) ? player.rank : player.previousRank,
        rank: r.rank,
        ahead: above && above.score > player.score ? { nickname: above.nickname, score: above.score } : null,
      };
    });
    await this.deps.store.savePlayers(room.id, updated);
    // Points are only known here: keep every student's verdict for the game's report (one write per question).
    await saveQuestionResults(this.deps.store, {
      roomId: room.id,
      questionIndex: idx,
      multiplier,
      closedBy: room.state.closedBy,
      closedAt: room.state.deadline ?? this.deps.clock.now(),
      results: updated.flatMap((p) => (p.lastResult?.questionIndex === idx ? [{ ...p.lastResult, playerId: p.id }] : [])),
    });
    const leaders: LeaderRow[] = ranking.slice(0, LEADERS_SHOWN).map((r) => ({
      rank: r.rank,
      nickname: (byId.get(r.playerId) as PlayerRecord).nickname,
      score: r.score,
    }));
    const reveal = buildReveal({
      questionIndex: idx,
      key: q.key(0),
      explanation: q.explanation,
      choiceCount: q.view(idx, 0).choices.length,
      players: active.length,
      answers,
    });
    let current = room;
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const next = await this.deps.store.casRoom(room.id, current.version, { ...withoutVersion(current), reveal, leaders });
      if (next) {
        current = next;
        break;
      }
      current = await this.room(room.id);
      if (current.reveal?.questionIndex === idx) break;
    }
    return { room: current, verdicts: updated };
  }

  /** Writes the finished game's report (server/reports). A failure is logged: the podium still reaches everyone. */
  private async saveReport(room: RoomRecord, pack: RuntimePack): Promise<void> {
    try {
      await writeGameReport(this.deps.store, room, pack, room.state.endedAt ?? this.deps.clock.now());
    } catch (err) {
      this.deps.logger.error('report not saved', { roomId: room.id, error: err instanceof Error ? err : String(err) });
    }
  }

  // ---------- timers ----------

  private clearTimer(roomId: string): void {
    const t = this.timers.get(roomId);
    if (t) clearTimeout(t);
    this.timers.delete(roomId);
  }

  private scheduleDeadline(roomId: string, deadline: number | null): void {
    this.clearTimer(roomId);
    if (deadline === null || this.closed) return;
    const delay = Math.max(0, deadline - this.deps.clock.now());
    const timer = setTimeout(() => {
      this.timers.delete(roomId);
      void this.act(roomId, { type: 'close', reason: 'deadline' }).catch(async (err: unknown) => {
        // Rejected because the deadline moved (extended) or another process closed it: follow the stored state.
        if (err instanceof GameError && err.code === 'phase/not-allowed') {
          const room = await this.deps.store.getRoom(roomId).catch(() => null);
          if (room?.state.phase === 'question') this.scheduleDeadline(roomId, room.state.deadline);
          return;
        }
        this.deps.logger.warn('deadline close failed', { roomId, error: err instanceof Error ? err.message : String(err) });
        this.scheduleDeadline(roomId, this.deps.clock.now() + 1000);
      });
    }, delay);
    timer.unref();
    this.timers.set(roomId, timer);
  }

  private scheduleAdvance(roomId: string, phase: string, questionIndex: number): void {
    this.clearTimer(roomId);
    const timer = setTimeout(() => {
      this.timers.delete(roomId);
      void (async () => {
        const room = await this.deps.store.getRoom(roomId);
        if (room?.state.phase !== phase || room.state.questionIndex !== questionIndex) return;
        await this.act(roomId, { type: 'next' });
      })().catch((err: unknown) => this.deps.logger.warn('auto-advance failed', { roomId, error: String(err) }));
    }, AUTO_ADVANCE_MS);
    timer.unref();
    this.timers.set(roomId, timer);
  }

  /**
   * Re-arms a stored room's timers after a start (server/game/recovery.ts): the
   * open question's deadline (one already past closes at once) and, with
   * auto-advance, the step after a reveal or leaderboard.
   */
  rearm(room: RoomRecord): void {
    this.watchDeadline(room);
    if (room.state.settings.autoAdvance && (room.state.phase === 'reveal' || room.state.phase === 'leaderboard')) {
      this.scheduleAdvance(room.id, room.state.phase, room.state.questionIndex);
    }
  }

  /** Makes sure this process closes the room's open question at its deadline (after a restart or on another process). */
  private watchDeadline(room: RoomRecord): void {
    if (room.state.phase === 'question' && !this.timers.has(room.id)) this.scheduleDeadline(room.id, room.state.deadline);
  }

  private async everyoneOnlineAnswered(roomId: string, questionIndex: number): Promise<boolean> {
    const [online, answered] = await Promise.all([this.deps.store.onlinePlayers(roomId), this.deps.store.answeredPlayers(roomId, questionIndex)]);
    if (online.size === 0) return false;
    for (const id of online) if (!answered.has(id)) return false;
    return true;
  }

  /** Sends coalesced live counts and rosters to hosts, and closes questions everyone has answered. */
  private async flush(): Promise<void> {
    const rooms = new Set([...this.dirty, ...this.rosterDirty]);
    const roster = new Set(this.rosterDirty);
    this.dirty.clear();
    this.rosterDirty.clear();
    for (const roomId of rooms) {
      try {
        if (roster.has(roomId)) this.deps.outbox.hostState(roomId, await this.hostView(roomId));
        const room = await this.deps.store.getRoom(roomId);
        if (room?.state.phase !== 'question') continue;
        const idx = room.state.questionIndex;
        const [answered, online] = await Promise.all([this.deps.store.countAnswers(roomId, idx), this.deps.store.onlineCount(roomId)]);
        this.deps.outbox.hostProgress(roomId, { questionIndex: idx, answered, players: online });
        // Close early only when every student online now has answered (answers of students who left do not count for them).
        if (online > 0 && answered >= online && (await this.everyoneOnlineAnswered(roomId, idx))) {
          await this.act(roomId, { type: 'close', reason: 'all-answered' }).catch(() => undefined);
        }
      } catch (err) {
        this.deps.logger.warn('flush failed', { roomId, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  // ---------- players ----------

  async kick(roomId: string, playerId: string): Promise<void> {
    await this.mutex.run(roomId, async () => {
      const room = await this.room(roomId);
      const result = reduce(room.state, { type: 'kick' }, this.deps.clock.now(), this.ctx(await this.pack(room.packId)));
      if (!result.ok) fail(result.error);
      const player = await this.deps.store.getPlayer(roomId, playerId);
      if (!player) fail('payload/invalid', 'No such player.');
      await this.deps.store.savePlayers(roomId, [{ ...player, kicked: true }]);
      this.deps.outbox.kick(roomId, playerId);
      this.rosterDirty.add(roomId);
    });
  }

  async join(code: string, rawNickname: string, memberToken?: string): Promise<JoinResult> {
    const nickname = normaliseNickname(rawNickname);
    if (!nickname) fail('payload/invalid', 'A nickname has 1 to 20 characters.');
    const roomId = await this.deps.store.roomIdByCode(code.trim());
    if (!roomId) fail('room/not-found');
    const room = await this.room(roomId);
    const pack = await this.pack(room.packId);
    const allowed = reduce(room.state, { type: 'join' }, this.deps.clock.now(), this.ctx(pack));
    if (!allowed.ok) fail(room.state.phase === 'final' ? 'room/not-found' : allowed.error);
    if ((await this.deps.store.onlineCount(roomId)) >= MAX_PLAYERS_PER_ROOM) fail('room/full');
    // In a class the phone keeps one identity across games; a new phone gets a new one (reclaimable with its token).
    let member: { id: string; token: string } | null = null;
    if (room.classId) {
      const known = await this.deps.classes.resolveMember(room.classId, memberToken);
      if (known && memberToken) member = { id: known.id, token: memberToken };
      else {
        const created = await this.deps.classes.createMember(room.classId, nickname);
        member = { id: created.member.id, token: created.token };
      }
    }
    const secret = newSecret();
    const player: PlayerRecord = {
      id: newId(),
      tokenHash: sha256(secret),
      nickname,
      memberId: member?.id ?? null,
      nicknameKey: nicknameKey(nickname),
      joinedAt: this.deps.clock.now(),
      kicked: false,
      score: 0,
      streak: 0,
      correctCount: 0,
      rank: null,
      previousRank: null,
      scoredThrough: room.state.phase === 'question' ? room.state.questionIndex - 1 : room.state.questionIndex,
      lastResult: null,
      ahead: null,
    };
    if ((await this.deps.store.addPlayer(roomId, player)) === 'nickname/taken') fail('nickname/taken');
    this.rosterDirty.add(roomId);
    this.watchDeadline(room);
    return {
      roomId,
      playerId: player.id,
      playerToken: `${player.id}.${secret}`,
      classId: room.classId,
      memberToken: member?.token ?? null,
      room: this.roomView(room, pack, await this.deps.store.onlineCount(roomId)),
      me: await this.meView(room, pack, player),
    };
  }

  /** Identifies a student by their token. */
  async verifyPlayer(roomId: string, playerToken: string): Promise<PlayerRecord> {
    const [playerId, secret] = playerToken.split('.');
    if (!playerId || !secret) fail('auth/forbidden');
    const player = await this.deps.store.getPlayer(roomId, playerId);
    if (!player || !sameHash(secret, player.tokenHash)) fail('auth/forbidden');
    if (player.kicked) fail('player/kicked');
    return player;
  }

  async resume(roomId: string, playerToken: string): Promise<JoinResult> {
    const room = await this.room(roomId);
    const player = await this.verifyPlayer(roomId, playerToken);
    const pack = await this.pack(room.packId);
    this.watchDeadline(room);
    return {
      roomId,
      playerId: player.id,
      playerToken,
      classId: room.classId,
      memberToken: null,
      room: this.roomView(room, pack, await this.deps.store.onlineCount(roomId)),
      me: await this.meView(room, pack, player),
    };
  }

  async setOnline(roomId: string, playerId: string, online: boolean): Promise<void> {
    await this.deps.store.presence(roomId, playerId, online ? 1 : -1);
    this.rosterDirty.add(roomId);
    if (!online) this.dirty.add(roomId);
  }

  // ---------- answers ----------

  async submit(roomId: string, playerId: string, input: { questionIndex: number; answerId: string; answer: AnswerPayload }): Promise<SubmitResult> {
    const room = await this.room(roomId);
    const player = await this.deps.store.getPlayer(roomId, playerId);
    if (!player) fail('auth/forbidden');
    if (player.kicked) fail('player/kicked');
    const pack = await this.pack(room.packId);
    const now = this.deps.clock.now();
    // A retry of an answer already stored is acknowledged again, not refused.
    const existing = await this.deps.store.getAnswer(roomId, input.questionIndex, playerId);
    if (existing) {
      if (existing.answerId === input.answerId) return { questionIndex: existing.questionIndex, answerId: existing.answerId, receivedAt: existing.receivedAt };
      fail('answer/duplicate');
    }
    const allowed = reduce(room.state, { type: 'answer', questionIndex: input.questionIndex }, now, this.ctx(pack));
    if (!allowed.ok) {
      if (allowed.error === 'answer/late') this.watchDeadline(room);
      fail(allowed.error);
    }
    const q = pack.questions[input.questionIndex];
    if (!q) fail('answer/stale-question');
    const verdict = this.grades.grade(q, input.answer, variantSeed(roomId, playerId));
    const record: AnswerRecord = {
      playerId,
      answerId: input.answerId,
      questionIndex: input.questionIndex,
      receivedAt: now,
      responseMs: Math.max(0, now - (room.state.openedAt ?? now)),
      answer: input.answer,
      credit: verdict.credit,
      correct: verdict.correct,
      read: verdict.read,
      notes: verdict.notes,
    };
    const put = await this.deps.store.putAnswer(roomId, record);
    if (put.status === 'closed') fail('answer/late');
    if (put.status === 'duplicate') {
      if (put.existing.answerId === input.answerId) return { questionIndex: input.questionIndex, answerId: input.answerId, receivedAt: put.existing.receivedAt };
      fail('answer/duplicate');
    }
    this.dirty.add(roomId);
    return { questionIndex: input.questionIndex, answerId: input.answerId, receivedAt: now };
  }
}
