import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { randomNetwork } from '../generators';
import { getBuiltinNetwork } from '../builtins';
import type { Network } from '../network';
import type { Target } from '../types';
import { targetsOfKind } from '../quiz/target-facts';
import { countPaths } from '../paths';
import type { AnyEvaluation, NumericAsk } from './evaluate';
import { MAX_NUMERIC_PATHS, askProblem, backpropGradient, compute, evaluateNetwork } from './evaluate';
import { randomValues } from './random-values';
import type { Activation, NetworkValues } from './values';
import { freezeValues, pairKey, parseValues } from './values';
import { rAdd, rFromNumber, rToString, rational } from './rational';

const net1 = getBuiltinNetwork('week09-net1') as Network;

function evaluate(net: Network, values: NetworkValues): AnyEvaluation {
  const r = evaluateNetwork(net, values);
  if (!r.ok) throw new Error(r.error);
  return r.evaluation;
}

function gradientValue(ev: AnyEvaluation, target: Target, d = 1): { value: number; error: number; exact: string | null } {
  const ask: NumericAsk = { kind: 'gradient', target, d };
  const c = compute(ev as never, ask) as { value: unknown };
  const v = (ev.num as (x: unknown) => { value: number; error: number; exact: { num: bigint; den: bigint } | null })(c.value);
  return { value: v.value, error: v.error, exact: v.exact ? rToString(v.exact) : null };
}

function lossOf(net: Network, values: NetworkValues, shift?: { neuron: number; delta: number }): number {
  const r = evaluateNetwork(net, values, shift);
  if (!r.ok) throw new Error(r.error);
  return (r.evaluation.num as (x: unknown) => { value: number })(r.evaluation.loss).value;
}

/** Values with one parameter moved by h (weights, input weights and inputs, component d). */
function nudged(net: Network, values: NetworkValues, target: Target, d: number, h: number): NetworkValues {
  const dh = rFromNumber(h);
  const weight = new Map(values.weight);
  const inputWeight = new Map(values.inputWeight);
  const input = new Map(values.input);
  switch (target.kind) {
    case 'weight': {
      const k = pairKey(target.from, target.to);
      weight.set(k, rAdd(weight.get(k)!, dh));
      break;
    }
    case 'inputWeight': {
      const k = pairKey(target.input, target.neuron);
      const v = [...inputWeight.get(k)!];
      v[d - 1] = rAdd(v[d - 1]!, dh);
      inputWeight.set(k, v);
      break;
    }
    case 'input': {
      const v = [...input.get(target.input)!];
      v[d - 1] = rAdd(v[d - 1]!, dh);
      input.set(target.input, v);
      break;
    }
    case 'neuron':
      throw new Error('neurons are shifted, not nudged');
  }
  return freezeValues(net, { ...values, weight, inputWeight, input });
}

function finiteDifference(net: Network, values: NetworkValues, target: Target, d: number): number {
  const h = 1e-5;
  if (target.kind === 'neuron') {
    return (lossOf(net, values, { neuron: target.neuron, delta: h }) - lossOf(net, values, { neuron: target.neuron, delta: -h })) / (2 * h);
  }
  return (lossOf(net, nudged(net, values, target, d, h)) - lossOf(net, nudged(net, values, target, d, -h))) / (2 * h);
}

describe('numeric engine on the lecture network', () => {
  const spec = {
    activation: 'identity',
    inputs: { x1: 1, x2: 2 },
    inputWeights: { 'v_{1,1}': 0.5, 'v_{2,2}': '-1/4' },
    weights: { w13: 1, w14: 2, w24: 1, w25: -1, w36: 1, w46: '1/2', w57: 3 },
    biases: { n6: 0.25 },
    targets: { n6: 1, n7: 0 },
  };
  const parsed = parseValues(net1, spec);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const values = parsed.values;

  it('computes the forward pass exactly for identity activations', () => {
    const ev = evaluate(net1, values);
    expect(ev.arith.exact).toBe(true);
    // n1 = 0.5, n2 = -0.5, n3 = 0.5, n4 = 1 - 0.5 = 0.5, n5 = 0.5, n6 = 0.25 + 0.5 + 0.25 = 1, n7 = 1.5
    const show = (id: number): string => rToString(ev.num(ev.n.get(id) as never).exact!);
    expect([1, 2, 3, 4, 5, 6, 7].map(show)).toEqual(['1/2', '-1/2', '1/2', '1/2', '1/2', '1', '3/2']);
  });

  it('∂E/∂w_{2,5} = ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂w_{2,5} = 2(3/2 − 0) · 3 · (−1/2) = −9/2, exactly', () => {
    const ev = evaluate(net1, values);
    expect(gradientValue(ev, { kind: 'weight', from: 2, to: 5 }).exact).toBe('-9/2');
    expect(gradientValue(ev, { kind: 'weight', from: 2, to: 5 }).error).toBeLessThan(1e-15);
  });

  it('lists one contribution per path, summing to the value', () => {
    const ev = evaluate(net1, values);
    const c = compute(ev as never, { kind: 'gradient', target: { kind: 'inputWeight', input: 1, neuron: 1 }, d: 1 }) as unknown as { terms: { path: { neurons: number[] }; contribution: unknown }[] };
    expect(c.terms.map((t) => t.path.neurons)).toEqual([[6, 3, 1], [6, 4, 1]]);
    // n6 − y6 = 0, so both contributions vanish; check the path through n7 on x2 instead.
    const x2 = compute(ev as never, { kind: 'gradient', target: { kind: 'input', input: 2 }, d: 1 }) as unknown as { terms: { contribution: unknown }[] };
    expect(x2.terms.map((t) => rToString(ev.num(t.contribution as never).exact!))).toEqual(['0', '9/4']);
  });

  it('refuses a ReLU at its kink, overflow, and asks the network cannot answer', () => {
    const relu = parseValues(net1, { ...spec, activation: 'relu', biases: { n4: '-1/2' } });
    if (!relu.ok) throw new Error('values');
    const r = evaluateNetwork(net1, relu.values);
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.error).toContain('z_5 = 0 is at the ReLU kink of n5, where g\' is undefined');
    const big = parseValues(net1, { ...spec, weights: { ...spec.weights, w13: 1000, w36: 1000, w14: 1000, w46: 1000 }, inputs: { x1: 1000, x2: 1 }, inputWeights: { 'v_{1,1}': 1000, 'v_{2,2}': 1 } });
    if (!big.ok) throw new Error('values');
    const o = evaluateNetwork(net1, big.values);
    expect(!o.ok && o.error).toMatch(/^z_6 = .* overflows: computed values must stay within ±1000000000000 \(MAX_ABS_COMPUTED\)$/);
    expect(askProblem(net1, values, { kind: 'gradient', target: { kind: 'weight', from: 1, to: 5 }, d: 1 })).toContain('w_{1,5}');
    expect(askProblem(net1, values, { kind: 'gradient', target: { kind: 'input', input: 1 }, d: 2 })).toBe('d = 2 but the inputs have dimension D = 1');
    expect(askProblem(net1, values, { kind: 'local', atom: { of: { kind: 'neuron', neuron: 5 }, wrt: { kind: 'neuron', neuron: 1 } }, d: 1 })).toContain('not a local derivative');
  });
});

describe('property: gradients match finite differences of the forward pass', () => {
  const activations: Activation[] = ['sigmoid', 'tanh', 'relu', 'identity'];
  it('on 120 seeded random networks, for every kind of target, in float and exact arithmetic', () => {
    let checked = 0;
    let exactChecked = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const rng = createRng(seed);
      const net = randomNetwork(seed, { neurons: rng.int(5, 9), depth: rng.int(2, 4), density: 0.6, skipConnections: 0.15, inputs: 2, outputs: rng.int(1, 2), innerOutputs: 0.1 });
      const mixed = new Map(net.neurons.map((id) => [id, activations[rng.int(0, 3)] as Activation]));
      const values = randomValues(net, rng, { activations: mixed, dimension: rng.int(1, 3) });
      const r = evaluateNetwork(net, values);
      if (!r.ok) continue; // a ReLU exactly at its kink: refused, as it should be
      const ev = r.evaluation;
      for (const kind of ['neuron', 'weight', 'inputWeight', 'input'] as const) {
        for (const target of targetsOfKind(net, kind)) {
          if (countPaths(net, target) === 0n || countPaths(net, target) > BigInt(MAX_NUMERIC_PATHS)) continue;
          const d = kind === 'input' || kind === 'inputWeight' ? values.dimension : 1;
          const g = gradientValue(ev, target, d);
          const fd = finiteDifference(net, values, target, d);
          // Central differences are exact up to O(h²) for smooth nets; near a ReLU kink they may straddle it, so allow a little more.
          expect(Math.abs(g.value - fd), `seed ${seed} ${kind} ${JSON.stringify(target)}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(g.value)) + 1e-6);
          const bp = (ev.num as (x: unknown) => { value: number })(backpropGradient(ev as never, target, d) as unknown).value;
          expect(Math.abs(bp - g.value)).toBeLessThanOrEqual(g.error * 4 + 1e-15);
          checked++;
          if (ev.arith.exact) exactChecked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(exactChecked).toBeGreaterThan(0);
  });

  it('the float error bound covers the difference to the exact value on identity networks computed in float', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const net = randomNetwork(seed, { neurons: 8, depth: 4, density: 0.7, skipConnections: 0.2, inputs: 2, outputs: 2 });
      const values = randomValues(net, rng, { activation: 'identity', dimension: 2 });
      const exact = evaluate(net, values);
      // The shifted evaluation (by 0) forces float64 with error bounds on the same values.
      const float = evaluateNetwork(net, values, { neuron: net.neurons[0] as number, delta: 0 });
      if (!float.ok) throw new Error(float.error);
      for (const target of targetsOfKind(net, 'weight')) {
        const e = gradientValue(exact, target);
        const f = gradientValue(float.evaluation, target);
        expect(Math.abs(f.value - e.value)).toBeLessThanOrEqual(f.error + e.error);
        expect(f.error).toBeLessThan(1e-12);
      }
    }
  });

  it('checks the test itself: a wrong gradient would be caught by the finite difference', () => {
    const spec = { activation: 'sigmoid', inputs: { x1: 0.3, x2: -0.7 }, inputWeights: { v11: 0.4, v22: 0.9 }, weights: { w13: 0.5, w14: -0.3, w24: 0.8, w25: 0.6, w36: -1, w46: 0.7, w57: 0.2 }, targets: { n6: 1, n7: 0 } };
    const p = parseValues(net1, spec);
    if (!p.ok) throw new Error('values');
    const ev = evaluate(net1, p.values);
    const g = gradientValue(ev, { kind: 'weight', from: 2, to: 5 });
    const fd = finiteDifference(net1, p.values, { kind: 'weight', from: 2, to: 5 }, 1);
    expect(Math.abs(g.value - fd)).toBeLessThan(1e-8);
    expect(Math.abs(g.value / 2 - fd)).toBeGreaterThan(1e-3);
    expect(rational(1n, 2n)).toEqual({ num: 1n, den: 2n });
  });
});
