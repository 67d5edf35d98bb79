import { describe, expect, it } from 'vitest';
import { mathTerms } from './math-pieces';

const frac = (a: string, b: string) => `\\frac{\\partial ${a}}{\\partial ${b}}`;

describe('mathTerms', () => {
  it('breaks a key after = and + and keeps each product together, brackets glued to their factors', () => {
    const latex = `${frac('E', '(v_{1,1})_d')} = \\left(${frac('E', 'n_{6}')} \\cdot ${frac('n_{6}', 'n_{3}')} + ${frac('E', 'n_{6}')} \\cdot ${frac('n_{6}', 'n_{4}')}\\right) \\cdot ${frac('n_{1}', '(v_{1,1})_d')}`;
    const terms = mathTerms(latex);
    expect(terms.map((t) => t.map((f) => f.op))).toEqual([['='], ['·', '+'], ['·', '·', null]]);
    expect(terms[1]![0]!.latex).toBe(`\\biggl(${frac('E', 'n_{6}')}`);
    expect(terms[2]![1]!.latex).toBe(`${frac('n_{6}', 'n_{4}')}\\biggr)`);
    // Nothing is lost: joining the pieces back gives the source (brackets resized).
    const joined = terms.flat().map((f) => f.latex + (f.op === null ? '' : f.op === '·' ? ' \\cdot ' : ` ${f.op} `)).join('');
    expect(joined).toBe(latex.replace('\\left(', '\\biggl(').replace('\\right)', '\\biggr)'));
  });

  it('never splits inside a group, so a fraction keeps its denominator', () => {
    const terms = mathTerms('\\frac{a + b}{c \\cdot d} = e');
    expect(terms).toEqual([[{ latex: '\\frac{a + b}{c \\cdot d}', op: '=' }], [{ latex: 'e', op: null }]]);
  });

  it('returns plain math as one piece', () => {
    expect(mathTerms(' k + 1 ')).toEqual([[{ latex: 'k', op: '+' }], [{ latex: '1', op: null }]]);
    expect(mathTerms('48')).toEqual([[{ latex: '48', op: null }]]);
    expect(mathTerms('\\{ a + b \\}')).toEqual([[{ latex: '\\{ a', op: '+' }], [{ latex: 'b \\}', op: null }]]);
  });
});
