import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../lib/storage';
import { MUTE_KEY, readMuted, writeMuted } from './mute';
import { COUNTDOWN_SECONDS, countdownTicks, cueFor } from './schedule';

describe('countdown ticks', () => {
  it('tick as each of the last five seconds begins, the last three urgent', () => {
    expect(countdownTicks(6500)).toEqual([
      { inMs: 1500, secondsLeft: 5, urgent: false },
      { inMs: 2500, secondsLeft: 4, urgent: false },
      { inMs: 3500, secondsLeft: 3, urgent: true },
      { inMs: 4500, secondsLeft: 2, urgent: true },
      { inMs: 5500, secondsLeft: 1, urgent: true },
    ]);
    expect(countdownTicks(30_000)).toHaveLength(COUNTDOWN_SECONDS);
    expect(countdownTicks(30_000)[0]).toEqual({ inMs: 25_000, secondsLeft: 5, urgent: false });
  });

  it('drop the ticks already past and none are left when time is up', () => {
    expect(countdownTicks(2200).map((t) => [t.inMs, t.secondsLeft])).toEqual([
      [200, 2],
      [1200, 1],
    ]);
    expect(countdownTicks(1000)).toEqual([{ inMs: 0, secondsLeft: 1, urgent: true }]);
    expect(countdownTicks(999)).toEqual([]);
    expect(countdownTicks(-5)).toEqual([]);
  });
});

describe('cues', () => {
  it('loop in the lobby, sting at a reveal, silence elsewhere', () => {
    expect(cueFor('lobby', -1)).toEqual({ kind: 'lobby-loop' });
    expect(cueFor('reveal', 3)).toEqual({ kind: 'sting', questionIndex: 3 });
    for (const p of ['question', 'leaderboard', 'final', null]) expect(cueFor(p, 0)).toEqual({ kind: 'silence' });
  });
});

describe('mute', () => {
  it('is off until the host mutes, and remembered', () => {
    const store = new MemoryStorage();
    const storage = () => store;
    expect(readMuted(storage)).toBe(false);
    writeMuted(true, storage);
    expect(store.getItem(MUTE_KEY)).toBe('true');
    expect(readMuted(storage)).toBe(true);
    writeMuted(false, storage);
    expect(readMuted(storage)).toBe(false);
  });

  it('reads anything but a boolean as sound on, and survives a storage that throws', () => {
    const store = new MemoryStorage();
    store.setItem(MUTE_KEY, '"yes"');
    expect(readMuted(() => store)).toBe(false);
    const broken = () => {
      throw new Error('no storage');
    };
    expect(readMuted(broken)).toBe(false);
    expect(() => writeMuted(true, broken)).not.toThrow();
  });
});
