/**
 * Scaling a screen down until it fits the window: the projector's reveal
 * shrinks its type in steps, to a readable minimum, before anything would
 * fall below the fold (after that the page scrolls). The search is pure;
 * `fitScale` is given a function that applies a scale and says whether the
 * screen fits.
 */

/** The smallest scale the projector's reveal may shrink to (of its normal type size). */
export const MIN_FIT_SCALE = 0.7;
/** How much the scale shrinks per step. */
export const FIT_SCALE_STEP = 0.05;

/**
 * The largest scale of 1, 1 − step, 1 − 2·step, … ≥ `min` at which `fits`
 * says yes, or `min` when none does. `fits` applies the scale it is given
 * (it is called with the returned scale last, so that one stays applied).
 * @example fitScale((s) => s <= 0.85) // 0.85
 */
export function fitScale(fits: (scale: number) => boolean, min = MIN_FIT_SCALE, step = FIT_SCALE_STEP): number {
  const steps = Math.floor((1 - min) / step + 1e-9);
  for (let i = 0; i <= steps; i++) {
    const scale = Math.round((1 - i * step) * 1000) / 1000;
    if (fits(scale)) return scale;
  }
  fits(min);
  return min;
}
