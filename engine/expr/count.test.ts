import { describe, expect, it } from 'vitest';
import { NOTE_CODES } from './notes';
import { checkCount } from './count';

describe('checkCount', () => {
  it('compares integers exactly, beyond 2^53', () => {
    expect(checkCount(4n, ' 4 ')).toEqual({ correct: true, score: 1, read: { text: '4', latex: '4' }, notes: [] });
    expect(checkCount(4n, '+4').correct).toBe(true);
    expect(checkCount(4n, '004').correct).toBe(true);
    const big = 2n ** 80n;
    expect(checkCount(big, big.toString()).correct).toBe(true);
    expect(checkCount(big, (big + 1n).toString()).notes[0]?.code).toBe(NOTE_CODES.countOffByOne);
    expect(checkCount(big, Number(big).toExponential()).notes[0]?.code).toBe(NOTE_CODES.parseError);
  });

  it('names off-by-one and other wrong counts', () => {
    expect(checkCount(4n, '3').notes[0]).toMatchObject({ code: NOTE_CODES.countOffByOne, data: { delta: -1 } });
    expect(checkCount(4n, '5').notes[0]).toMatchObject({ code: NOTE_CODES.countOffByOne, data: { delta: 1 } });
    expect(checkCount(4n, '8')).toMatchObject({ correct: false, score: 0, notes: [{ code: NOTE_CODES.countWrong }] });
    expect(checkCount(4n, '-4').notes[0]?.code).toBe(NOTE_CODES.countWrong);
  });

  it('rejects junk without penalty codes', () => {
    for (const text of ['four', '4.0', '4 paths', '2*2', '0x4', '1,024', '4e0']) {
      expect(checkCount(4n, text).notes[0]?.code, text).toBe(NOTE_CODES.parseError);
    }
    expect(checkCount(4n, '').notes[0]?.code).toBe(NOTE_CODES.parseEmpty);
    expect(checkCount(4n, '1'.repeat(500)).notes[0]?.code).toBe(NOTE_CODES.parseTooLong);
  });
});
