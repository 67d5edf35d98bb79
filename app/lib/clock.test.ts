import { describe, expect, it } from 'vitest';
import { clockOffset, remainingMs } from './clock';

const serverNow = Date.UTC(2026, 10, 27, 10, 0, 0);
const deadline = serverNow + 30_000;

describe('countdown from the server deadline', () => {
  it.each([
    ['right', 0],
    ['5 minutes fast', 5 * 60_000],
    ['5 minutes slow', -5 * 60_000],
  ])('shows the same time left on a phone whose clock is %s', (_label, skew) => {
    const phoneNow = serverNow + skew;
    const offset = clockOffset(serverNow, phoneNow);
    expect(remainingMs(deadline, offset, phoneNow)).toBe(30_000);
    expect(remainingMs(deadline, offset, phoneNow + 12_000)).toBe(18_000);
    expect(remainingMs(deadline, offset, phoneNow + 45_000)).toBe(0);
  });

  it('has no time left without a deadline', () => {
    expect(remainingMs(null, 0, serverNow)).toBe(0);
  });
});
