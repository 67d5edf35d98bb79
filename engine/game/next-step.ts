/**
 * The "what does Next do now" rule, on its own so the reducer and the host
 * console's button label read the same one.
 */
import { phaseAllows, type Phase } from './phases';

/** Where the host's Next leads: the leaderboard, the next question or the final results. */
export type NextStep = 'leaderboard' | 'question' | 'final';

/** What {@link nextStep} reads from a room. */
export interface NextStepInput {
  readonly phase: Phase;
  /** Index of the current question (-1 in the lobby). */
  readonly questionIndex: number;
  readonly questionCount: number;
  /** The room's setting: show the leaderboard between questions. */
  readonly showLeaderboard: boolean;
}

/**
 * Where Next leads from this room, or null when the phase has no Next (the
 * phase table, `PHASE_ALLOWS`, decides which phases do). From a reveal it is
 * the leaderboard when the room shows one and this was not the last question;
 * otherwise the next question, or the final results after the last one.
 * @example nextStep({ phase: 'reveal', questionIndex: 0, questionCount: 3, showLeaderboard: true }) // 'leaderboard'
 */
export function nextStep(input: NextStepInput): NextStep | null {
  if (!phaseAllows(input.phase, 'next')) return null;
  const last = input.questionIndex >= input.questionCount - 1;
  if (input.phase === 'reveal' && input.showLeaderboard && !last) return 'leaderboard';
  return last ? 'final' : 'question';
}
