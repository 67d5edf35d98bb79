import { describe, expect, it } from 'vitest';
import { NOTE_CODES } from './notes';
import { checkFormula, parseFormula, previewFormula, validateFormula } from './formula';

describe('checkFormula', () => {
  it('accepts k in any equivalent form', () => {
    for (const text of ['k', '1*k', '(k+1)-1', ' k ', '2k/2', 'k^1', '(k^2 - k)/(k - 1)', '0.5*k*2', '-(-k)', 'k + 0*L']) {
      expect(checkFormula('k', ['k', 'L'], text), text).toMatchObject({ correct: true, score: 1, notes: [] });
    }
  });

  it('recognises off-by-one and the other layer numbering', () => {
    expect(checkFormula('k', ['k'], 'k-1').notes[0]?.code).toBe(NOTE_CODES.formulaOffByOne);
    expect(checkFormula('k', ['k'], 'k+1').notes[0]?.code).toBe(NOTE_CODES.formulaOffByOne);
    expect(checkFormula('k+1', ['k'], 'k+2').notes[0]?.code).toBe(NOTE_CODES.formulaOffByOne);
    expect(checkFormula('2^k', ['k'], '2^(k-1)').notes[0]).toMatchObject({ code: NOTE_CODES.formulaOffByOne, data: { param: 'k', delta: -1 } });
    expect(checkFormula('k', ['k', 'L'], 'L-k+1').notes[0]).toMatchObject({ code: NOTE_CODES.formulaWrongNumbering, data: { offByOne: false } });
    expect(checkFormula('k', ['k', 'L'], 'L-k').notes[0]).toMatchObject({ code: NOTE_CODES.formulaWrongNumbering, data: { offByOne: true } });
    expect(checkFormula('k', ['k', 'n'], 'n-k+1', { numbering: { index: 'k', count: 'n' } }).notes[0]?.code).toBe(NOTE_CODES.formulaWrongNumbering);
    expect(checkFormula('k', ['k'], '2k').notes[0]?.code).toBe(NOTE_CODES.formulaWrong);
    expect(checkFormula('k', ['k'], 'k^2').notes[0]?.code).toBe(NOTE_CODES.formulaWrong);
  });

  it('rejects everything but numbers, parameters, + - * / ^ and brackets', () => {
    for (const text of ['sin(k)', 'k = 3', 'import(k)', 'import("fs")', 'k(2)', '[k]', 'k!', 'k mod 2', 'k % 2', 'x', 'pi*k', 'k ? 1 : 2', 'k < 3', 'f(x) = x', 'k; k', '"k"', 'k.a', '1:3', '{a: k}', 'true', 'k to cm', 'k == k', 'evaluate("1")']) {
      const r = checkFormula('k', ['k'], text);
      expect(r.correct, text).toBe(false);
      expect(r.read, text).toBeNull();
      expect(r.notes[0]?.code, text).toBe(NOTE_CODES.parseError);
    }
    expect(checkFormula('k', ['k'], 'sin(k)').notes[0]?.message).toContain('Function calls');
    expect(checkFormula('k', ['k'], 'k = 3').notes[0]?.message).toContain('without "="');
    expect(checkFormula('k', ['k'], 'x').notes[0]?.message).toContain('"x" is not a parameter');
    expect(checkFormula('k', ['k'], '1 +').notes[0]?.message).toContain('at character');
    expect(checkFormula('k', ['k'], '').notes[0]?.code).toBe(NOTE_CODES.parseEmpty);
    expect(checkFormula('k', ['k'], 'k'.repeat(300)).notes[0]?.code).toBe(NOTE_CODES.parseTooLong);
  });

  it('evaluates exactly and survives division by zero and huge powers', () => {
    expect(checkFormula('k', ['k'], 'k/(k-k)').correct).toBe(false);
    expect(checkFormula('k', ['k'], '((k^64)^64)^64').correct).toBe(false);
    expect(checkFormula('k', ['k'], 'k^0.5^2').correct).toBe(false);
    expect(checkFormula('1/3', ['k'], '0.1 + 7/30').correct).toBe(true);
    expect(checkFormula('2^40 + k', ['k'], '1099511627776 + k').correct).toBe(true);
    expect(checkFormula('2^40 + k', ['k'], '1099511627777 + k').notes[0]?.code).toBe(NOTE_CODES.formulaOffByOne);
    expect(checkFormula('2^60 + k', ['k'], '1152921504606846976 + k').notes[0]?.message).toContain('at most 15 digits');
  });

  it('throws for a broken question (expected formula or parameter names), never for an answer', () => {
    expect(() => validateFormula('sin(k)', ['k'])).toThrow(RangeError);
    expect(() => checkFormula('k', ['k k'], 'k')).toThrow(RangeError);
  });

  it('previews as LaTeX without grading', () => {
    expect(previewFormula(['k'], 'k-1')).toEqual({ read: { text: 'k - 1', latex: 'k-1' }, notes: [] });
    expect(previewFormula(['k'], '(k+1)/2').read?.latex).toBe('\\frac{\\left( k+1\\right)}{2}');
    expect(previewFormula(['k'], 'sin(k)').notes[0]?.code).toBe(NOTE_CODES.parseError);
    expect(parseFormula('2k', ['k']).ok).toBe(true);
  });
});
