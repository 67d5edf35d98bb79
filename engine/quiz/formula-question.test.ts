import { evaluate } from 'mathjs';
import { describe, expect, it } from 'vitest';
import type { Target } from '../types';
import { assertNever } from '../types';
import type { GradientPath } from '../paths';
import { LAYER_NUMBERINGS, layeredNetwork } from '../generators';
import { countPaths, enumeratePaths, pathFactors } from '../paths';
import { predecessorsOf } from '../network';
import { FORMULA_QUANTITIES } from './pack-schema';
import { deriveFormula, formulaQuestion, numberingSentence } from './formula-question';
import type { Network } from '../network';
import { createRng } from '../rng';
import { evaluateNetwork, pathFactorsOf, withEvaluation } from '../numeric/evaluate';
import { randomValues } from '../numeric/random-values';
import { freezeValues, pairKey } from '../numeric/values';
import { rational } from '../numeric/rational';

/**
 * The size of the ∂n/∂n part of one path's product to `target` on a sigmoid
 * network, computed by the numeric engine. With `attain`, weights are 1 and
 * biases cancel every input so that z = 0 everywhere (σ'(0) = 1/4, the bound);
 * otherwise the values are random with |w| ≤ 1.
 */
function sigmoidPathProduct(network: Network, target: Target, attain: boolean, seed = 1): number {
  const base = randomValues(network, createRng(seed), { activation: 'sigmoid' });
  const values = attain
    ? freezeValues(network, {
        ...base,
        input: new Map(network.inputIndices.map((l) => [l, [rational(0n)]])),
        weight: new Map(network.edges.map((e) => [pairKey(e.from, e.to), rational(1n)])),
        bias: new Map(network.neurons.map((id) => [id, rational(-BigInt(network.predecessors.get(id)?.length ?? 0), 2n)])),
      })
    : base;
  const r = evaluateNetwork(network, values);
  if (!r.ok) throw new Error(r.error);
  const path = enumeratePaths(network, target, { cap: 1 }).paths[0] as GradientPath;
  return withEvaluation(r.evaluation, (ev) =>
    Math.abs(pathFactorsOf(ev, path, 1).slice(1).reduce((p, f) => p * ev.arith.toNumber(f.value), 1)),
  );
}

/** The graph's own answer for a neuron in layer k of an L-layer network of width m (in the given numbering). */
function fromGraph(quantity: (typeof FORMULA_QUANTITIES)[number], numbering: (typeof LAYER_NUMBERINGS)[number], L: number, k: number, m: number): number | null {
  const { network, layers } = layeredNetwork(Array<number>(L).fill(m), { numbering });
  const neuron = (layers[k - 1] as readonly number[])[0] as number;
  const target: Target = { kind: 'neuron', neuron };
  switch (quantity) {
    case 'factors-to-neuron':
      return pathFactors(enumeratePaths(network, target, { cap: 1 }).paths[0] as GradientPath);
    case 'factors-to-weight': {
      const from = predecessorsOf(network, neuron)[0];
      if (from === undefined) return null; // the input-side layer has no weight into it
      return pathFactors(enumeratePaths(network, { kind: 'weight', from, to: neuron }, { cap: 1 }).paths[0] as GradientPath);
    }
    case 'paths-uniform-width':
      return Number(countPaths(network, target));
    case 'sigmoid-path-bound':
      return m === 2 ? sigmoidPathProduct(network, target, true) : null;
    default:
      return assertNever(quantity);
  }
}

describe('deriveFormula', () => {
  it.each(FORMULA_QUANTITIES.flatMap((q) => LAYER_NUMBERINGS.map((n) => [q, n] as const)))(
    '%s numbered %s matches the graph for every L ≤ 6, k ≤ L, m ∈ {2, 3}',
    (quantity, numbering) => {
      const { expected, params } = deriveFormula(quantity, numbering);
      let compared = 0;
      for (let L = 2; L <= 6; L++) {
        for (let k = 2; k <= L; k++) {
          for (const m of [2, 3]) {
            const want = fromGraph(quantity, numbering, L, k, m);
            if (want === null) continue;
            const scope: Record<string, number> = { k, L, m };
            const got = evaluate(expected, Object.fromEntries(params.map((p) => [p, scope[p]]))) as number;
            if (quantity === 'sigmoid-path-bound') expect(got, `${expected} at L=${L} k=${k}`).toBeCloseTo(want, 12);
            else expect(got, `${expected} at L=${L} k=${k} m=${m}`).toBe(want);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(10);
    },
  );

  it('the sigmoid bound (1/4)^(k-1) holds on random sigmoid networks with |w| ≤ 1, and is attained at z = 0, w = 1', () => {
    const { expected } = deriveFormula('sigmoid-path-bound', 'from-loss');
    expect(expected).toBe('(1/4)^(k - 1)');
    for (let seed = 1; seed <= 30; seed++) {
      const { network, layers } = layeredNetwork([2, 3, 3, 2, 2], { numbering: 'from-loss' });
      for (let k = 2; k <= 5; k++) {
        const neuron = (layers[k - 1] as readonly number[])[0] as number;
        const got = sigmoidPathProduct(network, { kind: 'neuron', neuron }, false, seed);
        expect(got).toBeLessThanOrEqual(0.25 ** (k - 1));
        expect(got).toBeGreaterThan(0);
      }
    }
  });

  it('is k factors with layers numbered from the loss, L − k + 1 from the input (lecture Task 2)', () => {
    expect(deriveFormula('factors-to-neuron', 'from-loss').expected).toBe('k');
    expect(deriveFormula('factors-to-neuron', 'from-input').expected).toBe('L - k + 1');
    expect(deriveFormula('factors-to-weight', 'from-loss').expected).toBe('k + 1');
  });
});

describe('formulaQuestion', () => {
  const q = formulaQuestion({
    id: 'f',
    prompt: 'How many factors?',
    explanation: null,
    timeLimitMs: 45_000,
    multiplier: 1,
    quantity: 'factors-to-neuron',
    numbering: 'from-input',
    network: null,
  });

  it('states its layer numbering in the prompt and lists its parameters', () => {
    const view = q.view(2, 0);
    expect(view.prompt).toContain('How many factors?');
    expect(view.prompt).toContain(numberingSentence('from-input'));
    expect(view.params).toEqual(['k', 'L']);
    expect(view.target).toBeNull();
    expect(JSON.stringify(view)).not.toContain('L - k + 1');
  });

  it('grades equivalent formulas 1 and names the other numbering', () => {
    expect(q.grade({ kind: 'formula', text: '1 + L - k' }, 0)).toMatchObject({ correct: true, credit: 1 });
    const flipped = q.grade({ kind: 'formula', text: 'k' }, 0);
    expect(flipped.credit).toBe(0);
    expect(flipped.notes[0]?.code).toBe('formula/wrong-numbering');
    expect(q.grade({ kind: 'formula', text: 'sin(k)' }, 0).notes[0]?.code).toBe('parse/error');
    expect(q.grade({ kind: 'count', value: '3' }, 0).notes[0]?.code).toBe('answer/wrong-kind');
    expect(q.key(0)).toMatchObject({ text: 'L - k + 1', edges: [], choiceIndex: null });
    expect(q.key(0).steps.length).toBeGreaterThan(1);
  });
});
