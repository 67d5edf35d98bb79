import { describe, expect, it } from 'vitest';
import type { Atom, Expr, Target } from '../types';
import { createRng } from '../rng';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { enumeratePaths, pathAtoms } from '../paths';
import { factoredKey } from '../key';
import { parseTarget } from '../target';
import { gradeExpression, previewExpression } from './check-expression';
import { parseAnswer } from './parser';
import { expand, polynomialOfProducts, polynomialsEqual } from './polynomial';
import { NOTATION_STYLES, randomFactoring, writeExpr } from './test-notation';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const net2 = getBuiltinNetwork('week09-net2') as Network;

function target(text: string): Target {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

/** The lecture's seven worked answers, verbatim from lecture/week09-gradient-flow.md. */
const LECTURE = [
  { id: 'I.1', net: net1, target: 'n4', answer: '∂E/∂n_6 · ∂n_6/∂n_4', paths: 1 },
  { id: 'I.2', net: net1, target: 'w_{2,5}', answer: '∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂w_{2,5}', paths: 1 },
  {
    id: 'I.3',
    net: net1,
    target: '(v_{1,1})_d',
    answer: '(∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1) · ∂n_1/∂(v_{1,1})_d',
    paths: 2,
  },
  {
    id: 'I.4',
    net: net1,
    target: '(x_2)_d',
    answer: '(∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_2 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_2) · ∂n_2/∂(x_2)_d',
    paths: 2,
  },
  {
    id: 'II.1',
    net: net2,
    target: '(v_{2,2})_d',
    answer: '(∂E/∂n_6 · ∂n_6/∂n_4 + ∂E/∂n_8 · ∂n_8/∂n_4) · ∂n_4/∂n_2 · ∂n_2/∂(v_{2,2})_d',
    paths: 2,
  },
  { id: 'II.2', net: net2, target: 'w_{2,4}', answer: '(∂E/∂n_6 · ∂n_6/∂n_4 + ∂E/∂n_8 · ∂n_8/∂n_4) · ∂n_4/∂w_{2,4}', paths: 2 },
  {
    id: 'II.3',
    net: net2,
    target: 'n1',
    answer: '(∂E/∂n_8 · ∂n_8/∂n_3 + ∂E/∂n_6 · ∂n_6/∂n_3) · ∂n_3/∂n_1 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_1',
    paths: 3,
  },
] as const;

/** Seeds per (answer, style, form); 7 answers × 5 styles × 3 forms × this many checks. */
const SEEDS_PER_CASE = 12;

function parsed(text: string): Expr {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(`${text}: ${r.failure.message}`);
  return r.answer.expr;
}

function expectCorrect(net: Network, t: Target, text: string): void {
  const g = gradeExpression(net, t, text, { verifyExpansion: true });
  if (!g.correct) throw new Error(`not accepted: ${JSON.stringify(text)}\n${g.notes.map((n) => `${n.code}: ${n.message}`).join('\n')}`);
  expect(g.score).toBe(1);
  expect(g.notes).toEqual([]);
  expect(g.exactEqual).toBe(true);
  expect(g.evaluatedEqual).toBe(true);
  expect(g.expansionConsistent).toBe(true);
}

describe('the lecture answers', () => {
  for (const q of LECTURE) {
    const t = target(q.target);
    const paths = enumeratePaths(q.net, t).paths.map(pathAtoms);

    it(`${q.id}: the lecture's own text is accepted and has one term per path`, () => {
      expectCorrect(q.net, t, q.answer);
      expect(paths).toHaveLength(q.paths);
      const poly = expand(parsed(q.answer));
      expect(poly.ok && polynomialsEqual(poly.polynomial, polynomialOfProducts(paths))).toBe(true);
    });

    it(`${q.id}: agrees with the engine's factored key`, () => {
      const key = expand(factoredKey(q.net, t));
      const lecture = expand(parsed(q.answer));
      expect(key.ok && lecture.ok && polynomialsEqual(key.polynomial, lecture.polynomial)).toBe(true);
    });

    for (const style of NOTATION_STYLES) {
      it(`${q.id}: accepted in ${style} notation, factored as in the lecture, expanded, and refactored`, () => {
        const forms: Record<string, (rng: ReturnType<typeof createRng>) => Expr> = {
          lecture: () => parsed(q.answer),
          expanded: (rng) => randomFactoring(paths, { ...rng, next: () => 0 }),
          refactored: (rng) => randomFactoring(paths, rng),
        };
        for (const [form, make] of Object.entries(forms)) {
          for (let seed = 0; seed < SEEDS_PER_CASE; seed++) {
            const rng = createRng(seed * 7919 + form.length * 104729 + style.length);
            const text = writeExpr(make(rng), style, rng);
            expectCorrect(q.net, t, text);
          }
        }
      });
    }

    it(`${q.id}: accepted with the left-hand side written out`, () => {
      expectCorrect(q.net, t, `∂E/∂${q.target} = ${q.answer}`);
      expectCorrect(q.net, t, `\\frac{\\partial E}{\\partial ${q.target}} = ${q.answer}`);
    });

    it(`${q.id}: preview reads it back without grading`, () => {
      const p = previewExpression(q.net, t, q.answer);
      expect(p.notes).toEqual([]);
      expect(p.read?.text.replace(/\s/g, '')).toBe(q.answer.replace(/\s/g, ''));
    });
  }
});

describe('every notation named in the brief reads as the intended atom', () => {
  const loss = { kind: 'loss' } as const;
  const n = (neuron: number) => ({ kind: 'neuron', neuron }) as const;
  const cases: [string, Atom][] = [
    ['dE/dn6', { of: loss, wrt: n(6) }],
    ['dE/dn_6', { of: loss, wrt: n(6) }],
    ['dn6/dn4', { of: n(6), wrt: n(4) }],
    ['dn5/dw25', { of: n(5), wrt: { kind: 'weight', from: 2, to: 5 } }],
    ['dn5/dw_{2,5}', { of: n(5), wrt: { kind: 'weight', from: 2, to: 5 } }],
    ['dn5/dw_2,5', { of: n(5), wrt: { kind: 'weight', from: 2, to: 5 } }],
    ['dn1/dv11', { of: n(1), wrt: { kind: 'inputWeight', input: 1, neuron: 1 } }],
    ['dn1/d(v11)_d', { of: n(1), wrt: { kind: 'inputWeight', input: 1, neuron: 1 } }],
    ['dn1/dv_{1,1}', { of: n(1), wrt: { kind: 'inputWeight', input: 1, neuron: 1 } }],
    ['dn2/dx2', { of: n(2), wrt: { kind: 'input', input: 2 } }],
    ['dn2/d(x_2)_d', { of: n(2), wrt: { kind: 'input', input: 2 } }],
    ['(dE)/(dn6)', { of: loss, wrt: n(6) }],
    ['∂E/∂n6', { of: loss, wrt: n(6) }],
    ['∂n_6/∂n_4', { of: n(6), wrt: n(4) }],
    ['∂n₆/∂n₄', { of: n(6), wrt: n(4) }],
    ['\\frac{\\partial E}{\\partial n_6}', { of: loss, wrt: n(6) }],
    ['\\frac{dE}{dn_{6}}', { of: loss, wrt: n(6) }],
    ['\\partial E/\\partial n_6', { of: loss, wrt: n(6) }],
    ['\\frac{\\partial n_1}{\\partial (v_{1,1})_d}', { of: n(1), wrt: { kind: 'inputWeight', input: 1, neuron: 1 } }],
    ['\\frac{\\partial n_1}{\\partial \\left(v_{1,1}\\right)_{d}}', { of: n(1), wrt: { kind: 'inputWeight', input: 1, neuron: 1 } }],
    ['\\frac{\\mathrm{d}E}{\\mathrm{d}n_{6}}', { of: loss, wrt: n(6) }],
    ['dn5/dw_{12,3}', { of: n(5), wrt: { kind: 'weight', from: 12, to: 3 } }],
    ['dn12/dn3', { of: n(12), wrt: n(3) }],
    ['{\\partial E}/{\\partial n_6}', { of: loss, wrt: n(6) }],
  ];
  for (const [text, atom] of cases) {
    it(`${text}`, () => {
      const r = parseAnswer(text);
      expect(r.ok && r.answer.expr).toEqual({ kind: 'atom', atom });
    });
  }

  it('reads operators ·, ×, *, \\cdot, \\times, juxtaposition with and without spaces, and every bracket kind', () => {
    const t = target('(v_{1,1})_d');
    for (const text of [
      '(dE/dn6*dn6/dn3*dn3/dn1 + dE/dn6*dn6/dn4*dn4/dn1)*dn1/dv11',
      '[dE/dn6 dn6/dn3 dn3/dn1+dE/dn6 dn6/dn4 dn4/dn1] dn1/dv11',
      '(dE/dn6dn6/dn3dn3/dn1+dE/dn6dn6/dn4dn4/dn1)dn1/dv11',
      '(∂E/∂n6 × ∂n6/∂n3 × ∂n3/∂n1 + ∂E/∂n6·∂n6/∂n4·∂n4/∂n1) × ∂n1/∂v11',
      '\\left(\\frac{\\partial E}{\\partial n_6}\\cdot\\frac{\\partial n_6}{\\partial n_3}\\times\\frac{\\partial n_3}{\\partial n_1}+\\frac{\\partial E}{\\partial n_6}\\frac{\\partial n_6}{\\partial n_4}\\frac{\\partial n_4}{\\partial n_1}\\right)\\frac{\\partial n_1}{\\partial (v_{1,1})_d}',
      '{\\frac{\\partial E}{\\partial n_6}\\frac{\\partial n_6}{\\partial n_3}\\frac{\\partial n_3}{\\partial n_1}+\\frac{\\partial E}{\\partial n_6}\\frac{\\partial n_6}{\\partial n_4}\\frac{\\partial n_4}{\\partial n_1}}\\,\\frac{\\partial n_1}{\\partial (v_{1,1})_d}',
      'dn1/dv11 (dn4/dn1 dn6/dn4 dE/dn6 + dn3/dn1 dn6/dn3 dE/dn6)',
      'dE/dn6 dn6/dn3 dn3/dn1 dn1/dv11 + dE/dn6 dn6/dn4 dn4/dn1 dn1/dv11',
      'dE/dn6 (dn6/dn3 dn3/dn1 + dn6/dn4 dn4/dn1) dn1/dv11',
      '1 * dE/dn6 (dn6/dn3 dn3/dn1 + dn6/dn4 dn4/dn1) dn1/dv11',
      '(dE/dn6 dn6/dn3 dn3/dn1 + dE/dn6 dn6/dn4 dn4/dn1 + dE/dn6 dn6/dn4 dn4/dn1 - dE/dn6 dn6/dn4 dn4/dn1) dn1/dv11',
    ]) {
      expectCorrect(net1, t, text);
    }
  });
});
