import { describe, expect, it } from 'vitest';
import type { Target } from '../types';
import type { Network } from '../network';
import { networkFromPartsOrThrow } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { countPaths } from '../paths';
import { checkExpression, chainEnd, gradeExpression, previewExpression, WRONG_LHS_FACTOR } from './check-expression';
import { NOTE_CODES } from './notes';
import { MAX_ENUMERATED_PATHS, MAX_MONOMIALS, MAX_PATH_NOTES } from './limits';
import { lossAtom, neuronAtom, weightAtom } from '../atoms';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const net2 = getBuiltinNetwork('week09-net2') as Network;
const N4: Target = { kind: 'neuron', neuron: 4 };
const W25: Target = { kind: 'weight', from: 2, to: 5 };
const V11: Target = { kind: 'inputWeight', input: 1, neuron: 1 };
const X2: Target = { kind: 'input', input: 2 };
const N1: Target = { kind: 'neuron', neuron: 1 };

const V11_PATH_A = 'dE/dn6 dn6/dn3 dn3/dn1 dn1/dv11';
const V11_PATH_B = 'dE/dn6 dn6/dn4 dn4/dn1 dn1/dv11';

function codes(net: Network, target: Target, text: string): string[] {
  return checkExpression(net, target, text).notes.map((n) => n.code);
}

describe('feedback that names the mistake', () => {
  it('a missing path carries its neurons and edge ids for highlighting', () => {
    const r = checkExpression(net1, V11, V11_PATH_A);
    expect(r.correct).toBe(false);
    expect(r.score).toBe(0.5);
    expect(r.notes).toHaveLength(1);
    const [missing] = r.notes;
    expect(missing?.code).toBe(NOTE_CODES.pathMissing);
    expect(missing?.data).toMatchObject({ neurons: [6, 4, 1], edges: ['n6-E', 'n4-n6', 'n1-n4', 'x1-n1'], path: 'E → n_6 → n_4 → n_1 → (v_{1,1})_d' });
    expect(missing?.message).toContain('∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1 · ∂n_1/∂(v_{1,1})_d');
  });

  it('a flipped atom is named in text notation with its correct form', () => {
    const r = checkExpression(net1, N4, 'dE/dn6 dn4/dn6');
    expect(r.notes[0]).toMatchObject({ code: NOTE_CODES.atomWrongDirection, data: { atom: '∂n_4/∂n_6', correct: '∂n_6/∂n_4' } });
    expect(r.notes[0]?.message).toContain('∂n_4/∂n_6');
    expect(r.notes[1]).toMatchObject({ code: NOTE_CODES.termExtra, data: { kind: 'wrong-factor', factor: '∂n_4/∂n_6', expected: '∂n_6/∂n_4' } });
    expect(r.notes[2]?.code).toBe(NOTE_CODES.pathMissing);
    expect(r.score).toBe(0);
  });

  it('classifies extra terms: wrong factor, missing factor, extra factor, skipped neurons, wrong target, constant, unrelated', () => {
    const kind = (net: Network, t: Target, text: string): unknown =>
      checkExpression(net, t, text).notes.find((n) => n.code === NOTE_CODES.termExtra)?.data?.kind;
    expect(kind(net1, V11, `${V11_PATH_A} + dE/dn7 dn6/dn4 dn4/dn1 dn1/dv11`)).toBe('wrong-factor');
    expect(kind(net1, W25, 'dE/dn7 dn7/dn5')).toBe('missing-factor');
    expect(kind(net1, N4, 'dE/dn6 dn6/dn4 dn4/dn1')).toBe('extra-factor');
    expect(kind(net1, V11, `${V11_PATH_A} + dE/dn6 dn6/dn1 dn1/dv11`)).toBe('skipped-neurons');
    expect(kind(net2, N1, 'dE/dn6 dn6/dn4 dn4/dn2 + dE/dn7 dn7/dn5 dn5/dn1')).toBe('wrong-target');
    expect(kind(net1, N4, 'dE/dn6 dn6/dn4 + 1')).toBe('constant');
    expect(kind(net1, X2, 'dn3/dn1 dn1/dv11 dn7/dn5')).toBe('unrelated');
    const wrongTarget = checkExpression(net2, N1, 'dE/dn6 dn6/dn4 dn4/dn2 + dE/dn7 dn7/dn5 dn5/dn1');
    expect(wrongTarget.notes.find((n) => n.code === NOTE_CODES.termExtra)?.message).toBe(
      '∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_2 is a path from E to n_2, not to n_1.',
    );
  });

  it('tells duplicates from explicit coefficients, and reports signs', () => {
    expect(codes(net1, V11, `${V11_PATH_A} + ${V11_PATH_B} + ${V11_PATH_B}`)).toEqual([NOTE_CODES.termDuplicate]);
    expect(codes(net1, V11, `${V11_PATH_A} + 2 ${V11_PATH_B}`)).toEqual([NOTE_CODES.termCoefficient]);
    expect(codes(net1, V11, `${V11_PATH_A} - ${V11_PATH_B}`)).toEqual([NOTE_CODES.termSign]);
    expect(codes(net1, V11, `-(${V11_PATH_A} + ${V11_PATH_B})`)).toEqual([NOTE_CODES.termSign, NOTE_CODES.termSign]);
    // Duplicated by factoring: (a + a)·b is a duplicate, not a coefficient.
    expect(codes(net1, N4, '(dE/dn6 + dE/dn6) dn6/dn4')).toEqual([NOTE_CODES.termDuplicate]);
  });

  it('scores by Jaccard: found / (paths + wrong terms)', () => {
    // I.3 has 2 paths.
    expect(checkExpression(net1, V11, V11_PATH_A).score).toBe(1 / 2);
    expect(checkExpression(net1, V11, `${V11_PATH_A} + ${V11_PATH_B} + ${V11_PATH_B}`).score).toBe(2 / 3);
    expect(checkExpression(net1, V11, `${V11_PATH_A} + dE/dn7 dn6/dn4 dn4/dn1 dn1/dv11`).score).toBe(1 / 3);
    expect(checkExpression(net1, V11, `${V11_PATH_A} - ${V11_PATH_B}`).score).toBe(1 / 3);
    expect(checkExpression(net1, V11, '0').score).toBe(0);
    // II.3 has 3 paths; two of them and one stray term: 2 / (3 + 1).
    expect(checkExpression(net2, N1, 'dE/dn8 dn8/dn3 dn3/dn1 + dE/dn7 dn7/dn5 dn5/dn1 + dE/dn6 dn6/dn4').score).toBe(2 / 4);
  });

  it('a wrong left-hand side is reported and halves the score, even for a right expression', () => {
    const r = checkExpression(net1, N4, 'dE/dw25 = dE/dn6 dn6/dn4');
    expect(r.correct).toBe(false);
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.targetWrongLhs]);
    expect(r.score).toBeCloseTo(WRONG_LHS_FACTOR, 12);
    expect(r.score).toBeLessThan(1);
    expect(checkExpression(net1, N4, 'dn6/dn4 = dE/dn6 dn6/dn4').notes[0]?.code).toBe(NOTE_CODES.targetWrongLhs);
    expect(checkExpression(net1, N4, 'dE/dn4 = dE/dn6 dn6/dn4').correct).toBe(true);
    expect(checkExpression(net1, N4, '\\frac{\\partial E}{\\partial n_{4}} = dE/dn6 dn6/dn4').correct).toBe(true);
  });

  it('an invalid atom that cancels out still makes the answer wrong', () => {
    const r = gradeExpression(net1, N4, 'dE/dn6 dn6/dn4 + dn4/dn6 - dn4/dn6');
    expect(r.exactEqual).toBe(true);
    expect(r.correct).toBe(false);
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.atomWrongDirection]);
    expect(r.score).toBe(1 / 2);
  });

  it('reads the answer back canonically in text and LaTeX', () => {
    const r = checkExpression(net1, N4, 'dE/dn6*dn6/dn4');
    expect(r.read).toEqual({
      text: '∂E/∂n_6 · ∂n_6/∂n_4',
      latex: '\\frac{\\partial E}{\\partial n_{6}} \\cdot \\frac{\\partial n_{6}}{\\partial n_{4}}',
    });
    expect(checkExpression(net1, W25, 'dE/dw25 = dE/dn7 dn7/dn5 dn5/dw25').read?.text).toBe('∂E/∂w_{2,5} = ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂w_{2,5}');
  });

  it('preview never reveals grading: a wrong answer previews exactly like a right one', () => {
    const wrong = previewExpression(net1, V11, `${V11_PATH_A} + dn4/dn6`);
    expect(wrong.notes).toEqual([]);
    expect(wrong.read?.text).toContain('∂n_4/∂n_6');
    expect(previewExpression(net1, V11, 'dE/dn6 +').notes[0]?.code).toBe(NOTE_CODES.parseError);
    expect(previewExpression(net1, N4, 'dE/dw25 = dE/dn6').notes[0]?.code).toBe(NOTE_CODES.targetWrongLhs);
  });

  it('follows chains of atoms to where they end', () => {
    expect(chainEnd(net1, [lossAtom(7), neuronAtom(7, 5), weightAtom(2, 5)])).toEqual({ kind: 'weight', from: 2, to: 5 });
    expect(chainEnd(net1, [neuronAtom(7, 5), lossAtom(7)])).toEqual({ kind: 'neuron', neuron: 5 });
    expect(chainEnd(net1, [lossAtom(7), lossAtom(6)])).toBeNull();
    expect(chainEnd(net1, [lossAtom(7), neuronAtom(6, 4)])).toBeNull();
    expect(chainEnd(net1, [lossAtom(7), neuronAtom(5, 7)])).toBeNull();
  });
});

describe('the worked examples of docs/GRADING.md', () => {
  const W24: Target = { kind: 'weight', from: 2, to: 4 };
  const rows: [Network, Target, string, number, string[]][] = [
    [net1, V11, '(∂E/∂n_6·∂n_6/∂n_3·∂n_3/∂n_1 + ∂E/∂n_6·∂n_6/∂n_4·∂n_4/∂n_1)·∂n_1/∂(v_{1,1})_d', 1, []],
    [net1, V11, '∂E/∂n_6·∂n_6/∂n_3·∂n_3/∂n_1·∂n_1/∂(v_{1,1})_d', 1 / 2, ['path/missing']],
    [net1, V11, '(∂E/∂n_6·∂n_6/∂n_3·∂n_3/∂n_1 + ∂E/∂n_6·∂n_4/∂n_6·∂n_4/∂n_1)·∂n_1/∂(v_{1,1})_d', 1 / 3, ['atom/wrong-direction', 'term/extra', 'path/missing']],
    [net1, X2, '(∂E/∂n_6·∂n_6/∂n_4·∂n_4/∂n_2 − ∂E/∂n_7·∂n_7/∂n_5·∂n_5/∂n_2)·∂n_2/∂(x_2)_d', 1 / 3, ['term/sign']],
    [net2, W24, '(∂E/∂n_6 + ∂E/∂n_8)·∂n_6/∂n_4·∂n_4/∂w_{2,4}', 1 / 3, ['term/extra', 'path/missing']],
    [net2, N1, '(∂E/∂n_8·∂n_8/∂n_3 + ∂E/∂n_6·∂n_6/∂n_3)·∂n_3/∂n_1', 2 / 3, ['path/missing']],
    [net2, N1, '(∂E/∂n_8·∂n_8/∂n_3 + ∂E/∂n_6·∂n_6/∂n_3)·∂n_3/∂n_1 + ∂E/∂n_7·∂n_7/∂n_5·∂n_5/∂n_1 + ∂E/∂n_8·∂n_8/∂n_3·∂n_3/∂n_1', 3 / 4, ['term/duplicate']],
    [net1, N4, '2 ∂E/∂n_6·∂n_6/∂n_4', 1 / 2, ['term/coefficient']],
    [net1, N4, '∂E/∂w_{2,5} = ∂E/∂n_6·∂n_6/∂n_4', 1 / 2, ['target/wrong-lhs']],
    [net1, W25, '∂E/∂n_7·∂n_7/∂n_5', 0, ['term/extra', 'path/missing']],
  ];
  for (const [net, t, text, score, noteCodes] of rows) {
    it(`${text} scores ${score.toFixed(3)}`, () => {
      const r = checkExpression(net, t, text);
      expect(r.score).toBeCloseTo(score, 12);
      expect(r.correct).toBe(score === 1);
      expect(r.notes.map((n) => n.code)).toEqual(noteCodes);
    });
  }
});

/**
 * A chain of `diamonds` diamonds under one output n1: each diamond splits
 * into two neurons and joins again, so the bottom neuron has 2^diamonds
 * paths while the factored answer stays short.
 */
function diamondChain(diamonds: number): { net: Network; bottom: number; factored: string } {
  const edges: { from: number; to: number }[] = [];
  const factors: string[] = [];
  for (let i = 0; i < diamonds; i++) {
    const top = 3 * i + 1;
    const [a, b, bottom] = [top + 1, top + 2, top + 3];
    edges.push({ from: a, to: top }, { from: b, to: top }, { from: bottom, to: a }, { from: bottom, to: b });
    factors.push(`(dn${top}/dn${a} dn${a}/dn${bottom} + dn${top}/dn${b} dn${b}/dn${bottom})`);
  }
  const bottom = 3 * diamonds + 1;
  const net = networkFromPartsOrThrow({ name: `diamonds ${diamonds}`, inputs: [{ input: 1, neuron: bottom }], edges, outputs: [1] });
  return { net, bottom, factored: `dE/dn1 ${factors.join(' ')}` };
}

describe('large answers: capped expansion and capped enumeration', () => {
  it('falls back to evaluation when the expansion would exceed its cap', () => {
    const { net, bottom, factored } = diamondChain(11);
    const t: Target = { kind: 'neuron', neuron: bottom };
    expect(countPaths(net, t)).toBe(2048n);
    expect(2048).toBeGreaterThan(MAX_MONOMIALS);
    const right = gradeExpression(net, t, factored);
    expect(right.exactEqual).toBeNull();
    expect(right.evaluatedEqual).toBe(true);
    expect(right.correct).toBe(true);
    expect(right.score).toBe(1);
    const wrong = gradeExpression(net, t, factored.replace('dn2/dn4', 'dn3/dn4'));
    expect(wrong.exactEqual).toBeNull();
    expect(wrong.correct).toBe(false);
    expect(wrong.score).toBe(0);
    expect(wrong.notes.map((n) => n.code)).toEqual([NOTE_CODES.answerNotEquivalent]);
  });

  it('checks paths beyond the enumeration cap by following chains', () => {
    const { net, bottom, factored } = diamondChain(10);
    const t: Target = { kind: 'neuron', neuron: bottom };
    expect(countPaths(net, t)).toBe(1024n);
    expect(1024).toBeGreaterThan(MAX_ENUMERATED_PATHS);
    const right = gradeExpression(net, t, factored);
    expect(right.exactEqual).toBe(true);
    expect(right.correct).toBe(true);
    const half = gradeExpression(net, t, factored.replace('dn1/dn2 dn2/dn4 + ', ''));
    expect(half.correct).toBe(false);
    expect(half.pathsFound).toBe(512);
    expect(half.score).toBe(0.5);
    const missing = half.notes.filter((n) => n.code === NOTE_CODES.pathMissing);
    expect(missing.length).toBeLessThanOrEqual(MAX_PATH_NOTES + 1);
    expect(missing.at(-1)?.message).toMatch(/more paths are missing/);
  });
});
