/**
 * The phone's whole game session, outside React: the seat, the latest
 * RoomView (phase, question, deadline), the student's MeView, and the answer
 * queue that survives disconnects and reloads, with its retries, acks and
 * late rules. The screen is a pure function of {@link StudentState}
 * (`student-screen.ts`); nothing here keeps its own copy of the phase.
 * React reads it through `useSyncExternalStore` (`use-student.ts`).
 */
import type { AnswerPayload, ErrorCode, JoinResult, MeView, NetworkTable, PublicQuestion, RoomView } from '@/engine/protocol';
import { clockOffset } from '../lib/clock';
import { memberTokenForCode, rememberGame } from '../lib/member';
import { NO_NETWORKS, resolveMe, resolveRoom } from '../lib/network-table';
import { ERROR_MESSAGES, PROTOCOL_VERSION, errorText } from '../lib/protocol-client';
import { SessionStore, type Scheduler, type Transport } from '../lib/session-kit';
import { newAnswerId } from '../lib/storage';
import { seatStorage, type PendingAnswer, type Seat, type SeatStorage } from './session';

/** Pause before retrying a resume or an answer after a transient failure. */
export const RETRY_MS = 1500;

/** Why the last answer was not taken, for the question it was meant for. */
export interface AnswerNote {
  readonly questionIndex: number;
  readonly text: string;
  /** The answer came too late: the phone says so instead of showing the question again. */
  readonly late: boolean;
}

/** Everything the student screens render from. */
export interface StudentState {
  readonly stage: 'join' | 'resuming' | 'playing';
  /** Shown on the join form: why the student is back there. */
  readonly notice: string | null;
  readonly seat: Seat | null;
  /** The latest room view, its question's network resolved from {@link networks}. */
  readonly room: RoomView | null;
  /** The student's own view, a variant's network resolved likewise. */
  readonly me: MeView | null;
  /** The game's networks by id, from the last join or resume ack (a recovered socket keeps them). */
  readonly networks: NetworkTable;
  /** serverNow − the local clock when the last view arrived. */
  readonly offset: number;
  /** An answer waiting for the server's ack (sent, or queued while offline). */
  readonly pending: PendingAnswer | null;
  /** The last answer the server acknowledged. */
  readonly sent: {
    readonly questionIndex: number;
    readonly answerId: string;
    readonly answer: AnswerPayload;
  } | null;
  readonly answerNote: AnswerNote | null;
  /** The question as this student last saw it (their own variant), kept for the reveal. */
  readonly shown: PublicQuestion | null;
}

/** The state before anything is known: the join form. */
export const INITIAL_STUDENT_STATE: StudentState = {
  stage: 'join',
  notice: null,
  seat: null,
  room: null,
  me: null,
  networks: NO_NETWORKS,
  offset: 0,
  pending: null,
  sent: null,
  answerNote: null,
  shown: null,
};

/** Told when a queued answer's question closed before the phone was back online. */
export const LATE_TEXT = ERROR_MESSAGES['answer/late'];
/** Told when a stored seat's game is gone. */
export const GAME_ENDED_TEXT = 'That game has ended.';
/** Told when the host removes the student. */
export const KICKED_TEXT = ERROR_MESSAGES['player/kicked'];

/** Errors after which a stored seat is useless. */
const SEAT_GONE: ReadonlySet<ErrorCode> = new Set(['auth/forbidden', 'room/not-found', 'player/kicked', 'protocol/mismatch']);
/** Answer errors worth retrying (the server may not have seen the answer). */
const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['internal', 'store/unavailable', 'rate/limited']);

/** The question this student answers now: their own variant when they have one. */
export function currentQuestion(room: RoomView | null, me: MeView | null): PublicQuestion | null {
  if (!room?.question) return null;
  if (me?.question && me.question.index === room.questionIndex) return me.question;
  return room.question;
}

type Action =
  | { type: 'resuming'; seat: Seat }
  | { type: 'joined'; seat: Seat; result: JoinResult; receivedAt: number; pending: PendingAnswer | null }
  | { type: 'room'; room: RoomView; receivedAt: number }
  | { type: 'count'; roomId: string; playerCount: number }
  | { type: 'me'; me: MeView }
  | { type: 'left'; notice: string | null }
  | { type: 'queued'; pending: PendingAnswer }
  | { type: 'acked'; answerId: string }
  | { type: 'answer-failed'; answerId: string; text: string; late: boolean };

function withShown(s: StudentState): StudentState {
  if (s.room?.phase !== 'question') return s;
  const q = currentQuestion(s.room, s.me);
  return q && q !== s.shown ? { ...s, shown: q } : s;
}

/** The session's state transitions, pure. */
function reduceStudent(s: StudentState, a: Action): StudentState {
  switch (a.type) {
    case 'resuming':
      return { ...INITIAL_STUDENT_STATE, stage: 'resuming', seat: a.seat };
    case 'joined': {
      const { networks } = a.result;
      return withShown({
        ...s,
        stage: 'playing',
        notice: null,
        seat: a.seat,
        room: resolveRoom(a.result.room, networks),
        me: resolveMe(a.result.me, networks),
        networks,
        offset: clockOffset(a.result.room.serverNow, a.receivedAt),
        pending: a.pending,
      });
    }
    case 'room': {
      if (s.stage !== 'playing') return s;
      // Views can cross on reconnect (a resume ack and a broadcast): keep the newer one.
      if (s.room && a.room.roomId === s.room.roomId && a.room.serverNow < s.room.serverNow) return s;
      return withShown({ ...s, room: resolveRoom(a.room, s.networks), offset: clockOffset(a.room.serverNow, a.receivedAt) });
    }
    case 'count':
      // The lobby's live head count; a count for another room (a stale socket) is ignored.
      return s.stage === 'playing' && s.room?.roomId === a.roomId ? { ...s, room: { ...s.room, playerCount: a.playerCount } } : s;
    case 'me':
      return s.stage === 'playing' ? withShown({ ...s, me: resolveMe(a.me, s.networks) }) : s;
    case 'left':
      return { ...INITIAL_STUDENT_STATE, notice: a.notice };
    case 'queued':
      return { ...s, pending: a.pending, answerNote: null };
    case 'acked': {
      const p = s.pending;
      if (!p || p.answerId !== a.answerId) return s;
      return { ...s, pending: null, sent: { questionIndex: p.questionIndex, answerId: p.answerId, answer: p.answer } };
    }
    case 'answer-failed': {
      const p = s.pending;
      if (!p || p.answerId !== a.answerId) return s;
      return { ...s, pending: null, answerNote: { questionIndex: p.questionIndex, text: a.text, late: a.late } };
    }
  }
}

/** The class side of joining: the phone's member token for a code's class, and the record of joined games. */
export interface ClassMembership {
  memberTokenForCode(code: string): Promise<string | undefined>;
  rememberGame(joined: JoinResult, nickname: string): void;
}

/** What a {@link StudentSession} runs on. */
export interface StudentSessionOptions {
  readonly transport: Transport;
  readonly scheduler: Scheduler;
  /** Where the seat and the pending answer are kept (the page's localStorage by default). */
  readonly seats?: SeatStorage;
  /** Class membership (localStorage and GET /api/join/<code> by default). */
  readonly classes?: ClassMembership;
  /** Makes the id of a new answer (random by default). */
  readonly newAnswerId?: () => string;
}

const browserClasses: ClassMembership = {
  memberTokenForCode,
  rememberGame: (joined, nickname) => rememberGame(joined, nickname),
};

/**
 * One student's session. {@link start} listens to the transport and resumes
 * a stored seat; {@link join}, {@link submit} and {@link leave} are what a
 * student can do. Rules:
 * - an answer is saved before it is sent, so a reload or a dropped
 *   connection keeps it; one answer per question (a second tap is ignored);
 * - an ack, or `answer/duplicate` (the server has one), settles it; a
 *   transient error (`internal`, `store/unavailable`, `rate/limited`) retries
 *   after {@link RETRY_MS} while it is still the pending answer;
 *   `auth/forbidden` waits for the next resume, which re-sends it; any other
 *   error drops it with its message, and `answer/late` shows "Too late";
 * - after a resume a queued answer is sent if its question is still open
 *   and not already answered, settled if the server has it, else dropped as late;
 * - a resume refused for good (seat gone) returns to the join form; any
 *   other failure retries after {@link RETRY_MS}; each reconnect resumes;
 * - the game's network table comes with each join or resume ack and is kept
 *   until the next one: every later `room:state` and `player:me` names its
 *   network by id, and the state holds views with the network put back.
 */
export class StudentSession extends SessionStore<StudentState> {
  private readonly transport: Transport;
  private readonly seats: SeatStorage;
  private readonly classes: ClassMembership;
  private readonly makeAnswerId: () => string;
  private resuming = false;
  private inflight: string | null = null;
  private subscriptions: (() => void)[] = [];

  constructor(options: StudentSessionOptions) {
    super(INITIAL_STUDENT_STATE, options.scheduler);
    this.transport = options.transport;
    this.seats = options.seats ?? seatStorage();
    this.classes = options.classes ?? browserClasses;
    this.makeAnswerId = options.newAnswerId ?? newAnswerId;
  }

  private dispatch(action: Action): void {
    this.update(reduceStudent(this.state, action));
  }

  /**
   * Listens to the server and resumes the stored seat, unless the page was
   * opened for another game's code (`initialCode`). Calling it again restarts.
   */
  start(initialCode: string | null): void {
    this.stop();
    const t = this.transport;
    this.subscriptions = [
      t.on('connect', () => void this.resume()),
      t.on('room:state', (room) => this.dispatch({ type: 'room', room, receivedAt: this.scheduler.now() })),
      t.on('room:count', (count) => this.dispatch({ type: 'count', roomId: count.roomId, playerCount: count.playerCount })),
      t.on('player:me', (me) => this.dispatch({ type: 'me', me })),
      t.on('player:kicked', () => {
        this.seats.clearSeat();
        this.dispatch({ type: 'left', notice: KICKED_TEXT });
      }),
    ];
    const seat = this.seats.loadSeat();
    if (seat && (initialCode === null || initialCode === seat.code)) {
      this.dispatch({ type: 'resuming', seat });
      void this.resume();
    }
  }

  /** Stops listening and cancels pending retries (requests already sent still settle). */
  stop(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.clearTimers();
  }

  /** Joins a game; resolves with the message to show, or null once seated. */
  async join(code: string, nickname: string): Promise<string | null> {
    // In a class game, the phone's member token keeps this student's history across games.
    const memberToken = await this.classes.memberTokenForCode(code);
    const ack = await this.transport.request('player:join', {
      protocol: PROTOCOL_VERSION,
      code,
      nickname,
      ...(memberToken ? { memberToken } : {}),
    });
    if (!ack.ok) return errorText(ack.error, ack.message);
    const seat: Seat = { roomId: ack.data.roomId, playerToken: ack.data.playerToken, code, nickname: ack.data.me.nickname };
    this.seats.clearPending();
    this.seats.saveSeat(seat);
    this.classes.rememberGame(ack.data, seat.nickname);
    this.dispatch({ type: 'joined', seat, result: ack.data, receivedAt: this.scheduler.now(), pending: null });
    return null;
  }

  /** Answers the open question: saved first, then sent (or sent when back online). */
  submit(answer: AnswerPayload): void {
    const { room, seat, pending } = this.state;
    if (!room || !seat || room.phase !== 'question') return;
    if (pending?.questionIndex === room.questionIndex) return;
    const p: PendingAnswer = { roomId: seat.roomId, questionIndex: room.questionIndex, answerId: this.makeAnswerId(), answer };
    this.seats.savePending(p);
    this.dispatch({ type: 'queued', pending: p });
    void this.send(p);
  }

  /** Forgets the seat and returns to the join form. */
  leave(): void {
    this.seats.clearSeat();
    this.dispatch({ type: 'left', notice: null });
  }

  private async send(p: PendingAnswer): Promise<void> {
    if (!this.transport.connected || this.inflight === p.answerId) return;
    this.inflight = p.answerId;
    const ack = await this.transport.request('answer:submit', {
      questionIndex: p.questionIndex,
      answerId: p.answerId,
      answer: p.answer,
    });
    this.inflight = null;
    if (ack.ok || ack.error === 'answer/duplicate') {
      this.seats.clearPending();
      this.dispatch({ type: 'acked', answerId: p.answerId });
    } else if (TRANSIENT.has(ack.error)) {
      this.later(() => {
        if (this.state.pending?.answerId === p.answerId) void this.send(p);
      }, RETRY_MS);
    } else if (ack.error !== 'auth/forbidden') {
      // auth/forbidden: the socket lost its seat; the next resume re-sends.
      this.seats.clearPending();
      this.dispatch({
        type: 'answer-failed',
        answerId: p.answerId,
        text: errorText(ack.error, ack.message),
        late: ack.error === 'answer/late',
      });
    }
  }

  /** After (re)joining: send a queued answer if its question is still open, else drop it. */
  private flush(result: JoinResult, p: PendingAnswer | null): void {
    if (!p) return;
    const { room, me } = result;
    if (room.phase === 'question' && room.questionIndex === p.questionIndex) {
      if (me.answeredQuestion === p.questionIndex) {
        this.seats.clearPending();
        this.dispatch({ type: 'acked', answerId: p.answerId });
      } else void this.send(p);
    } else {
      this.seats.clearPending();
      this.dispatch({ type: 'answer-failed', answerId: p.answerId, text: LATE_TEXT, late: true });
    }
  }

  private async resume(): Promise<void> {
    const seat = this.state.seat;
    if (!seat || this.resuming || !this.transport.connected) return;
    this.resuming = true;
    const ack = await this.transport.request('player:resume', {
      protocol: PROTOCOL_VERSION,
      roomId: seat.roomId,
      playerToken: seat.playerToken,
    });
    this.resuming = false;
    if (this.state.seat?.playerToken !== seat.playerToken) return;
    if (ack.ok) {
      const pending = this.state.pending ?? this.seats.loadPending(seat.roomId);
      this.dispatch({ type: 'joined', seat, result: ack.data, receivedAt: this.scheduler.now(), pending });
      this.flush(ack.data, pending);
    } else if (SEAT_GONE.has(ack.error)) {
      this.seats.clearSeat();
      const notice =
        ack.error === 'room/not-found' || ack.error === 'auth/forbidden' ? GAME_ENDED_TEXT : errorText(ack.error, ack.message);
      this.dispatch({ type: 'left', notice });
    } else {
      this.later(() => void this.resume(), RETRY_MS);
    }
  }
}
