/**
 * The game as a state machine whose phases are data. Every transition of a
 * room goes through {@link reduce}; an action in the wrong phase is rejected
 * here and nowhere else.
 */
import { assertNever } from '../types';

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

/** Errors the reducer can return. */
export type GameError = 'phase/not-allowed' | 'answer/stale-question' | 'answer/late' | 'room/locked' | 'payload/invalid';

/** What the pack tells the reducer about a question. */
export interface QuestionTiming {
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
}

/** Context the reducer needs besides the state: the pack's timings. */
export interface ReduceContext {
  readonly question: (index: number) => QuestionTiming;
}

/** Result of {@link reduce}: the new state, or a typed error and the state unchanged. */
export type ReduceResult = { readonly ok: true; readonly state: RoomState } | { readonly ok: false; readonly error: GameError };

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
  };
}

/** True when `phase` allows actions of `type`. */
export function phaseAllows(phase: Phase, type: GameActionType): boolean {
  return PHASE_ALLOWS[phase].includes(type);
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

/**
 * Applies one action at server time `now`. Pure: the same inputs give the same output.
 * @example reduce(initialRoomState(3, settings), { type: 'start' }, 1000, ctx)
 */
export function reduce(state: RoomState, action: GameAction, now: number, ctx: ReduceContext): ReduceResult {
  if (!phaseAllows(state.phase, action.type)) return { ok: false, error: 'phase/not-allowed' };
  switch (action.type) {
    case 'start':
      return { ok: true, state: openQuestion(state, 0, now, ctx) };
    case 'next': {
      const last = state.questionIndex >= state.questionCount - 1;
      if (state.phase === 'reveal' && state.settings.showLeaderboard && !last) {
        return { ok: true, state: { ...state, phase: 'leaderboard' } };
      }
      return { ok: true, state: openQuestion(state, state.questionIndex + 1, now, ctx) };
    }
    case 'skip':
      return { ok: true, state: { ...state, phase: 'reveal', multiplier: 0, deadline: now, closedBy: 'skipped' } };
    case 'close':
      if (action.reason === 'deadline' && state.deadline !== null && now < state.deadline) {
        return { ok: false, error: 'phase/not-allowed' };
      }
      return { ok: true, state: { ...state, phase: 'reveal', deadline: Math.min(state.deadline ?? now, now), closedBy: action.reason } };
    case 'end':
      return { ok: true, state: { ...state, phase: 'final', endedAt: now, deadline: null } };
    case 'extend':
      if (!Number.isFinite(action.seconds) || action.seconds <= 0 || action.seconds > MAX_EXTEND_SECONDS) {
        return { ok: false, error: 'payload/invalid' };
      }
      return { ok: true, state: { ...state, deadline: (state.deadline ?? now) + action.seconds * 1000 } };
    case 'lock':
      return { ok: true, state: { ...state, settings: { ...state.settings, locked: action.locked } } };
    case 'multiplier':
      return { ok: true, state: { ...state, multiplier: action.multiplier } };
    case 'leaderboard':
      return { ok: true, state: { ...state, settings: { ...state.settings, showLeaderboard: action.show } } };
    case 'join':
      return state.settings.locked ? { ok: false, error: 'room/locked' } : { ok: true, state };
    case 'kick':
      return { ok: true, state };
    case 'answer':
      if (action.questionIndex !== state.questionIndex) return { ok: false, error: 'answer/stale-question' };
      if (state.deadline !== null && now > state.deadline) return { ok: false, error: 'answer/late' };
      return { ok: true, state };
    default:
      return assertNever(action);
  }
}
