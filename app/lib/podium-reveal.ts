/**
 * The podium moment on the projector: third place first, then second, then
 * the winner, each after a pause; all at once for viewers who prefer reduced
 * motion. Pure: the schedule is computed here and played by components/podium.tsx.
 */

/** Pause before each next place appears on the podium, in ms. */
export const PODIUM_STEP_MS = 1_500;

/** One step of the podium reveal: the ranks shown from `atMs` after the podium appears. */
export interface PodiumStep {
  readonly atMs: number;
  /** Podium places (1–3) shown once this step has played, in the order they appeared. */
  readonly shown: readonly number[];
}

/**
 * The steps of revealing `places` podium places (1–3; fewer when fewer
 * players scored): lowest place first. With reduced motion, one step at 0 ms
 * shows them all.
 * @example podiumSchedule(3, false).map((s) => s.atMs) // [0, 1500, 3000]
 */
export function podiumSchedule(places: number, reducedMotion: boolean, stepMs = PODIUM_STEP_MS): PodiumStep[] {
  const order = Array.from({ length: Math.max(0, Math.min(3, places)) }, (_, i) => Math.min(3, places) - i);
  if (order.length === 0) return [];
  if (reducedMotion) return [{ atMs: 0, shown: order }];
  return order.map((_, i) => ({ atMs: i * stepMs, shown: order.slice(0, i + 1) }));
}
