import { expect, it } from 'vitest';
import { FIT_SCALE_STEP, MIN_FIT_SCALE, fitScale } from './fit-scale';

it('keeps full size when it fits, else shrinks step by step to the first scale that fits', () => {
  const tried: number[] = [];
  expect(fitScale((s) => (tried.push(s), true))).toBe(1);
  expect(tried).toEqual([1]);
  tried.length = 0;
  expect(fitScale((s) => (tried.push(s), s <= 0.85))).toBe(0.85);
  expect(tried).toEqual([1, 0.95, 0.9, 0.85]);
});

it('stops at the readable minimum and leaves it applied when nothing fits', () => {
  const tried: number[] = [];
  expect(fitScale((s) => (tried.push(s), false))).toBe(MIN_FIT_SCALE);
  expect(tried.at(-1)).toBe(MIN_FIT_SCALE);
  expect(tried.length).toBe(Math.round((1 - MIN_FIT_SCALE) / FIT_SCALE_STEP) + 2);
});
