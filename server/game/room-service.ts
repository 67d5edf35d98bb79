import { randomInt } from 'node:crypto';
import { dueTimer, initialRoomState, questionEndIf, reduce, type Effect, type GameAction, type RoomSettings } from '@/engine/game/phases';
import { JOIN_CODE_DIGITS, type AttachResult, type CreateResult, type HostView } from '@/engine/protocol';
import { gameNetworks } from '@/engine/quiz/network-table';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { assertNever } from '@/engine/types';
import type { ClassRegistry } from '../classes';
import type { InstructorAuth } from '../instructor';
import type { Logger } from '../logger';
import type { PlayerRecord, RoomRecord, Store } from '../store/types';
import { writeGameReport } from '../reports/persist';
import { hashSecret, matchesHash, newId, newSecret } from '../tokens';
import { AnswerDesk } from './answers';
import { fail, GameError } from './errors';
import { GradeCache } from './grade-cache';
import { HostFeed, type RoomNews } from './host-feed';
import { KeyedMutex } from './keyed-mutex';
import { livePollVotes } from './poll-votes';
import type { Outbox, PackSource } from './ports';
import { scoreAndReveal } from './reveal-step';
import { RoomAccess } from './room-access';
import { RoomClock, type RoomTimer, type Scheduler } from './room-clock';
import { Seats } from './seats';
import { hostView, roomView, sendMeInChunks } from './views';

/** Attempts at a compare-and-set before giving up (another process keeps winning). */
const CAS_ATTEMPTS = 8;
/** Attempts at finding an unused join code. */
const CODE_ATTEMPTS = 20;
/** After a start, how long a question that was already open waits before the "everyone answered" early close (phones are reconnecting). */
export const RECOVERY_GRACE_MS = 5000;
/** Pause before a timer whose action failed (e.g. the store was down) tries again. */
const TIMER_RETRY_MS = 1000;

/** What the service needs from its surroundings. */
export interface RoomServiceDeps {
  readonly store: Store;
  /** The server's clock and timers; tests step a manual one. */
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly packs: PackSource;
  readonly outbox: Outbox;
  /** Base URL students join at (e.g. http://192.168.1.5:3000). */
  readonly publicUrl: () => string;
  readonly classes: ClassRegistry;
  readonly instructor: InstructorAuth;
}

const withoutVersion = (room: RoomRecord): Omit<RoomRecord, 'version'> => {
  const { version: _version, ...rest } = room;
  return rest;
};

/**
 * The authority over every room. Host actions and timer events go through the
 * engine's reducer, whose effects this service runs; joins and answers are
 * checked in the order their methods number. Actions of one room run one at a
 * time in this process and are compare-and-set across processes.
 */
export class RoomService {
  /** Joins, resumes and presence. */
  readonly seats: Seats;
  /** Grading and storing answers. */
  readonly answers: AnswerDesk;
  private readonly mutex = new KeyedMutex();
  private readonly access: RoomAccess;
  private readonly clock: RoomClock;
  private readonly feed: HostFeed;
  /** When this process's authority started (questions opened before it were carried over a restart). */
  private readonly startedAt: number;

  constructor(private readonly deps: RoomServiceDeps) {
    this.clock = new RoomClock(deps.scheduler);
    this.startedAt = this.clock.now();
    this.access = new RoomAccess(deps.store, deps.packs);
    this.feed = new HostFeed(
      (roomId, news) => this.flushRoom(roomId, news),
      (roomId, err) => deps.logger.warn('host feed failed', { roomId, error: err instanceof Error ? err.message : String(err) }),
    );
    this.feed.start(this.clock);
    const now = () => this.clock.now();
    const rearm = (room: RoomRecord) => this.rearm(room);
    const serial = <T>(roomId: string, fn: () => Promise<T>) => this.mutex.run(roomId, fn);
    this.seats = new Seats({ store: deps.store, access: this.access, classes: deps.classes, feed: this.feed, now, rearm, outbox: deps.outbox, serial });
    this.answers = new AnswerDesk({ store: deps.store, access: this.access, grades: new GradeCache(), feed: this.feed, now, rearm });
  }

  /** Stops timers (the store is closed by its owner). */
  close(): void {
    this.clock.close();
  }

  private room(roomId: string): Promise<RoomRecord> {
    return this.access.room(roomId);
  }

  /** Checks a host token against the room. */
  async verifyHost(roomId: string, hostToken: string): Promise<RoomRecord> {
    const room = await this.room(roomId);
    if (!matchesHash(hostToken, room.hostTokenHash)) fail('auth/forbidden');
    return room;
  }

  /** The host's console view (what `host:state` sends: networks by id only). */
  async hostView(roomId: string): Promise<HostView> {
    return (await this.hostViewAndPack(roomId)).view;
  }

  /** The `host:attach` ack: the console view and the game's network table, once per attach. */
  async attachView(roomId: string): Promise<AttachResult> {
    const { view, pack } = await this.hostViewAndPack(roomId);
    return { ...view, networks: gameNetworks(pack).table };
  }

  private async hostViewAndPack(roomId: string): Promise<{ view: HostView; pack: RuntimePack }> {
    const room = await this.room(roomId);
    const pack = await this.access.packOf(room);
    const { store } = this.deps;
    const inQuestion = room.state.phase === 'question';
    const [players, online, answered, votes] = await Promise.all([
      store.listPlayers(roomId),
      store.onlinePlayers(roomId),
      inQuestion ? store.countAnswers(roomId, room.state.questionIndex) : Promise.resolve(null),
      inQuestion ? livePollVotes(store, roomId, pack, room.state.questionIndex) : Promise.resolve(undefined),
    ]);
    const view = hostView(room, pack, { players, online, answered, votes, joinUrl: `${this.deps.publicUrl()}/join/${room.code}`, now: this.clock.now() });
    return { view, pack };
  }

  /** The host's snapshot is to be sent again on the feed's next beat (a host socket recovered its connection). */
  markHostStale(roomId: string): void {
    this.feed.markRoster(roomId);
  }

  /** How many students are online in a room. */
  onlineCount(roomId: string): Promise<number> {
    return this.deps.store.onlineCount(roomId);
  }

  // ---------- host actions and timers ----------

  async createRoom(input: { packId: string; settings?: Partial<RoomSettings>; classId?: string; instructorKey?: string }): Promise<CreateResult> {
    if (input.classId) {
      // A class game counts on the class leaderboard: only the instructor may start one.
      if (!this.deps.instructor.verify(input.instructorKey)) fail('auth/forbidden', 'Running a game in a class needs the instructor key.');
      if (!(await this.deps.classes.get(input.classId))) fail('class/not-found');
    }
    // The game plays this version of the pack, whatever happens to the pack later.
    const snapshot = await this.deps.packs.snapshot(input.packId);
    if (!snapshot) fail('pack/not-found');
    const { pack } = snapshot;
    const settings: RoomSettings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false, ...input.settings };
    const hostToken = newSecret();
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = String(randomInt(0, 10 ** JOIN_CODE_DIGITS)).padStart(JOIN_CODE_DIGITS, '0');
      const room: RoomRecord = {
        id: newId(),
        code,
        hostTokenHash: hashSecret(hostToken),
        packId: pack.id,
        packRef: snapshot.ref,
        title: pack.title,
        classId: input.classId ?? null,
        createdAt: this.clock.now(),
        state: initialRoomState(pack.questions.length, settings),
        reveal: null,
        leaders: [],
        version: 0,
      };
      if (await this.deps.store.createRoom(room)) {
        this.deps.logger.info('room created', { roomId: room.id, packId: pack.id });
        return { roomId: room.id, code, hostToken, host: await this.hostView(room.id), networks: gameNetworks(pack).table };
      }
    }
    return fail('internal', 'Could not find a free join code.');
  }

  /** Applies a host action or timer event to a room, then runs what the reducer says it entails. */
  async act(roomId: string, action: GameAction): Promise<void> {
    await this.mutex.run(roomId, () => this.apply(roomId, action));
  }

  /**
   * 1. Identity is the caller's: app.ts passes only actions of the socket attached as this room's host, and timers their own.
   * 2. Room: it exists. 3. Phase and 4. the action's own rule: the reducer. Then compare-and-set, then the effects.
   */
  private async apply(roomId: string, action: GameAction): Promise<void> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const room = await this.room(roomId);
      const pack = await this.access.packOf(room);
      // A crash between closing a question and storing its reveal must not skip its scoring.
      if (action.type === 'next' && room.state.phase === 'reveal') await this.scoreQuestion(room, pack);
      const result = reduce(room.state, action, this.clock.now(), this.access.ctx(pack));
      if (!result.ok) {
        // A deadline timer that fired before a deadline the host moved: wait for the new one.
        if (result.error === 'deadline/not-due') return this.runEffects(room, pack, [dueTimer(room.state)].filter((e) => e !== null));
        fail(result.error);
      }
      const next = await this.deps.store.casRoom(roomId, room.version, { ...withoutVersion(room), state: result.state });
      if (next) return this.runEffects(next, pack, result.effects);
    }
    fail('internal', 'The room is busy; try again.');
  }

  /** Carries out a transition's effects in the order the reducer lists them. */
  private async runEffects(room: RoomRecord, pack: RuntimePack, effects: readonly Effect[]): Promise<void> {
    let verdicts: readonly PlayerRecord[] = [];
    for (const effect of effects) {
      switch (effect.type) {
        case 'closeAt':
          this.clock.at(room.id, { kind: 'deadline', at: effect.deadline }, () => this.onTimer(room.id, { type: 'close', reason: 'deadline' }));
          break;
        case 'advanceAt':
          this.clock.at(room.id, { kind: 'advance', at: effect.at }, () => this.onTimer(room.id, { type: 'next' }, effect));
          break;
        case 'cancelTimers':
          this.clock.cancel(room.id);
          break;
        case 'scoreQuestion':
          ({ room, verdicts } = await this.scoreQuestion(room, pack));
          break;
        case 'writeReport':
          await this.saveReport(room, pack);
          break;
        case 'broadcast':
          await this.deps.outbox.roomState(room.id, roomView(room, pack, await this.deps.store.onlineCount(room.id), this.clock.now()));
          break;
        case 'sendVerdicts':
          await sendMeInChunks(this.deps.outbox, room, pack, verdicts);
          break;
        case 'sendVariants':
          await this.sendEveryoneMe(room, pack);
          break;
        case 'notifyHost':
          this.feed.markRoster(room.id);
          break;
        default:
          assertNever(effect);
      }
    }
  }

  /** A room timer fired: apply its action; if the room moved on meanwhile, follow the stored state. */
  private onTimer(roomId: string, action: GameAction, expect?: { phase: string; questionIndex: number }): void {
    void (async () => {
      if (expect) {
        const room = await this.deps.store.getRoom(roomId);
        if (room?.state.phase !== expect.phase || room.state.questionIndex !== expect.questionIndex) return;
      }
      await this.act(roomId, action);
    })().catch(async (err: unknown) => {
      // Another process (or the host) got there first: nothing is due.
      if (err instanceof GameError && err.code === 'phase/not-allowed') return;
      this.deps.logger.warn('room timer failed', { roomId, action: action.type, error: err instanceof Error ? err.message : String(err) });
      const room = await this.deps.store.getRoom(roomId).catch(() => null);
      if (room) this.clock.at(roomId, { kind: 'deadline', at: this.clock.now() + TIMER_RETRY_MS }, () => this.onTimer(roomId, action, expect));
    });
  }

  /**
   * Arms the timer a stored room is due (its deadline, or its auto-advance),
   * unless this process already has one for it: after a restart, or for a
   * room whose host is served by another process.
   */
  rearm(room: RoomRecord): void {
    if (this.clock.pending(room.id)) return;
    const due = dueTimer(room.state);
    if (!due) return;
    void this.access.packOf(room)
      .then((pack) => this.runEffects(room, pack, [due]))
      .catch((err: unknown) => this.deps.logger.warn('rearm failed', { roomId: room.id, error: String(err) }));
  }

  /** The timer this process has armed for a room, if any (for tests and diagnostics). */
  timerOf(roomId: string): RoomTimer | null {
    return this.clock.pending(roomId);
  }

  private async sendEveryoneMe(room: RoomRecord, pack: RuntimePack): Promise<void> {
    const players = await this.deps.store.listPlayers(room.id);
    await sendMeInChunks(this.deps.outbox, room, pack, players.filter((p) => !p.kicked));
  }

  /** Scores the closed question once and stores its reveal (safe to call again after a crash between the two). */
  private scoreQuestion(room: RoomRecord, pack: RuntimePack): Promise<{ room: RoomRecord; verdicts: readonly PlayerRecord[] }> {
    return scoreAndReveal({ store: this.deps.store, now: () => this.clock.now(), casAttempts: CAS_ATTEMPTS }, room, pack);
  }

  /** Writes the finished game's report (server/reports). A failure is logged: the podium still reaches everyone. */
  private async saveReport(room: RoomRecord, pack: RuntimePack): Promise<void> {
    try {
      await writeGameReport(this.deps.store, room, pack, room.state.endedAt ?? this.clock.now());
    } catch (err) {
      this.deps.logger.error('report not saved', { roomId: room.id, error: err instanceof Error ? err : String(err) });
    }
  }

  /** One beat of the host feed for one room: roster snapshot, live counts, and the question's early close. */
  private async flushRoom(roomId: string, news: RoomNews): Promise<void> {
    const { store, outbox } = this.deps;
    if (news.roster) outbox.hostState(roomId, await this.hostView(roomId));
    const room = await store.getRoom(roomId);
    if (!room) return;
    if (room.state.phase === 'final') this.feed.forget(roomId);
    const online = await store.onlinePlayers(roomId);
    // The lobby's count reaches every phone (coalesced by the feed, at most once per COUNT_INTERVAL_MS).
    if (news.count && room.state.phase === 'lobby') await outbox.roomCount(roomId, online.size);
    if (room.state.phase !== 'question') return;
    const idx = room.state.questionIndex;
    const answered = await store.answeredPlayers(roomId, idx);
    // A poll's live distribution rides along (host only).
    const votes = await livePollVotes(store, roomId, await this.access.packOf(room), idx);
    outbox.hostProgress(roomId, { questionIndex: idx, answered: answered.size, players: online.size, ...(votes ? { votes } : {}) });
    let onlineAnswered = 0;
    for (const id of online) if (answered.has(id)) onlineAnswered++;
    // A question that was open before this process started waits RECOVERY_GRACE_MS before closing early:
    // the students who have not answered yet may still be reconnecting after the restart.
    const carriedOver = (room.state.openedAt ?? 0) < this.startedAt && this.clock.now() - this.startedAt < RECOVERY_GRACE_MS;
    if (carriedOver) this.feed.markProgress(roomId); // look again on the next beat
    const close = carriedOver ? null : questionEndIf(room.state, { online: online.size, onlineAnswered });
    if (close) await this.act(roomId, close).catch(() => undefined);
  }
}
