/**
 * When the projector's sounds play, as pure functions of the room (unit
 * tested): the countdown ticks in a question's last seconds, and which cue
 * a phase change calls for. The Web Audio player (player.ts) only plays them.
 */

/** The countdown ticks in this many last seconds of a question. */
export const COUNTDOWN_SECONDS = 5;
/** The last ticks (this many) are higher, to build up to the end. */
export const URGENT_TICKS = 3;

/** One countdown tick: when it plays, from now, and how many whole seconds are then left. */
export interface Tick {
  readonly inMs: number;
  readonly secondsLeft: number;
  /** One of the last {@link URGENT_TICKS} ticks (played higher). */
  readonly urgent: boolean;
}

/**
 * The ticks still to come when `remainingMs` are left on the clock: one as
 * each of the last `seconds` whole seconds begins (5, 4, 3, 2, 1 s left).
 * Ticks already past are dropped, so a late start or a moved deadline
 * (host +15 s) just reschedules.
 * @example countdownTicks(6500).map((t) => t.inMs) // [1500, 2500, 3500, 4500, 5500]
 */
export function countdownTicks(remainingMs: number, seconds = COUNTDOWN_SECONDS): Tick[] {
  const ticks: Tick[] = [];
  for (let s = seconds; s >= 1; s--) {
    const inMs = remainingMs - s * 1000;
    if (inMs >= 0) ticks.push({ inMs, secondsLeft: s, urgent: s <= URGENT_TICKS });
  }
  return ticks;
}

/** What the projector plays: the lobby's loop while students join, the reveal's sting once per question. */
export type Cue = { readonly kind: 'lobby-loop' } | { readonly kind: 'sting'; readonly questionIndex: number } | { readonly kind: 'silence' };

/**
 * The cue for a phase: the loop in the lobby, a sting on entering a
 * question's reveal, silence otherwise (the countdown is scheduled apart).
 * @example cueFor('reveal', 2) // { kind: 'sting', questionIndex: 2 }
 */
export function cueFor(phase: string | null, questionIndex: number): Cue {
  if (phase === 'lobby') return { kind: 'lobby-loop' };
  if (phase === 'reveal') return { kind: 'sting', questionIndex };
  return { kind: 'silence' };
}
