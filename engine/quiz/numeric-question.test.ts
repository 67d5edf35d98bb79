import { describe, expect, it } from 'vitest';
import type { PackError, PackSpec } from './pack';
import { BUILTIN_PACKS, WEEK09_PART2_PACK_ID, compilePack, packSpecSchema } from './pack';
import type { RuntimePack, RuntimeQuestion } from './runtime';
import { getBuiltinNetwork } from '../builtins';
import type { Network } from '../network';
import { parseValues } from '../numeric/values';
import { separationProblems } from '../numeric/diagnose';
import { toleranceWidth } from '../numeric/number-answer';
import type { NumericTemplate } from './numeric-question';
import { numericVariantFacts } from './numeric-question';
import { WEEK09_PART2_PACK_INPUT } from './week09-part2';
import { NUMBER_ANSWER_MAX, answerSchema } from '../protocol';

function compiled(raw: unknown): { spec: PackSpec; pack: RuntimePack } {
  const r = compilePack(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r;
}

function errors(raw: unknown): PackError[] {
  const r = compilePack(raw);
  if (r.ok) throw new Error('expected the pack to be refused');
  return r.errors;
}

const part2 = compiled(BUILTIN_PACKS[1]);
const q = (id: string): RuntimeQuestion => {
  const found = part2.pack.questions.find((x) => x.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
};

const net1 = getBuiltinNetwork('week09-net1') as Network;
const SIGMOID = WEEK09_PART2_PACK_INPUT.questions[0]?.type === 'numeric' ? WEEK09_PART2_PACK_INPUT.questions[0].values : null;

/** A one-question pack on Network I. */
function pack(question: Record<string, unknown>, networks: Record<string, unknown> = { net1: 'week09-net1' }): unknown {
  return { id: 'p', title: 'P', networks, questions: [{ id: 'q', type: 'numeric', network: 'net1', values: SIGMOID, prompt: 'Compute.', ...question }] };
}

describe('the built-in Week 09 part 2 pack', () => {
  it('is the second built-in pack, validates and survives a round trip through its normalised spec', () => {
    expect(BUILTIN_PACKS[1]?.id).toBe(WEEK09_PART2_PACK_ID);
    expect(BUILTIN_PACKS[1]?.title).toBe('Week 09 part 2: numbers through the chain');
    expect(packSpecSchema.safeParse(BUILTIN_PACKS[1]).success).toBe(true);
    const again = compiled(JSON.parse(JSON.stringify(part2.spec)));
    expect(again.spec).toEqual(part2.spec);
    expect(part2.pack.questions.map((x) => x.type)).toEqual(['numeric', 'local', 'local', 'local', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'numeric', 'formula', 'numeric']);
  });

  it('shows the values and the tolerance, never the answer', () => {
    const view = q('grad-v11').view(4, 0);
    expect(view.type).toBe('numeric');
    expect(view.prompt).toContain('$w_{1,3} = 0.5$');
    expect(view.prompt).toContain('$y_{6} = 1$, $y_{7} = 0$; $E = \\sum_o (n_o - y_o)^2$');
    expect(view.prompt).toContain('Compute $\\partial E/\\partial (v_{1,1})_d$.');
    expect(view.prompt).toContain('_Type a number (e.g. 0.0123, 1.23e-2 or -1/8), within 1% of the exact value._');
    expect(view.numeric).toEqual({ values: expect.objectContaining({ activation: 'sigmoid' }), tolerance: 'within 1% of the exact value' });
    const key = q('grad-v11').key(0);
    expect(JSON.stringify(view)).not.toContain(key.text);
    expect(JSON.stringify(view)).not.toContain(key.text.slice(0, 6));
  });

  it('grades the key as correct and names a missing path', () => {
    const v11 = q('grad-v11');
    const key = v11.key(0);
    expect(v11.grade({ kind: 'numeric', text: key.text }, 0)).toMatchObject({ correct: true, credit: 1 });
    expect(key.edges).toEqual(['x1-n1', 'n1-n3', 'n1-n4', 'n3-n6', 'n4-n6', 'n6-E']);
    expect(key.steps.at(-1)).toMatch(/^\\frac\{\\partial E\}\{\\partial \(v_\{1,1\}\)_d\} = \(0\.002479\) \+ \(0\.001047\) = 0\.00352531$/);
    const wrong = v11.grade({ kind: 'numeric', text: '0.002479' }, 0);
    expect(wrong).toMatchObject({ correct: false, credit: 0 });
    expect(wrong.notes[0]?.message).toBe('Your value equals ∂E/∂(v_{1,1})_d without the path E → n_6 → n_4 → n_1 → (v_{1,1})_d.');
    expect(wrong.read).toEqual({ text: '0.002479', latex: '0.002479' });
    expect(v11.grade({ kind: 'count', value: '3' }, 0).notes[0]?.code).toBe('answer/wrong-kind');
    expect(v11.grade({ kind: 'numeric', text: 'about 0.0035' }, 0).notes[0]?.code).toBe('parse/error');
  });

  it('ReLU values are exact, a fraction is accepted', () => {
    const relu = q('relu-x2');
    expect(relu.key(0).text).toBe('-1.25');
    expect(relu.grade({ kind: 'numeric', text: '-5/4' }, 0).correct).toBe(true);
    expect(relu.explanation).toContain('(exactly -5/4)');
  });

  it('the vanishing-gradient formula is (1/4)^(k−1), graded like the other formula questions', () => {
    const f = q('vanishing-bound');
    expect(f.key(0).text).toBe('(1/4)^(k - 1)');
    expect(f.grade({ kind: 'formula', text: '4^(1-k)' }, 0).correct).toBe(true);
    expect(f.grade({ kind: 'formula', text: '0.25^(k-1)' }, 0).correct).toBe(true);
    expect(f.grade({ kind: 'formula', text: '(1/4)^k' }, 0).notes[0]?.code).toBe('formula/off-by-one');
  });

  it('the deep network shows ∂E/∂n shrinking layer by layer', () => {
    const deep = q('deep-n1');
    const m = /Largest \|∂E\/∂n\| per layer, from the loss down: (.*)\./.exec(deep.explanation ?? '');
    expect(m).not.toBeNull();
    const sizes = (m?.[1] ?? '').split(', ').map((s) => Number(s.split(': ')[1]));
    expect(sizes).toHaveLength(5);
    // With σ' ≤ 1/4, |w| ≤ 1 and two neurons per layer, each layer is at most half the one above.
    for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeLessThanOrEqual((sizes[k - 1] as number) / 2);
    expect(deep.explanation).toContain('… and 8 more paths');
  });
});

describe('the numeric answer on the wire', () => {
  it('is { kind: "numeric", text } with at most NUMBER_ANSWER_MAX characters, nothing else', () => {
    expect(answerSchema.safeParse({ kind: 'numeric', text: '-1/8' }).success).toBe(true);
    expect(answerSchema.safeParse({ kind: 'numeric', text: '1'.repeat(NUMBER_ANSWER_MAX) }).success).toBe(true);
    expect(answerSchema.safeParse({ kind: 'numeric', text: '1'.repeat(NUMBER_ANSWER_MAX + 1) }).success).toBe(false);
    expect(answerSchema.safeParse({ kind: 'numeric', value: 0.5 }).success).toBe(false);
    expect(answerSchema.safeParse({ kind: 'numeric', text: 0.5 }).success).toBe(false);
    expect(answerSchema.safeParse({ kind: 'numeric', text: '1', extra: true }).success).toBe(false);
  });
});

describe('per-student values', () => {
  const own = q('own-values-v11');
  const values = parseValues(net1, SIGMOID);
  if (!values.ok) throw new Error('values');
  const template: NumericTemplate = {
    id: 'own-values-v11',
    prompt: 'p',
    explanation: null,
    timeLimitMs: 1000,
    multiplier: 1,
    network: net1,
    values: values.values,
    ask: { kind: 'gradient', target: { kind: 'inputWeight', input: 1, neuron: 1 }, d: 1 },
    tolerance: { relative: 0.01 },
    variants: true,
  };

  it('over 500 seeds, the right answer and every mistake are told apart by the tolerance', () => {
    const seen = new Set<string>();
    let own = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const facts = numericVariantFacts(template, seed);
      expect(separationProblems(facts, template.tolerance), `seed ${seed}`).toEqual([]);
      // The same check spelled out: every mistake's accepted interval is disjoint from the answer's.
      const v = facts.value.value;
      for (const m of facts.mistakes) expect(Math.abs(m.value - v)).toBeGreaterThan(toleranceWidth(template.tolerance, v) + toleranceWidth(template.tolerance, m.value));
      expect(facts.mistakes.some((m) => m.code === 'numeric/missing-path')).toBe(true);
      seen.add(v.toPrecision(6));
      if (v !== numericVariantFacts(template, 0).value.value) own++;
    }
    expect(own).toBeGreaterThan(490);
    expect(seen.size).toBeGreaterThan(400);
  });

  it('each student is graded against their own values', () => {
    expect(own.hasVariants).toBe(true);
    const a = own.key(11).text;
    const b = own.key(12).text;
    expect(a).not.toBe(b);
    expect(own.view(0, 11).prompt).not.toBe(own.view(0, 12).prompt);
    expect(own.grade({ kind: 'numeric', text: a }, 11).correct).toBe(true);
    expect(own.grade({ kind: 'numeric', text: a }, 12).correct).toBe(false);
    expect(own.key(0).text).toBe(q('grad-v11').key(0).text);
  });
});

describe('numeric questions refused at validation, with the field and the limit named', () => {
  it('values that do not fit the network', () => {
    const e = errors(pack({ values: { ...(SIGMOID as object), weights: { 'w_{1,3}': 0.5, 'w_{9,9}': 1 } } }));
    expect(e).toContainEqual({ path: 'questions.0.values.weights.w_{9,9}', message: '"w_{9,9}" is not a weight of this network (write "w_{2,5}" for the edge n2 → n5)' });
    const missing = errors(pack({ values: { ...(SIGMOID as object), weights: { 'w_{1,3}': 0.5 } } }));
    expect(missing[0]).toEqual({ path: 'questions.0.values.weights', message: 'missing w_{1,4}, w_{2,4}, w_{2,5}, w_{3,6}, w_{4,6}, w_{5,7}: every edge needs a weight' });
    expect(errors(pack({ values: { ...(SIGMOID as object), weight: {} } }))[0]?.message).toMatch(/^unknown field "weight"/);
    expect(errors(pack({ values: { ...(SIGMOID as object), inputs: { x1: 'abc', x2: 1 } } }))[0]).toEqual({ path: 'questions.0.values.inputs.x1', message: '"abc" is not a number (write e.g. 0.5, -1.25e-1 or "-1/8")' });
    expect(errors(pack({ values: undefined }))[0]?.path).toBe('questions.0.values');
  });

  it('overflow, too big a network, too many paths', () => {
    const big = { activation: 'identity', inputs: { x1: 1000, x2: 1000 }, inputWeights: { v11: 1000, v22: 1000 }, weights: { w13: 1000, w14: 1000, w24: 1000, w25: 1000, w36: 1000, w46: 1000, w57: 1000 }, targets: { n6: 0, n7: 0 } };
    expect(errors(pack({ wrt: 'n4', values: big }))[0]?.message).toMatch(/overflows: computed values must stay within ±1000000000000 \(MAX_ABS_COMPUTED\)$/);
    expect(errors(pack({ wrt: 'n4', values: { ...big, inputs: { x1: 1001, x2: 1 } } }))[0]?.message).toBe('1001 is too large: values must lie in [-1000, 1000]');
    const wide = errors(pack({ network: 'wide', wrt: 'n1', values: { generate: { seed: 1 } } }, { wide: { generator: 'layered', widths: [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10] } }));
    expect(wide[0]).toEqual({ path: 'questions.0.values.generate', message: 'the network has 110 neurons; a network with values may have at most 100 (MAX_NUMERIC_NEURONS)' });
    const deep = errors(pack({ network: 'deep', wrt: 'n1', values: { generate: { seed: 1 } } }, { deep: { generator: 'layered', widths: [3, 3, 3, 3, 3] } }));
    expect(deep[0]?.message).toBe('∂E/∂n_1 has 81 paths; a numeric question allows at most 64 (MAX_NUMERIC_PATHS), since each path\'s contribution is listed and diagnosed');
  });

  it('asks that do not make sense, tolerances out of range, mistakes the tolerance cannot tell apart', () => {
    expect(errors(pack({ compute: 'forward' }))).toContainEqual({ path: 'questions.0.of', message: 'required for compute "forward": the neuron whose value n_k is asked, e.g. "n5"' });
    expect(errors(pack({ compute: 'gradient' }))).toContainEqual({ path: 'questions.0.wrt', message: 'required for compute "gradient": what the derivative is taken with respect to, e.g. "w_{2,5}"' });
    expect(errors(pack({ compute: 'local', of: 'n5', wrt: 'n1' }))[0]?.message).toMatch(/^∂n_5\/∂n_1 is not a local derivative of this network/);
    expect(errors(pack({ wrt: 'n4', of: 'n6' }))[0]).toEqual({ path: 'questions.0.of', message: 'a gradient is always of E: leave "of" out (or use compute "local")' });
    expect(errors(pack({ wrt: 'n4', tolerance: { relative: 0.5 } }))[0]?.path).toMatch(/^questions\.0\.tolerance/);
    const loose = errors(pack({ wrt: '(v_{1,1})_d', tolerance: { relative: 0.2 } }));
    expect(loose[0]?.path).toBe('questions.0.values');
    expect(loose[0]?.message).toMatch(/^the mistake ".*" gives .*, too close to the right value 0\.00352531 for the tolerance \(within 20% of the exact value\)$/);
  });

  it('accepts written values with fractions, per-layer activations and a component d', () => {
    const r = compiled(
      pack({
        wrt: '(x_1)_d',
        d: 2,
        values: {
          activation: 'sigmoid',
          activations: { layer1: 'identity' },
          inputs: { x1: [0.5, '-1/4'], x2: [1, 2] },
          inputWeights: { 'v_{1,1}': [0.3, 0.7], 'v_{2,2}': [0.2, -0.4] },
          weights: { w13: 0.5, w14: -0.3, w24: 0.8, w25: 0.6, w36: -1, w46: 0.7, w57: 0.2 },
          targets: { n6: 1, n7: 0 },
        },
      }),
    );
    const question = r.pack.questions[0] as RuntimeQuestion;
    expect(question.view(0, 0).prompt).toContain('$\\sigma$ for $n_{1}$, $n_{2}$, $n_{3}$, $n_{4}$, $n_{5}$; $\\mathrm{id}$ for $n_{6}$, $n_{7}$');
    expect(question.view(0, 0).prompt).toContain('$x_{1} = (0.5, -0.25)$');
    expect(question.view(0, 0).prompt).toContain('for component $d = 2$');
    expect(question.grade({ kind: 'numeric', text: question.key(0).text }, 0).correct).toBe(true);
  });
});
