import { describe, expect, it } from 'vitest';
import type { Expr } from '../types';
import { lossAtom, neuronAtom, weightAtom } from '../atoms';
import { renderExpr } from '../render';
import { parseAnswer } from './parser';
import { lex } from './tokenizer';
import { NOTE_CODES } from './notes';

function read(text: string): string {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(`${text}: ${r.failure.message}`);
  return renderExpr(r.answer.expr, 'text');
}

function failure(text: string): { code: string; message: string; position: number } {
  const r = parseAnswer(text);
  if (r.ok) throw new Error(`${text} parsed`);
  return r.failure;
}

describe('tokenizer', () => {
  it('turns each derivative into one atom before any algebra (no fraction cancels)', () => {
    const r = parseAnswer('dE/dn7 * dn7/dn5');
    expect(r.ok && r.answer.expr).toEqual<Expr>({
      kind: 'product',
      factors: [
        { kind: 'atom', atom: lossAtom(7) },
        { kind: 'atom', atom: neuronAtom(7, 5) },
      ],
    });
  });

  it('reads indices: one index for n and x, two for w and v, separators and braces', () => {
    expect(read('dn12/dn3')).toBe('∂n_12/∂n_3');
    expect(read('dn5/dw_{12,3}')).toBe('∂n_5/∂w_{12,3}');
    expect(read('dn5/dw_12,3')).toBe('∂n_5/∂w_{12,3}');
    expect(read('dn5/dw_{2 5}')).toBe('∂n_5/∂w_{2,5}');
    expect(read('dn5/dw₂₅')).toBe('∂n_5/∂w_{2,5}');
    expect(read('dn1/d(v_{1,1})_{d}')).toBe('∂n_1/∂(v_{1,1})_d');
    expect(read('dn2/dx_2_d')).toBe('∂n_2/∂(x_2)_d');
    expect(read('dn2/d x_{ 2 }')).toBe('∂n_2/∂(x_2)_d');
  });

  it('never guesses an ambiguous index', () => {
    for (const text of ['dn5/dw123', 'dn5/dw_{123}', 'dn5/dw_123', 'dn1/dv1234']) {
      expect(failure(text).code).toBe(NOTE_CODES.parseAmbiguousIndex);
    }
    expect(failure('dn5/dw1234').message).toContain('w_{1,234} or w_{12,34} or w_{123,4}');
  });

  it('rejects malformed indices with a reason', () => {
    expect(failure('dn5/dw2').message).toContain('takes two indices');
    expect(failure('dn_{1,2}/dn3').message).toContain('takes one index');
    expect(failure('dE/dn').message).toContain('needs an index');
    expect(failure('dE/dn_{').message).toContain('never closed');
    expect(failure('dE/dn_{a}').message).toContain('only digits');
    expect(failure('dE/dn1234567').message).toContain('too long');
    expect(failure('dE x dn6').message).toContain('use * or ·');
  });

  it('skips LaTeX layout commands and strips \\mathrm braces', () => {
    const r = lex('\\left( \\mathrm{d} E \\right) \\, \\cdot');
    expect(r.ok && r.tokens.map((t) => t.kind)).toEqual(['open', 'del', 'qty', 'close', 'times']);
    expect(failure('\\sqrt{dE/dn6}').message).toContain('\\sqrt');
  });
});

describe('parser', () => {
  it('parses sums, products, juxtaposition, signs and every bracket kind', () => {
    expect(read('dE/dn6 dn6/dn4')).toBe('∂E/∂n_6 · ∂n_6/∂n_4');
    expect(read('[dE/dn6 + dE/dn7] dn6/dn4')).toBe('(∂E/∂n_6 + ∂E/∂n_7) · ∂n_6/∂n_4');
    expect(read('{dE/dn6 + dE/dn7}dn6/dn4')).toBe('(∂E/∂n_6 + ∂E/∂n_7) · ∂n_6/∂n_4');
    expect(read('- dE/dn6 + - - dE/dn7')).toBe('-∂E/∂n_6 + ∂E/∂n_7');
    expect(read('dE/dn6 - dE/dn7')).toBe('∂E/∂n_6 - ∂E/∂n_7');
    expect(read('2 dE/dn6 (3)')).toBe('2 · ∂E/∂n_6 · 3');
  });

  it('keeps an optional left-hand side apart from the expression', () => {
    const r = parseAnswer('dE/dw25 = dE/dn7 dn7/dn5 dn5/dw25');
    expect(r.ok && r.answer.lhs).toEqual({ of: { kind: 'loss' }, wrt: { kind: 'weight', from: 2, to: 5 } });
    expect(r.ok && r.answer.atomCount).toBe(3);
    const r2 = parseAnswer('(dE/dw25) = dn5/dw25');
    expect(r2.ok && r2.answer.expr).toEqual({ kind: 'atom', atom: weightAtom(2, 5) });
  });

  it('explains what it expected and where', () => {
    expect(failure('dE/dn6 +')).toMatchObject({ code: NOTE_CODES.parseError, position: 8 });
    expect(failure('dE/dn6 + )').message).toContain("found ')'");
    expect(failure('(dE/dn6').message).toContain("expected ')'");
    expect(failure('(dE/dn6]').message).toContain("expected ')'");
    expect(failure('dE/dn6)').message).toContain('closes nothing');
    expect(failure('()').message).toContain('Empty brackets');
    expect(failure('dE/dn6 / dn6/dn4').message).toContain('fractions are not allowed');
    expect(failure('dE/dn6 = dE/dn6 = dE/dn6').message).toContain('Only one =');
    expect(failure('dE/dn6 + dE/dn7 = dE/dn6').message).toContain('left-hand side');
    expect(failure('dE/dn6 =').message).toContain('after =');
    expect(failure('n6').message).toContain('on its own is not a derivative');
    expect(failure('dE/dn6 n6').message).toContain('on its own is not a derivative');
    expect(failure('dE/dn6 ^ 2').message).toContain('Powers');
    expect(failure('1.5 dE/dn6').message).toContain('whole-number');
    expect(failure('\\frac{1}{2}').message).toContain('other fractions are not allowed');
    expect(failure('dE/dn6_d').message).toContain('v or x only');
    expect(failure('dE/dn6 ? ').message).toContain("Unexpected '?'");
    expect(failure('').code).toBe(NOTE_CODES.parseEmpty);
  });
});
