import { describe, expect, it } from 'vitest';
import { getBuiltinNetwork } from '../builtins';
import type { Network } from '../network';
import type { Target } from '../types';
import { analyseNumeric, checkNumeric, separationProblems } from './diagnose';
import type { NumericFacts } from './diagnose';
import type { NumericAsk } from './evaluate';
import { parseValues } from './values';
import { readNumberAnswer, toleranceWidth } from './number-answer';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const SIGMOID = {
  activation: 'sigmoid',
  inputs: { x1: 0.3, x2: -0.7 },
  inputWeights: { v11: 0.4, v22: 0.9 },
  weights: { w13: 0.5, w14: -0.3, w24: 0.8, w25: 0.6, w36: -1, w46: 0.7, w57: 0.2 },
  biases: { n4: 0.1 },
  targets: { n6: 1, n7: 0 },
};

function facts(spec: unknown, ask: NumericAsk): NumericFacts {
  const p = parseValues(net1, spec);
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const a = analyseNumeric(net1, p.values, ask);
  if (!a.ok) throw new Error(a.error);
  return a.facts;
}

const V11: Target = { kind: 'inputWeight', input: 1, neuron: 1 };
const grad = (target: Target): NumericAsk => ({ kind: 'gradient', target, d: 1 });
const tol = { relative: 0.01 };

function answerFor(f: NumericFacts, code: string, label?: RegExp): string {
  const m = f.mistakes.find((x) => x.code === code && (label === undefined || label.test(x.label)));
  if (!m) throw new Error(`no ${code} mistake`);
  return String(m.value);
}

describe('diagnosis of numeric answers', () => {
  const f = facts(SIGMOID, grad(V11));

  it('accepts the right value within the tolerance, in any of the three forms', () => {
    expect(f.exact).toBe(false);
    expect(f.terms.map((t) => t.path)).toEqual(['E → n_6 → n_3 → n_1 → (v_{1,1})_d', 'E → n_6 → n_4 → n_1 → (v_{1,1})_d']);
    const v = f.value.value;
    expect(checkNumeric(f, tol, String(v * 1.009)).correct).toBe(true);
    expect(checkNumeric(f, tol, v.toExponential(4)).correct).toBe(true);
    expect(checkNumeric(f, tol, String(v * 1.02)).correct).toBe(false);
  });

  it('names the missing path', () => {
    const r = checkNumeric(f, tol, answerFor(f, 'numeric/missing-path', /n_3/));
    expect(r.notes[0]?.code).toBe('numeric/missing-path');
    expect(r.notes[0]?.message).toBe('Your value equals ∂E/∂(v_{1,1})_d without the path E → n_6 → n_3 → n_1 → (v_{1,1})_d.');
  });

  it("names g' left out of one factor, of all factors, the factor 2, the sign, a forward value", () => {
    for (const [code, label] of [
      ['numeric/missing-g-prime', /left out of ∂n_6\/∂n_3/],
      ['numeric/missing-g-prime-all', /every factor/],
      ['numeric/loss-factor-two', /factor 2/],
      ['numeric/loss-sign', /\(y − n\)/],
      ['numeric/forward-for-derivative', /n_1 = g\(z_1\)/],
    ] as const) {
      const r = checkNumeric(f, tol, answerFor(f, code, label));
      expect(r.notes[0]?.code, code).toBe(code);
      expect(r.notes[0]?.message).toMatch(label);
    }
  });

  it('names the wrong output target and an extra path', () => {
    const w24 = facts(SIGMOID, grad({ kind: 'weight', from: 2, to: 4 }));
    // w_{2,5} is a neighbour of w_{2,4}: its path E → n_7 → n_5 is the extra one.
    const extra = checkNumeric(w24, tol, answerFor(w24, 'numeric/extra-path'));
    expect(extra.notes[0]?.message).toBe('Your value equals ∂E/∂w_{2,4} plus the path E → n_7 → n_5 → w_{2,5}, which does not reach w_{2,4}.');
    const n2 = facts(SIGMOID, grad({ kind: 'neuron', neuron: 2 }));
    const wrong = checkNumeric(n2, tol, answerFor(n2, 'numeric/wrong-target', /y_7 of n7 in place of y_6/));
    expect(wrong.notes[0]).toMatchObject({ code: 'numeric/wrong-target', data: { output: 'n6', used: 'n7' } });
  });

  it('says close, wrong, and bounces unreadable input', () => {
    const v = f.value.value;
    expect(checkNumeric(f, tol, String(v * 1.05)).notes[0]?.code).toBe('numeric/imprecise');
    expect(checkNumeric(f, tol, '123').notes[0]?.code).toBe('numeric/wrong');
    expect(checkNumeric(f, tol, '1,5').notes[0]).toMatchObject({ code: 'parse/error', message: 'Use a point for decimals: 0.5, not 0,5.' });
    expect(checkNumeric(f, tol, 'n6 - y6').notes[0]?.code).toBe('parse/error');
    expect(checkNumeric(f, tol, '  ').notes[0]?.code).toBe('parse/empty');
    expect(checkNumeric(f, tol, '1'.repeat(65)).notes[0]?.code).toBe('parse/too-long');
  });

  it('every mistake on these values is told apart from the right value', () => {
    expect(separationProblems(f, tol)).toEqual([]);
    expect(f.mistakes.length).toBeGreaterThan(8);
  });

  it('forward values and local derivatives have their own mistakes', () => {
    const n4 = facts(SIGMOID, { kind: 'forward', neuron: 4 });
    expect(n4.mistakes.map((m) => m.code)).toEqual(['numeric/pre-activation', 'numeric/missing-bias', 'numeric/sign']);
    const local = facts(SIGMOID, { kind: 'local', atom: { of: { kind: 'neuron', neuron: 5 }, wrt: { kind: 'weight', from: 2, to: 5 } }, d: 1 });
    expect(local.mistakes.map((m) => m.code)).toEqual(['numeric/missing-g-prime', 'numeric/forward-for-derivative', 'numeric/wrong-factor', 'numeric/sign']);
    const r = checkNumeric(local, tol, answerFor(local, 'numeric/wrong-factor'));
    expect(r.notes[0]?.message).toBe("Your value equals ∂n_5/∂w_{2,5} with w_{2,5} in place of n_2.");
    const lossLocal = facts(SIGMOID, { kind: 'local', atom: { of: { kind: 'loss' }, wrt: { kind: 'neuron', neuron: 6 } }, d: 1 });
    expect(lossLocal.mistakes.map((m) => m.code)).toEqual(['numeric/loss-factor-two', 'numeric/loss-sign', 'numeric/wrong-target']);
    expect(lossLocal.mistakes[2]?.label).toBe('∂E/∂n_6 with the target y_7 of n7 in place of y_6 in ∂E/∂n_6');
  });

  it('computes exactly on identity/ReLU networks and drops mistakes that give the same number', () => {
    const relu = facts({ ...SIGMOID, activation: 'relu', inputs: { x1: 0.3, x2: 0.7 }, biases: { n4: 0.1, n6: 0.5, n7: 0.5 } }, grad({ kind: 'weight', from: 2, to: 5 }));
    expect(relu.exact).toBe(true);
    // ReLU with z > 0 has g' = 1, so leaving it out changes nothing and is not offered as a mistake.
    expect(relu.mistakes.some((m) => m.code === 'numeric/missing-g-prime-all')).toBe(false);
  });
});

describe('values validation', () => {
  it('reports a part given twice under two spellings, and vectors of different lengths', () => {
    const twice = parseValues(net1, { ...SIGMOID, inputWeights: { v11: 0.4, 'v_{1,1}': 0.5, v22: 0.9 } });
    expect(twice).toMatchObject({ ok: false, errors: [{ path: 'inputWeights.v_{1,1}', message: 'v_{1,1} is given twice' }] });
    const dims = parseValues(net1, { ...SIGMOID, inputs: { x1: [0.3, 1], x2: -0.7 } }, 'questions.2.values');
    const D = 'has 1 component but the first vector has 2: every input and input weight vector has the same dimension D';
    expect(dims).toEqual({
      ok: false,
      errors: ['inputs.x2', 'inputWeights.v11', 'inputWeights.v22'].map((p) => ({ path: `questions.2.values.${p}`, message: D })),
    });
    const layer = parseValues(net1, { ...SIGMOID, activations: { layer9: 'relu', n99: 'tanh' } });
    expect(layer).toMatchObject({ ok: false, errors: [
      { path: 'activations.layer9', message: 'the network has layers 1 to 3 (numbered from the loss), not 9' },
      { path: 'activations.n99', message: '"n99" is not a neuron of this network or a layer (write "n3" or "layer2", layers numbered from the loss)' },
    ] });
  });
});

describe('number input', () => {
  it('reads decimals, scientific notation and fractions exactly', () => {
    const cases: [string, number, string][] = [
      ['0.0123', 0.0123, '0.0123'],
      ['1.23e-2', 0.0123, '1.23 \\cdot 10^{-2}'],
      ['1.23·10^-2', 0.0123, '1.23 \\cdot 10^{-2}'],
      ['1.23 × 10^{-2}', 0.0123, '1.23 \\cdot 10^{-2}'],
      ['-1/8', -0.125, '-\\frac{1}{8}'],
      [' −.5 ', -0.5, '-.5'],
      ['+3', 3, '3'],
    ];
    for (const [text, value, latex] of cases) {
      const r = readNumberAnswer(text);
      expect(r.ok, text).toBe(true);
      if (r.ok) {
        expect(r.number).toBeCloseTo(value, 15);
        expect(r.latex).toBe(latex);
      }
    }
    for (const bad of ['1/0', '1e999', 'e5', '--1', '1.2.3', '0x10', 'NaN', 'Infinity']) expect(readNumberAnswer(bad).ok, bad).toBe(false);
  });

  it('tolerance: relative, or half a unit in the last significant digit', () => {
    expect(toleranceWidth({ relative: 0.01 }, -4)).toBeCloseTo(0.04, 15);
    expect(toleranceWidth({ digits: 3 }, 0.012345)).toBeCloseTo(0.00005, 15);
    expect(toleranceWidth({ digits: 2 }, 123)).toBeCloseTo(5, 12);
  });
});

describe('value labels for the drawing', () => {
  it('shows the givens during the question and forward/backward values only at the reveal', async () => {
    const { valueLabels } = await import('./labels');
    const q = valueLabels(net1.spec, SIGMOID, 'question');
    expect(q?.edges['n3-n6']).toBe('w = -1');
    expect(q?.edges['x1-n1']).toBe('v = 0.4');
    expect(q?.nodes['x2']).toEqual(['-0.7']);
    expect(q?.nodes['n4']).toEqual(['b = 0.1']);
    expect(q?.nodes['n6']).toEqual(['y = 1']);
    expect(JSON.stringify(q)).not.toMatch(/n = |∂E/);
    const r = valueLabels(net1.spec, SIGMOID, 'reveal');
    expect(r?.nodes['n4']).toEqual(['n = 0.555', '∂E/∂n = -0.189', 'b = 0.1']);
    expect(valueLabels(net1.spec, { weights: {} }, 'question')).toBeNull();
  });
});
