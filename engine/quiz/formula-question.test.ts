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
            expect(got, `${expected} at L=${L} k=${k} m=${m}`).toBe(want);
            compared++;
          }
        }
      }
      expect(compared).toBeGreaterThan(10);
    },
  );

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
