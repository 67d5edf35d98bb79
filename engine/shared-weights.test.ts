/**
 * Shared weights (an unrolled recurrent cell): the key is the sum over the
 * weight's uses, which is backpropagation through time. Checked against a
 * worked example written out here, with numbers.
 */
import { describe, expect, it } from 'vitest';
import type { Expr, Target } from './types';
import { atomKey } from './atoms';
import type { Network } from './network';
import { networkToSpec, parseNetwork, parseNetworkOrThrow } from './network';
import { answerKey, derivationSteps } from './key';
import { renderExpr } from './render';
import { countPaths, gradientEdges } from './paths';
import { parseTarget, validateTarget } from './target';
import { checkExpression } from './expr';
import { explainGraphQuestion } from './quiz/explain';

/**
 * h_t = n_t for t = 1, 2, 3: n_t = w_{hh} · n_{t-1} + w_{xh} · x_t (h_0 = 0),
 * every step feeds the loss, E = n_1 + n_2 + n_3.
 */
const RNN = {
  name: 'RNN unrolled over 3 steps',
  inputs: [
    { input: 'x1', neuron: 'n1' },
    { input: 'x2', neuron: 'n2' },
    { input: 'x3', neuron: 'n3' },
  ],
  edges: [
    { from: 'n1', to: 'n2' },
    { from: 'n2', to: 'n3' },
  ],
  outputs: ['n1', 'n2', 'n3'],
  shared: [
    { name: 'hh', uses: ['n1-n2', 'n2-n3'] },
    { name: 'xh', uses: ['x1-n1', 'x2-n2', 'x3-n3'] },
  ],
};

const HH: Target = { kind: 'shared', name: 'hh' };
const XH: Target = { kind: 'shared', name: 'xh' };

function rnn(): Network {
  return parseNetworkOrThrow(RNN);
}

/** Evaluates a key with a number for every atom (by atom key). */
function evaluate(e: Expr, values: Record<string, number>): number {
  switch (e.kind) {
    case 'atom': {
      const v = values[atomKey(e.atom)];
      if (v === undefined) throw new Error(`no value for ${atomKey(e.atom)}`);
      return v;
    }
    case 'num':
      return Number(e.value);
    case 'neg':
      return -evaluate(e.expr, values);
    case 'sum':
      return e.terms.reduce((s, t) => s + evaluate(t, values), 0);
    case 'product':
      return e.factors.reduce((p, f) => p * evaluate(f, values), 1);
  }
}

describe('shared weights in the network format', () => {
  it('parses, round-trips through networkToSpec and indexes uses by neuron', () => {
    const net = rnn();
    expect(net.shared.get('hh')?.map((u) => [u.edge, u.neuron])).toEqual([
      ['n1-n2', 2],
      ['n2-n3', 3],
    ]);
    expect(net.sharedOfEdge.get('x2-n2')).toBe('xh');
    expect(parseNetwork(networkToSpec(net)).ok).toBe(true);
    expect(networkToSpec(net).shared).toEqual(RNN.shared);
  });

  it('a network without `shared` loads as before (no shared weights)', () => {
    const { shared: _s, ...old } = RNN;
    const net = parseNetworkOrThrow(old);
    expect(net.shared.size).toBe(0);
    expect(networkToSpec(net).shared).toBeUndefined();
  });

  it('refuses bad shared weights with one message each', () => {
    const r = parseNetwork({
      ...RNN,
      shared: [
        { name: 'H', uses: ['n1-n2'] },
        { name: 'hh', uses: ['n1-n3', 'n1-n2', 'q'] },
        { name: 'hh', uses: ['n2-n3'] },
        { name: 'xh', uses: ['n1-n2', 'x1-n1', 'x1-n1'] },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        'shared[0].name: "H" is not a shared-weight name (1 to 8 lowercase letters, e.g. "hh" for w_{hh})',
        'shared[1].uses[0]: w_{hh} sits on n1-n3, which is not an edge of this network',
        'shared[1].uses[2]: "q" is not an edge id (write "n3-n6" for an edge or "x1-n1" for an input)',
        'shared[2].name: shared weight w_{hh} is declared twice',
        'shared[3].uses[0]: edge n1-n2 already carries shared weight w_{hh} (an edge has one weight)',
        'shared[3].uses[2]: edge x1-n1 already carries shared weight w_{xh} (an edge has one weight)',
      ],
    });
    expect(parseNetwork({ ...RNN, shared: [{ name: 'ab', uses: ['n1-n2', 'x2-n2'] }] })).toEqual({
      ok: false,
      errors: ['shared[0].uses[1]: w_{ab} feeds n2 twice (n1-n2 and x2-n2); a shared weight is used once per neuron'],
    });
  });
});

describe('targets and atoms', () => {
  it('reads w_{hh} and w_hh as the shared weight; refuses a tied edge as a weight of its own', () => {
    expect(parseTarget('w_{hh}')).toEqual({ ok: true, target: HH });
    expect(parseTarget('w_hh')).toEqual({ ok: true, target: HH });
    const net = rnn();
    expect(validateTarget(net, HH)).toEqual({ ok: true });
    expect(validateTarget(net, { kind: 'shared', name: 'zz' })).toEqual({
      ok: false,
      error: 'w_{zz} is not a shared weight in RNN unrolled over 3 steps',
    });
    expect(validateTarget(net, { kind: 'weight', from: 1, to: 2 })).toEqual({
      ok: false,
      error: 'w_{1,2} is not a weight of its own: the edge n_1 → n_2 carries the shared weight w_{hh}, so ask about that',
    });
  });
});

describe('the key is the sum over uses and paths (BPTT)', () => {
  it('∂E/∂w_{hh}: one term per use and path, written out', () => {
    const net = rnn();
    const key = answerKey(net, HH);
    // Uses: n1 → n2 (into n2), n2 → n3 (into n3).
    // dE/dn_3 = ∂E/∂n_3;  dE/dn_2 = ∂E/∂n_2 + ∂E/∂n_3 · ∂n_3/∂n_2.
    // ∂E/∂w_hh = dE/dn_2 · ∂n_2/∂w_hh + dE/dn_3 · ∂n_3/∂w_hh: three paths.
    expect(key.pathCount).toBe(3n);
    expect(countPaths(net, HH)).toBe(3n);
    expect(renderExpr(key.expanded.expr, 'text')).toBe(
      '∂E/∂n_2 · ∂n_2/∂w_{hh} + ∂E/∂n_3 · ∂n_3/∂n_2 · ∂n_2/∂w_{hh} + ∂E/∂n_3 · ∂n_3/∂w_{hh}',
    );
    expect(renderExpr(key.factored, 'text')).toBe(
      '(∂E/∂n_2 + ∂E/∂n_3 · ∂n_3/∂n_2) · ∂n_2/∂w_{hh} + ∂E/∂n_3 · ∂n_3/∂w_{hh}',
    );
    const last = derivationSteps(net, HH).at(-1);
    expect(last?.recurrence.text).toBe('dE/dn_2 · ∂n_2/∂w_{hh} + dE/dn_3 · ∂n_3/∂w_{hh}');
  });

  it('agrees with BPTT by hand on numbers: w_hh = 2, w_xh = 1, x = (1, 1, 1)', () => {
    // Forward: n1 = 1·1 = 1, n2 = 2·1 + 1 = 3, n3 = 2·3 + 1 = 7; E = 1 + 3 + 7 = 11.
    // By hand: dn1/dw_hh = 0, dn2/dw_hh = n1 + 2·0 = 1, dn3/dw_hh = n2 + 2·1 = 5; dE/dw_hh = 0 + 1 + 5 = 6.
    //          dn1/dw_xh = x1 = 1, dn2/dw_xh = x2 + 2·1 = 3, dn3/dw_xh = x3 + 2·3 = 7; dE/dw_xh = 11.
    const values: Record<string, number> = {
      'E/n1': 1,
      'E/n2': 1,
      'E/n3': 1,
      'n2/n1': 2,
      'n3/n2': 2,
      'n2/w_hh': 1, // ∂n_2/∂w_hh at its own use = n_1
      'n3/w_hh': 3, // = n_2
      'n1/w_xh': 1, // = x_1
      'n2/w_xh': 1,
      'n3/w_xh': 1,
    };
    const net = rnn();
    for (const [target, want] of [
      [HH, 6],
      [XH, 11],
    ] as const) {
      const key = answerKey(net, target);
      expect(evaluate(key.expanded.expr, values)).toBe(want);
      expect(evaluate(key.factored, values)).toBe(want);
    }
  });

  it('highlight: every use edge on a path, plus the paths above', () => {
    expect(gradientEdges(rnn(), HH)).toEqual(['n1-n2', 'n2-n3', 'n2-E', 'n3-E']);
    expect(gradientEdges(rnn(), XH)).toEqual(['x1-n1', 'x2-n2', 'x3-n3', 'n1-n2', 'n2-n3', 'n1-E', 'n2-E', 'n3-E']);
  });

  it('the explanation says the gradient sums over the uses', () => {
    const text = explainGraphQuestion('expression', 'paths', rnn(), HH);
    expect(text).toContain('shared by 2 edges (into $n_{2}$, $n_{3}$)');
    expect(text).toContain('sum over its uses');
  });
});

describe('checking answers about a shared weight', () => {
  const net = rnn();

  it('accepts the key factored or expanded, typed as students type', () => {
    for (const answer of [
      '(∂E/∂n_2 + ∂E/∂n_3 · ∂n_3/∂n_2) · ∂n_2/∂w_{hh} + ∂E/∂n_3 · ∂n_3/∂w_{hh}',
      'dE/dn2 * dn2/dw_hh + dE/dn3 * dn3/dn2 * dn2/dw_hh + dE/dn3 * dn3/dw_hh',
    ]) {
      const r = checkExpression(net, HH, answer);
      expect(r.notes, answer).toEqual([]);
      expect(r.correct, answer).toBe(true);
    }
  });

  it('forgetting a use (the classic truncated BPTT) is a missing path', () => {
    const r = checkExpression(net, HH, 'dE/dn3 * dn3/dw_hh');
    expect(r.correct).toBe(false);
    expect(r.notes.map((n) => n.code)).toContain('path/missing');
  });

  it('writing the tied edge weight w_{2,3} instead of w_{hh} is named', () => {
    const r = checkExpression(net, HH, 'dE/dn2 * dn2/dw_hh + dE/dn3 * dn3/dn2 * dn2/dw_hh + dE/dn3 * dn3/dw_{2,3}');
    expect(r.correct).toBe(false);
    const note = r.notes.find((n) => n.code === 'atom/unknown');
    expect(note?.message).toContain('carries the shared weight w_{hh}, so write that instead of w_{2,3}');
  });

  it('∂n_1/∂w_{hh} is named: w_{hh} does not feed n_1', () => {
    const r = checkExpression(net, HH, 'dE/dn1 * dn1/dw_hh');
    const note = r.notes.find((n) => n.code === 'atom/mismatched-weight');
    expect(note?.message).toContain('is used on the edges into n_2, n_3, not into n_1');
  });
});
