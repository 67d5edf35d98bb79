/**
 * The game as a state machine whose phases are data. Every transition of a
 * room goes through {@link reduce}; an action in the wrong phase is rejected
 * here and nowhere else.
 */
import { assertNever } from '../types';
import { nextStep } from './next-step';

/** The phases a room moves through, in order. */
export const PHASES = ['lobby', 'question', 'reveal', 'leaderboard', 'final'] as const;
/** One phase of a room. */
export type Phase = (typeof PHASES)[number];

/** Points multipliers a host can set on a question. */
export const MULTIPLIERS = [0, 1, 2] as const;
/** A points multiplier: ×0 (practice), ×1 or ×2. */
export type Multiplier = (typeof MULTIPLIERS)[number];

/** Longest extension a host can add to a running question, in seconds. */
export const MAX_EXTEND_SECONDS = 300;

/** Room options the host controls. */
export interface RoomSettings {
  /** When false the room is a practice room: answers are graded but score no points. */
  readonly scoring: boolean;
  /** Move from reveal to the next step on its own after a pause. */
  readonly autoAdvance: boolean;
  /** Show the leaderboard between questions (else reveal goes straight to the next question). */
  readonly showLeaderboard: boolean;
  /** No new students may join. */
  readonly locked: boolean;
}

/** The authoritative, small, per-room state (players and answers are kept beside it). */
export interface RoomState {
  readonly phase: Phase;
  /** Index of the current question; -1 in the lobby. */
  readonly questionIndex: number;
  readonly questionCount: number;
  /** Server time (ms) the current question opened, or null. */
  readonly openedAt: number | null;
  /** Server time (ms) the current question closes, or null. */
  readonly deadline: number | null;
  /** Multiplier of the current question (the pack's, unless the host changed it). */
  readonly multiplier: Multiplier;
  readonly settings: RoomSettings;
  /** Server time (ms) the game ended, or null. */
  readonly endedAt: number | null;
  /** Why the current question closed, once it has. */
  readonly closedBy: 'deadline' | 'all-answered' | 'host' | 'skipped' | null;
  /** Server time (ms) the room entered its current phase (absent in rooms stored before it was kept). */
  readonly enteredAt?: number | null;
}

/** Every action the reducer understands. Host actions, timer events and answer admission. */
export type GameAction =
  | { readonly type: 'start' }
  | { readonly type: 'next' }
  | { readonly type: 'skip' }
  | { readonly type: 'close'; readonly reason: 'deadline' | 'all-answered' | 'host' }
  | { readonly type: 'end' }
  | { readonly type: 'extend'; readonly seconds: number }
  | { readonly type: 'lock'; readonly locked: boolean }
  | { readonly type: 'multiplier'; readonly multiplier: Multiplier }
  | { readonly type: 'leaderboard'; readonly show: boolean }
  | { readonly type: 'join' }
  | { readonly type: 'kick' }
  | { readonly type: 'answer'; readonly questionIndex: number };

/** The name of an action. */
export type GameActionType = GameAction['type'];

/** Which actions each phase allows: the single source of truth for phase checks. */
export const PHASE_ALLOWS: { readonly [P in Phase]: readonly GameActionType[] } = {
  lobby: ['start', 'end', 'lock', 'leaderboard', 'join', 'kick'],
  question: ['close', 'skip', 'end', 'extend', 'lock', 'multiplier', 'leaderboard', 'join', 'kick', 'answer'],
  reveal: ['next', 'end', 'lock', 'leaderboard', 'join', 'kick'],
  leaderboard: ['next', 'end', 'lock', 'leaderboard', 'join', 'kick'],
  final: [],
};

/** Errors the reducer can return. `deadline/not-due` answers a deadline timer that fired before a deadline the host moved. */
export type GameError = 'phase/not-allowed' | 'answer/stale-question' | 'answer/late' | 'room/locked' | 'payload/invalid' | 'deadline/not-due';

/** Pause on the reveal and leaderboard screens when the room advances on its own. */
export const AUTO_ADVANCE_MS = 8000;

/** What the pack tells the reducer about a question. */
export interface QuestionTiming {
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  /** True when each student gets a variant of their own (sent to each student as the question opens). */
  readonly hasVariants?: boolean;
}

/** Context the reducer needs besides the state: the pack's timings. */
export interface ReduceContext {
  readonly question: (index: number) => QuestionTiming;
}

/**
 * What a transition entails, for the server to carry out. The reducer declares
 * them; the server runs them in order and never compares states to learn what happened.
 */
export type Effect =
  /** Close the open question at this server time (replaces any timer of the room). */
  | { readonly type: 'closeAt'; readonly deadline: number }
  /** Send `next` at this server time, if the room is still in `phase` at `questionIndex`. */
  | { readonly type: 'advanceAt'; readonly at: number; readonly phase: Phase; readonly questionIndex: number }
  /** Cancel the room's timer: nothing is due in the new phase. */
  | { readonly type: 'cancelTimers' }
  /** Score the question that just closed and store its reveal (before the room is told). */
  | { readonly type: 'scoreQuestion'; readonly questionIndex: number }
  /** Write the finished game's report. */
  | { readonly type: 'writeReport' }
  /** Tell the whole room its new state. */
  | { readonly type: 'broadcast' }
  /** Send each student their own verdict (after the broadcast of a reveal). */
  | { readonly type: 'sendVerdicts'; readonly questionIndex: number }
  /** Send each student their own variant of the question that just opened. */
  | { readonly type: 'sendVariants'; readonly questionIndex: number }
  /** The host's console (roster, controls) needs a fresh snapshot. */
  | { readonly type: 'notifyHost' };

/** The kind of an effect. */
export type EffectType = Effect['type'];

/** Result of {@link reduce}: the new state and what it entails, or a typed error and the state unchanged. */
export type ReduceResult =
  | { readonly ok: true; readonly state: RoomState; readonly effects: readonly Effect[] }
  | { readonly ok: false; readonly error: GameError };

/** The state of a new room in the lobby. */
export function initialRoomState(questionCount: number, settings: RoomSettings): RoomState {
  return {
    phase: 'lobby',
    questionIndex: -1,
    questionCount,
    openedAt: null,
    deadline: null,
    multiplier: 1,
    settings,
    endedAt: null,
    closedBy: null,
    enteredAt: null,
  };
}

/** True when `phase` allows actions of `type`. */
export function phaseAllows(phase: Phase, type: GameActionType): boolean {
  return PHASE_ALLOWS[phase].includes(type);
}

/**
 * What entering each phase entails, declared beside the phases (boardgame.io's `onBegin`).
 * Every transition into a phase (even into the same phase with a new question) runs it.
 */
export const ON_ENTER: { readonly [P in Phase]: (state: RoomState, now: number, ctx: ReduceContext) => readonly Effect[] } = {
  lobby: () => [],
  question: (state, _now, ctx) => [
    { type: 'closeAt', deadline: state.deadline ?? 0 },
    ...(ctx.question(state.questionIndex).hasVariants ? [{ type: 'sendVariants', questionIndex: state.questionIndex } as const] : []),
  ],
  reveal: (state, now) => [
    { type: 'cancelTimers' },
    { type: 'scoreQuestion', questionIndex: state.questionIndex },
    ...autoAdvance(state, now),
  ],
  leaderboard: (state, now) => [{ type: 'cancelTimers' }, ...autoAdvance(state, now)],
  final: () => [{ type: 'cancelTimers' }, { type: 'writeReport' }],
};

/** Effects that follow the room broadcast of entering a phase (each student's own screen comes after the room's). */
const AFTER_BROADCAST: { readonly [P in Phase]: (state: RoomState) => readonly Effect[] } = {
  lobby: () => [],
  question: () => [],
  reveal: (state) => [{ type: 'sendVerdicts', questionIndex: state.questionIndex }],
  leaderboard: () => [],
  final: () => [],
};

function autoAdvance(state: RoomState, now: number): readonly Effect[] {
  return state.settings.autoAdvance ? [{ type: 'advanceAt', at: now + AUTO_ADVANCE_MS, phase: state.phase, questionIndex: state.questionIndex }] : [];
}

/**
 * The timer a room in `state` should have armed, from its stored absolute
 * times: the open question's deadline, or the auto-advance of a reveal or
 * leaderboard. Used to re-arm rooms after a restart or on another process.
 */
export function dueTimer(state: RoomState): Extract<Effect, { type: 'closeAt' | 'advanceAt' }> | null {
  if (state.phase === 'question' && state.deadline !== null) return { type: 'closeAt', deadline: state.deadline };
  if ((state.phase === 'reveal' || state.phase === 'leaderboard') && state.settings.autoAdvance) {
    return { type: 'advanceAt', at: (state.enteredAt ?? 0) + AUTO_ADVANCE_MS, phase: state.phase, questionIndex: state.questionIndex };
  }
  return null;
}

/** What the question phase needs to know to end early: who is online and who of them has answered. */
export interface AnswerProgress {
  readonly online: number;
  /** Students online now who have answered the open question. */
  readonly onlineAnswered: number;
}

/**
 * The question phase's `endIf`: it closes early once every student online has
 * answered (answers of students who left do not count for those still working).
 */
export function questionEndIf(state: RoomState, progress: AnswerProgress): GameAction | null {
  if (state.phase !== 'question') return null;
  return progress.online > 0 && progress.onlineAnswered >= progress.online ? { type: 'close', reason: 'all-answered' } : null;
}

function openQuestion(state: RoomState, index: number, now: number, ctx: ReduceContext): RoomState {
  if (index >= state.questionCount) return { ...state, phase: 'final', endedAt: now, deadline: null };
  const timing = ctx.question(index);
  return {
    ...state,
    phase: 'question',
    questionIndex: index,
    openedAt: now,
    deadline: now + timing.timeLimitMs,
    multiplier: timing.multiplier,
    closedBy: null,
  };
}

/** The state an allowed action leads to (same object when nothing changes), or an error. */
function transition(state: RoomState, action: GameAction, now: number, ctx: ReduceContext): RoomState | GameError {
  switch (action.type) {
    case 'start':
      return openQuestion(state, 0, now, ctx);
    case 'next':
      return nextStep({ ...state, showLeaderboard: state.settings.showLeaderboard }) === 'leaderboard' ? { ...state, phase: 'leaderboard' } : openQuestion(state, state.questionIndex + 1, now, ctx);
    case 'skip':
      return { ...state, phase: 'reveal', multiplier: 0, deadline: now, closedBy: 'skipped' };
    case 'close':
      if (action.reason === 'deadline' && state.deadline !== null && now < state.deadline) return 'deadline/not-due';
      return { ...state, phase: 'reveal', deadline: Math.min(state.deadline ?? now, now), closedBy: action.reason };
    case 'end':
      return { ...state, phase: 'final', endedAt: now, deadline: null };
    case 'extend':
      if (!Number.isFinite(action.seconds) || action.seconds <= 0 || action.seconds > MAX_EXTEND_SECONDS) return 'payload/invalid';
      return { ...state, deadline: (state.deadline ?? now) + action.seconds * 1000 };
    case 'lock':
      return { ...state, settings: { ...state.settings, locked: action.locked } };
    case 'multiplier':
      return { ...state, multiplier: action.multiplier };
    case 'leaderboard':
      return { ...state, settings: { ...state.settings, showLeaderboard: action.show } };
    case 'join':
      return state.settings.locked ? 'room/locked' : state;
    case 'kick':
      return state;
    case 'answer':
      if (action.questionIndex !== state.questionIndex) return 'answer/stale-question';
      if (state.deadline !== null && now > state.deadline) return 'answer/late';
      return state;
    default:
      return assertNever(action);
  }
}

/** Why a phase refuses an action: an answer to a question that has already closed is late; anything else is not allowed. */
function refusal(state: RoomState, action: GameAction): GameError {
  const closed = state.phase === 'reveal' || state.phase === 'leaderboard' || state.phase === 'final';
  if (action.type === 'answer' && closed && action.questionIndex <= state.questionIndex) return 'answer/late';
  return 'phase/not-allowed';
}

/** What a change within one phase entails (entering a phase is {@link ON_ENTER}'s). */
function effectsWithinPhase(before: RoomState, after: RoomState): readonly Effect[] {
  if (after === before) return [];
  const moved = after.deadline !== before.deadline && after.phase === 'question' && after.deadline !== null;
  return [...(moved ? [{ type: 'closeAt', deadline: after.deadline } as const] : []), { type: 'broadcast' }, { type: 'notifyHost' }];
}

/**
 * Applies one action at server time `now`. Pure: the same inputs give the same
 * output. The phase table is checked first and nowhere else; the effects say
 * what the server must do (timers, scoring, the report, who to tell).
 * @example reduce(initialRoomState(3, settings), { type: 'start' }, 1000, ctx)
 */
export function reduce(state: RoomState, action: GameAction, now: number, ctx: ReduceContext): ReduceResult {
  if (!phaseAllows(state.phase, action.type)) return { ok: false, error: refusal(state, action) };
  const moved = transition(state, action, now, ctx);
  if (typeof moved === 'string') return { ok: false, error: moved };
  const entered = moved.phase !== state.phase || moved.questionIndex !== state.questionIndex;
  const next = entered ? { ...moved, enteredAt: now } : moved;
  const effects: readonly Effect[] = entered
    ? [...ON_ENTER[next.phase](next, now, ctx), { type: 'broadcast' }, ...AFTER_BROADCAST[next.phase](next), { type: 'notifyHost' }]
    : effectsWithinPhase(state, next);
  return { ok: true, state: next, effects };
}
