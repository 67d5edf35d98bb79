import { expect, it } from 'vitest';
import { PODIUM_STEP_MS, podiumSchedule } from './podium-reveal';

it('reveals third, then second, then first, one pause apart', () => {
  expect(podiumSchedule(3, false)).toEqual([
    { atMs: 0, shown: [3] },
    { atMs: PODIUM_STEP_MS, shown: [3, 2] },
    { atMs: 2 * PODIUM_STEP_MS, shown: [3, 2, 1] },
  ]);
  expect(podiumSchedule(2, false, 100)).toEqual([
    { atMs: 0, shown: [2] },
    { atMs: 100, shown: [2, 1] },
  ]);
});

it('shows every place at once with reduced motion, and nothing without players', () => {
  expect(podiumSchedule(3, true)).toEqual([{ atMs: 0, shown: [3, 2, 1] }]);
  expect(podiumSchedule(0, false)).toEqual([]);
  expect(podiumSchedule(7, true)).toEqual([{ atMs: 0, shown: [3, 2, 1] }]);
});
