import { describe, expect, it } from 'vitest';
import type { Expr, Target } from './types';
import { assertNever } from './types';
import {
  atomExpr,
  atomKey,
  inputAtom,
  inputWeightAtom,
  lossAtom,
  neuronAtom,
  productOf,
  sumOf,
  weightAtom,
} from './atoms';
import { createRng } from './rng';
import type { Network } from './network';
import { getBuiltinNetwork } from './builtins';
import { layeredNetwork, randomNetwork } from './generators';
import { parseTarget } from './target';
import { countPaths } from './paths';
import { renderExpr, exprPrintedLeaves, MAX_RENDERED_LEAVES } from './render';
import { answerKey, derivationSteps, expandedKey, factoredKey } from './key';

// ---- a tiny local polynomial expansion (monomial key → coefficient) ----

type Poly = Map<string, bigint>;

function expand(e: Expr): Poly {
  switch (e.kind) {
    case 'atom':
      return new Map([[atomKey(e.atom), 1n]]);
    case 'num':
      return e.value === 0n ? new Map() : new Map([['', e.value]]);
    case 'neg':
      return new Map([...expand(e.expr)].map(([k, c]) => [k, -c]));
    case 'sum': {
      const out: Poly = new Map();
      for (const t of e.terms) for (const [k, c] of expand(t)) add(out, k, c);
      return out;
    }
    case 'product': {
      let acc: Poly = new Map([['', 1n]]);
      for (const f of e.factors) {
        const next: Poly = new Map();
        for (const [ka, ca] of acc) for (const [kb, cb] of expand(f)) add(next, mergeKeys(ka, kb), ca * cb);
        acc = next;
      }
      return acc;
    }
    default:
      return assertNever(e);
  }
}

function mergeKeys(a: string, b: string): string {
  return [...(a ? a.split('*') : []), ...(b ? b.split('*') : [])].sort().join('*');
}

function add(p: Poly, k: string, c: bigint): void {
  const v = (p.get(k) ?? 0n) + c;
  if (v === 0n) p.delete(k);
  else p.set(k, v);
}

function sorted(p: Poly): [string, bigint][] {
  return [...p].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

// ---- helpers to write the lecture answers as Expr literals ----

const dE = (out: number): Expr => atomExpr(lossAtom(out));
const dn = (of: number, wrt: number): Expr => atomExpr(neuronAtom(of, wrt));
const dw = (from: number, to: number): Expr => atomExpr(weightAtom(from, to));
const dv = (input: number, neuron: number): Expr => atomExpr(inputWeightAtom(input, neuron));
const dx = (neuron: number, input: number): Expr => atomExpr(inputAtom(neuron, input));
const P = (...factors: Expr[]): Expr => ({ kind: 'product', factors });
const S = (...terms: Expr[]): Expr => ({ kind: 'sum', terms });

const net1 = getBuiltinNetwork('week09-net1') as Network;
const net2 = getBuiltinNetwork('week09-net2') as Network;

function t(text: string): Target {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

/** The seven worked answers of lecture/week09-gradient-flow.md, transcribed as written there. */
const LECTURE_ANSWERS: { name: string; net: Network; target: string; answer: Expr }[] = [
  { name: 'I.1 ∂E/∂n_4', net: net1, target: 'n4', answer: P(dE(6), dn(6, 4)) },
  { name: 'I.2 ∂E/∂w_{2,5}', net: net1, target: 'w_{2,5}', answer: P(dE(7), dn(7, 5), dw(2, 5)) },
  {
    name: 'I.3 ∂E/∂(v_{1,1})_d',
    net: net1,
    target: '(v_{1,1})_d',
    answer: P(S(P(dE(6), dn(6, 3), dn(3, 1)), P(dE(6), dn(6, 4), dn(4, 1))), dv(1, 1)),
  },
  {
    name: 'I.4 ∂E/∂(x_2)_d',
    net: net1,
    target: '(x_2)_d',
    answer: P(S(P(dE(6), dn(6, 4), dn(4, 2)), P(dE(7), dn(7, 5), dn(5, 2))), dx(2, 2)),
  },
  {
    name: 'II.1 ∂E/∂(v_{2,2})_d',
    net: net2,
    target: '(v_{2,2})_d',
    answer: P(S(P(dE(6), dn(6, 4)), P(dE(8), dn(8, 4))), dn(4, 2), dv(2, 2)),
  },
  {
    name: 'II.2 ∂E/∂w_{2,4}',
    net: net2,
    target: 'w_{2,4}',
    answer: P(S(P(dE(6), dn(6, 4)), P(dE(8), dn(8, 4))), dw(2, 4)),
  },
  {
    name: 'II.3 ∂E/∂n_1',
    net: net2,
    target: 'n1',
    answer: S(P(S(P(dE(8), dn(8, 3)), P(dE(6), dn(6, 3))), dn(3, 1)), P(dE(7), dn(7, 5), dn(5, 1))),
  },
];

describe('the lecture worked answers', () => {
  it.each(LECTURE_ANSWERS)('$name equals both computed keys as polynomials', ({ net, target, answer }) => {
    const lecture = sorted(expand(answer));
    expect(sorted(expand(factoredKey(net, t(target))))).toEqual(lecture);
    const expanded = expandedKey(net, t(target));
    expect(expanded.capped).toBe(false);
    expect(sorted(expand(expanded.expr))).toEqual(lecture);
    // one monomial per path, coefficient 1
    expect(BigInt(lecture.length)).toBe(countPaths(net, t(target)));
    expect(lecture.every(([, c]) => c === 1n)).toBe(true);
  });

  it('catches a wrong answer (the comparison can fail)', () => {
    const wrong = P(S(P(dE(6), dn(6, 4)), P(dE(8), dn(8, 4))), dn(4, 2), dv(2, 2));
    expect(sorted(expand(factoredKey(net2, t('w_{2,4}'))))).not.toEqual(sorted(expand(wrong)));
    const missingPath = P(dE(6), dn(6, 3), dn(3, 1), dv(1, 1));
    expect(sorted(expand(factoredKey(net1, t('v11'))))).not.toEqual(sorted(expand(missingPath)));
  });

  it('prints the factored keys the way the lecture writes them', () => {
    expect(renderExpr(factoredKey(net1, t('(v_{1,1})_d')), 'text')).toBe(
      '(∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1) · ∂n_1/∂(v_{1,1})_d',
    );
    expect(renderExpr(factoredKey(net2, t('n1')), 'text')).toBe(
      '(∂E/∂n_6 · ∂n_6/∂n_3 + ∂E/∂n_8 · ∂n_8/∂n_3) · ∂n_3/∂n_1 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_1',
    );
    expect(renderExpr(factoredKey(net1, t('w25')), 'latex')).toBe(
      '\\frac{\\partial E}{\\partial n_{7}} \\cdot \\frac{\\partial n_{7}}{\\partial n_{5}} \\cdot \\frac{\\partial n_{5}}{\\partial w_{2,5}}',
    );
    expect(renderExpr(expandedKey(net1, t('x2')).expr, 'text')).toBe(
      '∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_2 · ∂n_2/∂(x_2)_d + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_2 · ∂n_2/∂(x_2)_d',
    );
  });
});

describe('property: factored and expanded keys are the same polynomial (random DAGs)', () => {
  it('agree on 150 seeds for every target, one monomial per path', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const rng = createRng(seed ^ 0x5eed);
      const depth = rng.int(1, 5);
      const outputs = rng.int(1, 3);
      const net = randomNetwork(seed, {
        neurons: depth === 1 ? outputs : rng.int(outputs + depth - 1, outputs + depth + 5),
        depth,
        density: rng.next(),
        skipConnections: rng.next() * 0.4,
        inputs: rng.int(1, 3),
        outputs,
        innerOutputs: rng.next() * 0.3,
        shuffleIds: seed % 2 === 0,
      });
      const targets: Target[] = [
        ...net.neurons.map((neuron): Target => ({ kind: 'neuron', neuron })),
        ...net.edges.slice(0, 4).map((e): Target => ({ kind: 'weight', from: e.from, to: e.to })),
        ...net.inputs.map((c): Target => ({ kind: 'inputWeight', input: c.input, neuron: c.neuron })),
        ...net.inputIndices.map((input): Target => ({ kind: 'input', input })),
      ];
      for (const target of targets) {
        const key = answerKey(net, target, { cap: 100_000 });
        const f = sorted(expand(key.factored));
        expect(f, `seed ${seed} ${JSON.stringify(target)}`).toEqual(sorted(expand(key.expanded.expr)));
        expect(BigInt(f.length)).toBe(key.pathCount);
        expect(f.every(([, c]) => c === 1n)).toBe(true);
      }
    }
  });
});

describe('compactness on deep networks', () => {
  it('a chain of 2,000 neurons has a factored key linear in size', () => {
    const chain = layeredNetwork(new Array<number>(2000).fill(1), { numbering: 'from-loss' });
    const key = factoredKey(chain.network, { kind: 'neuron', neuron: 1 });
    expect(exprPrintedLeaves(key)).toBe(2000);
  });

  it('a 40 × 40 fully connected network keeps the factored key small in memory (shared sub-expressions)', () => {
    const { network, layers } = layeredNetwork(new Array<number>(40).fill(40), { numbering: 'from-loss' });
    const target: Target = { kind: 'neuron', neuron: (layers[39] as number[])[0] as number };
    const key = factoredKey(network, target);
    const distinct = new Set<Expr>();
    const stack: Expr[] = [key];
    while (stack.length > 0) {
      const e = stack.pop() as Expr;
      if (distinct.has(e)) continue;
      distinct.add(e);
      if (e.kind === 'sum') stack.push(...e.terms);
      if (e.kind === 'product') stack.push(...e.factors);
      if (e.kind === 'neg') stack.push(e.expr);
    }
    expect(distinct.size).toBeLessThan(10 * network.edges.length);
    expect(exprPrintedLeaves(key)).toBe(MAX_RENDERED_LEAVES + 1);
    expect(() => renderExpr(key, 'text')).toThrow(RangeError);
    expect(expandedKey(network, target, { cap: 10 })).toMatchObject({ capped: true, pathCount: 40n ** 39n });
  });
});

describe('derivationSteps', () => {
  it('walks upwards from the outputs to the target, one line per neuron', () => {
    expect(derivationSteps(net1, t('(v_{1,1})_d')).map((s) => s.text)).toEqual([
      'dE/dn_6 = ∂E/∂n_6',
      'dE/dn_3 = dE/dn_6 · ∂n_6/∂n_3 = ∂E/∂n_6 · ∂n_6/∂n_3',
      'dE/dn_4 = dE/dn_6 · ∂n_6/∂n_4 = ∂E/∂n_6 · ∂n_6/∂n_4',
      'dE/dn_1 = dE/dn_3 · ∂n_3/∂n_1 + dE/dn_4 · ∂n_4/∂n_1 = ∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1',
      'dE/d(v_{1,1})_d = dE/dn_1 · ∂n_1/∂(v_{1,1})_d = (∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1) · ∂n_1/∂(v_{1,1})_d',
    ]);
  });

  it('renders LaTeX lines and ends with the whole key', () => {
    const steps = derivationSteps(net2, t('n1'));
    expect(steps.map((s) => s.subject)).toEqual(
      [6, 7, 8, 3, 5, 1].map((neuron) => ({ kind: 'neuron', neuron })),
    );
    expect(steps[3]?.latex).toBe(
      '\\frac{dE}{dn_{3}} = \\frac{dE}{dn_{6}} \\cdot \\frac{\\partial n_{6}}{\\partial n_{3}} + \\frac{dE}{dn_{8}} \\cdot \\frac{\\partial n_{8}}{\\partial n_{3}} = \\frac{\\partial E}{\\partial n_{6}} \\cdot \\frac{\\partial n_{6}}{\\partial n_{3}} + \\frac{\\partial E}{\\partial n_{8}} \\cdot \\frac{\\partial n_{8}}{\\partial n_{3}}',
    );
    const last = steps[steps.length - 1];
    expect(last && sorted(expand(last.expr))).toEqual(sorted(expand(factoredKey(net2, t('n1')))));
  });

  it('sums over every neuron an input feeds, and keeps an output’s own atom in its total', () => {
    const chain = randomNetwork(1, {
      neurons: 3,
      depth: 3,
      density: 1,
      skipConnections: 0,
      inputs: 1,
      outputs: 1,
      innerOutputs: 1,
    });
    const steps = derivationSteps(chain, t('x1'));
    expect(steps.map((s) => s.recurrence.text)).toEqual([
      '∂E/∂n_3',
      '∂E/∂n_2 + dE/dn_3 · ∂n_3/∂n_2',
      '∂E/∂n_1 + dE/dn_2 · ∂n_2/∂n_1',
      'dE/dn_1 · ∂n_1/∂(x_1)_d',
    ]);
    const key = sumOf([
      productOf([dE(1), dx(1, 1)]),
      productOf([dE(2), dn(2, 1), dx(1, 1)]),
      productOf([dE(3), dn(3, 2), dn(2, 1), dx(1, 1)]),
    ]);
    expect(sorted(expand(steps[3]?.expr as Expr))).toEqual(sorted(expand(key)));
  });

  it('omits the all-atoms form when it would be too long to print', () => {
    const { network, layers } = layeredNetwork([6, 6, 6, 6, 6], { numbering: 'from-loss' });
    const steps = derivationSteps(network, { kind: 'neuron', neuron: (layers[4] as number[])[0] as number });
    expect(steps).toHaveLength(6 * 4 + 1);
    const last = steps[steps.length - 1];
    expect(last?.atoms).toBeNull();
    expect(last?.text).toMatch(
      /^dE\/dn_\d+ = dE\/dn_\d+ · ∂n_\d+\/∂n_\d+( \+ dE\/dn_\d+ · ∂n_\d+\/∂n_\d+){5}$/,
    );
  });
});
