import { describe, expect, it } from 'vitest';
import type { Network } from '../network';
import { networkSpecSchema } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { renderAtom } from '../render';
import { enumeratePaths, gradientEdges, pathAtoms } from '../paths';
import { derivationSteps } from '../key';
import { parseTarget } from '../target';
import { expand, parseAnswer, polynomialsEqual } from '../expr';
import type { Polynomial } from '../expr';
import type { RuntimePack, RuntimeQuestion } from './runtime';
import { BUILTIN_PACKS, WEEK09_PACK_ID, compilePack, packSpecSchema } from './pack';
import type { PackSpec } from './pack';
import { TINY_NETWORK } from './test-networks';

function compiled(raw: unknown): { spec: PackSpec; pack: RuntimePack } {
  const r = compilePack(raw);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r;
}

const week09 = compiled(BUILTIN_PACKS[0]);

function question(id: string): RuntimeQuestion {
  const q = week09.pack.questions.find((x) => x.id === id);
  if (!q) throw new Error(`no question ${id}`);
  return q;
}

function polynomial(text: string): Polynomial {
  const parsed = parseAnswer(text);
  if (!parsed.ok) throw new Error(`cannot parse ${text}: ${parsed.failure.message}`);
  const e = expand(parsed.answer.expr);
  if (!e.ok) throw new Error('too large');
  return e.polynomial;
}

/** The lecture's worked answers of Task 1, verbatim from lecture/week09-gradient-flow.md. */
const LECTURE_ANSWERS = [
  { question: 'expr-n4', text: '∂E/∂n_4 = ∂E/∂n_6 · ∂n_6/∂n_4' },
  { question: 'expr-w25', text: '∂E/∂w_{2,5} = ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂w_{2,5}' },
  {
    question: 'expr-v11',
    text: '∂E/∂(v_{1,1})_d = (∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1) · ∂n_1/∂(v_{1,1})_d',
  },
  {
    question: 'expr-x2',
    text: '∂E/∂(x_2)_d = (∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_2 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_2) · ∂n_2/∂(x_2)_d',
  },
  {
    question: 'expr-net2-v22',
    text: '∂E/∂(v_{2,2})_d = (∂E/∂n_6 · ∂n_6/∂n_4 + ∂E/∂n_8 · ∂n_8/∂n_4) · ∂n_4/∂n_2 · ∂n_2/∂(v_{2,2})_d',
  },
  { question: 'expr-net2-w24', text: '∂E/∂w_{2,4} = (∂E/∂n_6 · ∂n_6/∂n_4 + ∂E/∂n_8 · ∂n_8/∂n_4) · ∂n_4/∂w_{2,4}' },
  {
    question: 'expr-net2-n1',
    text: '∂E/∂n_1 = (∂E/∂n_8 · ∂n_8/∂n_3 + ∂E/∂n_6 · ∂n_6/∂n_3) · ∂n_3/∂n_1 + ∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂n_1',
  },
] as const;

const rhs = (text: string): string => text.slice(text.indexOf(' = ') + 3);

describe('the built-in Week 09 pack', () => {
  it('comes first, validates, and survives a round trip through its own normalised spec', () => {
    expect(BUILTIN_PACKS[0]?.id).toBe(WEEK09_PACK_ID);
    expect(packSpecSchema.safeParse(BUILTIN_PACKS[0]).success).toBe(true);
    expect(week09.pack.questions.length).toBeGreaterThanOrEqual(14);
    expect(week09.pack.questions.length).toBeLessThanOrEqual(18);
    const again = compiled(JSON.parse(JSON.stringify(week09.spec)));
    expect(again.spec).toEqual(week09.spec);
    expect(again.pack.questions.map((q) => q.id)).toEqual(week09.pack.questions.map((q) => q.id));
  });

  it('has every question type the lecture needs, in a lecture flow starting with a warm-up count', () => {
    const types = week09.pack.questions.map((q) => q.type);
    expect(types[0]).toBe('count');
    expect(types[1]).toBe('highlight');
    expect(types.filter((t) => t === 'highlight').length).toBeGreaterThanOrEqual(3);
    expect(types.filter((t) => t === 'count').length).toBeGreaterThanOrEqual(4);
    expect(types).toContain('formula');
    for (let i = 1; i < types.length; i++) {
      if (types[i] === 'highlight') expect(types[i - 1]).not.toBe('highlight');
    }
  });

  it.each(LECTURE_ANSWERS)('$question: computed key equals the lecture answer as a polynomial', ({ question: id, text }) => {
    const key = question(id).key(0);
    expect(polynomialsEqual(polynomial(key.text), polynomial(rhs(text)))).toBe(true);
  });

  it.each(LECTURE_ANSWERS)('$question: the lecture answer as written scores 1, with and without its left-hand side', ({ question: id, text }) => {
    const q = question(id);
    for (const answer of [text, rhs(text)]) {
      const g = q.grade({ kind: 'expression', text: answer }, 0);
      expect(g.correct, answer).toBe(true);
      expect(g.credit).toBe(1);
    }
  });

  it.each(LECTURE_ANSWERS)('$question: dropping the last path term, or the wrong direction, scores below 1', ({ question: id, text }) => {
    const q = question(id);
    const wrong = q.grade({ kind: 'expression', text: '∂E/∂n_6 · ∂n_4/∂n_6' }, 0);
    expect(wrong.correct).toBe(false);
    expect(wrong.credit).toBeLessThan(1);
    const half = rhs(text).replace(/ \+ [^)]*\)/, ')');
    if (half !== rhs(text)) {
      const g = q.grade({ kind: 'expression', text: half }, 0);
      expect(g.credit).toBeLessThan(1);
      expect(g.credit).toBeGreaterThan(0);
    }
  });

  it('expression keys carry the walking-upwards derivation of engine/key.ts and LaTeX with the left-hand side', () => {
    const net2 = getBuiltinNetwork('week09-net2') as Network;
    const key = question('expr-net2-n1').key(0);
    const target = parseTarget('n1');
    if (!target.ok) throw new Error(target.error);
    expect(key.steps).toEqual(derivationSteps(net2, target.target).map((s) => s.latex));
    expect(key.latex?.startsWith('\\frac{\\partial E}{\\partial n_{1}} = ')).toBe(true);
    expect(key.choiceIndex).toBeNull();
  });

  it('highlight keys are the gradient edges; counts and formulas are computed from the graph', () => {
    const net1 = getBuiltinNetwork('week09-net1') as Network;
    expect(question('highlight-w25').key(0).edges).toEqual(gradientEdges(net1, { kind: 'weight', from: 2, to: 5 }));
    expect(question('warmup-paths-n1').key(0).text).toBe('2');
    expect(question('paths-x2').key(0).text).toBe('2');
    expect(question('paths-net2-n1').key(0).text).toBe('3');
    expect(question('deep-paths-layer4').key(0).text).toBe(String(3 * 4 * 4));
    expect(question('deep-factors-layer4').key(0).text).toBe('4');
    expect(question('task2-factors-k').key(0).text).toBe('k');
    expect(question('task2-weight-from-input').key(0).text).toBe('L - k + 2');
  });

  it('grades every type through the runtime question, and an answer of the wrong kind scores 0', () => {
    expect(question('warmup-paths-n1').grade({ kind: 'count', value: '2' }, 0).credit).toBe(1);
    expect(question('warmup-paths-n1').grade({ kind: 'count', value: '3' }, 0).notes[0]?.code).toBe('count/off-by-one');
    expect(question('highlight-w25').grade({ kind: 'highlight', edges: ['n2-n5', 'n5-n7', 'n7-E'] }, 0).credit).toBe(1);
    const partial = question('highlight-w25').grade({ kind: 'highlight', edges: ['n2-n5', 'n5-n7'] }, 0);
    expect(partial.credit).toBeGreaterThan(0);
    expect(partial.credit).toBeLessThan(1);
    expect(question('task2-factors-k').grade({ kind: 'formula', text: '(k+1)-1' }, 0).credit).toBe(1);
    expect(question('task2-factors-k').grade({ kind: 'formula', text: 'L-k+1' }, 0).notes[0]?.code).toBe('formula/wrong-numbering');
    expect(question('task2-weight-from-input').grade({ kind: 'formula', text: 'L-k+2' }, 0).correct).toBe(true);
    const wrongKind = question('expr-n4').grade({ kind: 'count', value: '1' }, 0);
    expect(wrongKind).toMatchObject({ correct: false, credit: 0 });
    expect(wrongKind.notes[0]?.code).toBe('answer/wrong-kind');
  });

  it('generates an explanation for every question, naming the path count', () => {
    for (const q of week09.pack.questions) expect(q.explanation, q.id).toBeTruthy();
    expect(question('expr-v11').explanation).toContain('There are 2 paths from E');
    expect(question('expr-net2-n1').explanation).toContain('the sum has 3 terms');
    expect(question('deep-paths-layer4').explanation).toContain('48 paths');
  });
});

/** Every key name anywhere in a JSON value. */
function keysDeep(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysDeep(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      keysDeep(v, out);
    }
  }
  return out;
}

/** Every array of strings anywhere in a JSON value, joined. */
function stringArrays(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every((v) => typeof v === 'string')) out.push([...(value as string[])].sort().join('|'));
    for (const v of value) stringArrays(v, out);
  } else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) stringArrays(v, out);
  return out;
}

describe('view() says what a count or formula question asks, without the prompt', () => {
  it('names paths or factors, and a formula quantity with its numbering', () => {
    const views = week09.pack.questions.map((q, i) => q.view(i, 0));
    const byId = (id: string) => views.find((v) => v.id === id);
    expect(byId('paths-x2')).toMatchObject({ counts: 'paths', formula: null });
    expect(byId('deep-factors-layer4')).toMatchObject({ counts: 'factors', formula: null });
    expect(byId('task2-factors-k')).toMatchObject({ counts: null, formula: { quantity: 'factors-to-neuron' } });
    expect(['from-loss', 'from-input']).toContain(byId('task2-factors-k')?.formula?.numbering);
    expect(byId('expr-w25')).toMatchObject({ counts: null, formula: null });
  });
});

describe('view() never includes the key', () => {
  it.each(week09.pack.questions.map((q, i) => [q.id, i] as const))('%s', (_id, index) => {
    const q = week09.pack.questions[index] as RuntimeQuestion;
    for (const seed of q.hasVariants ? [0, 1, 99, 123456] : [0]) {
      const view = q.view(index, seed);
      const json = JSON.stringify(view);
      const parsed: unknown = JSON.parse(json);
      const { network, ...rest } = parsed as Record<string, unknown>;
      const keys = keysDeep(rest);
      expect(Object.keys(view).sort()).toEqual(['choices', 'counts', 'formula', 'id', 'index', 'multiplier', 'network', 'params', 'prompt', 'target', 'timeLimitMs', 'type']);
      // The network is exactly an interchange spec: nothing rides along inside it.
      if (network !== null) expect(networkSpecSchema.safeParse(network).success).toBe(true);
      for (const forbidden of ['key', 'edges', 'answer', 'choiceIndex', 'steps', 'explanation', 'expected']) expect(keys.has(forbidden), forbidden).toBe(false);
      const key = q.key(seed);
      if (q.type === 'expression') {
        expect(json).not.toContain(key.text);
        // No atom of the key appears in the view, in text or LaTeX (the prompt names only ∂E/∂target).
        const parsedKey = parseAnswer(key.text);
        if (!parsedKey.ok) throw new Error('key does not parse');
        const e = expand(parsedKey.answer.expr);
        if (!e.ok) throw new Error('too large');
        for (const m of e.polynomial.values()) {
          for (const atom of m.atoms) {
            expect(json).not.toContain(JSON.stringify(renderAtom(atom, 'text')).slice(1, -1));
            expect(json).not.toContain(JSON.stringify(renderAtom(atom, 'latex')).slice(1, -1));
          }
        }
      }
      if (key.edges.length > 0) expect(stringArrays(parsed)).not.toContain([...key.edges].sort().join('|'));
      if (q.type === 'formula') expect(view.params.length).toBeGreaterThan(0);
    }
  });

  it('the path atoms the key is made of are what the check above looks for', () => {
    const net1 = getBuiltinNetwork('week09-net1') as Network;
    const atoms = enumeratePaths(net1, { kind: 'neuron', neuron: 4 }).paths.flatMap(pathAtoms);
    expect(atoms.map((a) => renderAtom(a, 'text'))).toEqual(['∂E/∂n_6', '∂n_6/∂n_4']);
  });
});

/** A small valid pack to break one field at a time. */
function basePack(): Record<string, unknown> {
  return {
    id: 'demo',
    title: 'Demo pack',
    networks: {
      tiny: structuredClone(TINY_NETWORK),
      alias: 'week09-net1',
      deep: { generator: 'layered', widths: [2, 3, 3] },
    },
    questions: [
      { id: 'q1', type: 'expression', prompt: 'Write $\\partial E/\\partial n_1$.', network: 'tiny', target: 'n1' },
      { id: 'q2', type: 'choice', prompt: 'Pick one', choices: ['a', 'b', 'c'], answer: 1 },
      { id: 'q3', type: 'count', prompt: 'Paths?', network: 'deep', target: 'n1' },
    ],
  };
}

type Mutation = (p: Record<string, unknown>) => void;

function questionAt(p: Record<string, unknown>, i: number): Record<string, unknown> {
  return (p.questions as Record<string, unknown>[])[i] as Record<string, unknown>;
}

function errorsOf(mutate: Mutation): { path: string; message: string }[] {
  const p = basePack();
  mutate(p);
  const r = compilePack(JSON.parse(JSON.stringify(p)));
  if (r.ok) throw new Error('expected the pack to be rejected');
  return r.errors;
}

describe('compilePack rejects each kind of mistake with the right field path', () => {
  it('accepts the base pack, with defaults filled in', () => {
    const { spec, pack } = compiled(basePack());
    expect(pack.questions.map((q) => q.timeLimitMs)).toEqual([75_000, 30_000, 30_000]);
    expect(spec.questions.map((q) => q.points)).toEqual([1, 1, 1]);
    expect(spec.format).toBe(1);
    expect(pack.questions[2]?.key(0).text).toBe('6');
  });

  const cases: [string, Mutation, string, RegExp][] = [
    ['missing title', (p) => delete p.title, 'title', /required/],
    ['empty title', (p) => (p.title = '  '), 'title', /empty/],
    ['bad pack id', (p) => (p.id = 'no spaces please'), 'id', /letters, digits/],
    ['unknown top-level field', (p) => (p.colour = 'blue'), '', /unknown field "colour"/],
    ['no questions', (p) => (p.questions = []), 'questions', /at least one question/],
    ['unknown question type', (p) => (questionAt(p, 0).type = 'essay'), 'questions.0.type', /expression/],
    ['unparseable target', (p) => (questionAt(p, 0).target = 'q7'), 'questions.0.target', /cannot read/],
    ['ambiguous target', (p) => (questionAt(p, 0).target = 'w123'), 'questions.0.target', /ambiguous/],
    ['target not in the network', (p) => (questionAt(p, 0).target = 'w_{2,5}'), 'questions.0.target', /does not exist in tiny/],
    ['neuron not in the network', (p) => (questionAt(p, 2).target = 'n42'), 'questions.2.target', /not a neuron/],
    ['unknown network reference', (p) => (questionAt(p, 0).network = 'nowhere'), 'questions.0.network', /unknown network "nowhere".*declared: tiny, alias, deep/],
    [
      'invalid network (cycle)',
      (p) =>
        ((p.networks as Record<string, unknown>).tiny = {
          name: 'tiny',
          inputs: [{ input: 'x1', neuron: 'n1' }],
          edges: [
            { from: 'n1', to: 'n2' },
            { from: 'n2', to: 'n1' },
          ],
          outputs: ['n2'],
        }),
      'networks.tiny',
      /cycle/,
    ],
    [
      'invalid network field',
      (p) => (((p.networks as Record<string, Record<string, unknown>>).tiny as Record<string, unknown>).edges = [{ from: 'n1', to: 7 }]),
      'networks.tiny.edges.0.to',
      /string/,
    ],
    ['unknown built-in network', (p) => ((p.networks as Record<string, unknown>).alias = 'week10-net9'), 'networks.alias', /unknown built-in network/],
    ['bad generator', (p) => ((p.networks as Record<string, unknown>).deep = { generator: 'layered', widths: [2, 0] }), 'networks.deep.widths.1', /too small|>=1/],
    ['unknown generator', (p) => ((p.networks as Record<string, unknown>).deep = { generator: 'spiral' }), 'networks.deep.generator', /layered/],
    ['choice answer out of range', (p) => (questionAt(p, 1).answer = 3), 'questions.1.answer', /out of range: there are 3 choices/],
    ['negative choice answer', (p) => (questionAt(p, 1).answer = -1), 'questions.1.answer', /too small|>=0/],
    ['duplicate question ids', (p) => (questionAt(p, 2).id = 'q1'), 'questions.2.id', /duplicate question id "q1" \(also questions\.0\.id\)/],
    ['time limit too long', (p) => (questionAt(p, 0).timeLimitSec = 3600), 'questions.0.timeLimitSec', /too big|<=600/],
    ['time limit too short', (p) => (questionAt(p, 0).timeLimitSec = 1), 'questions.0.timeLimitSec', /too small|>=5/],
    ['time limit of the wrong type', (p) => (questionAt(p, 0).timeLimitSec = '30'), 'questions.0.timeLimitSec', /expected number, received string/],
    ['points not 0, 1 or 2', (p) => (questionAt(p, 0).points = 3), 'questions.0.points', /0\|1\|2/],
    ['prompt of the wrong type', (p) => (questionAt(p, 0).prompt = ['a']), 'questions.0.prompt', /expected string/],
    ['missing target', (p) => delete questionAt(p, 0).target, 'questions.0.target', /required/],
    ['unknown question field', (p) => (questionAt(p, 0).answer = 'x'), 'questions.0', /unknown field "answer"/],
    ['unknown placeholder', (p) => (questionAt(p, 0).prompt = 'Write {{targt}}'), 'questions.0.prompt', /unknown placeholder/],
    ['target placeholder without a target', (p) => (questionAt(p, 1).prompt = 'About {{target}}'), 'questions.1.prompt', /only in questions with a target/],
    [
      'variants without {{target}} in the prompt',
      (p) => (questionAt(p, 0).variants = { kind: 'target' }),
      'questions.0.prompt',
      /\{\{target\}\}/,
    ],
    [
      'variant target of another depth',
      (p) => Object.assign(questionAt(p, 0), { network: 'alias', target: 'n3', prompt: '{{target}}', variants: { kind: 'target', targets: ['n1'] } }),
      'questions.0.variants.targets.0',
      /equal depth/,
    ],
    [
      'variant target not in the network',
      (p) => Object.assign(questionAt(p, 0), { network: 'alias', target: 'n3', prompt: '{{target}}', variants: { kind: 'target', targets: ['n5', 'n9'] } }),
      'questions.0.variants.targets.1',
      /not a neuron/,
    ],
    [
      'empty random-network neuron range',
      (p) => Object.assign(questionAt(p, 0), { prompt: '{{target}}', variants: { kind: 'random-network', neurons: [9, 6], depth: 3 } }),
      'questions.0.variants',
      /range \[9, 6\] is empty/,
    ],
    [
      'expression with too many terms to write',
      (p) => {
        (p.networks as Record<string, unknown>).huge = { generator: 'layered', widths: [5, 5, 5] };
        Object.assign(questionAt(p, 0), { network: 'huge', target: 'n1' });
      },
      'questions.0.target',
      /25 terms.*at most 16/,
    ],
    [
      'factors question whose paths differ in length',
      (p) => Object.assign(questionAt(p, 2), { network: 'skip', target: 'n1', count: 'factors' }),
      'questions.2.target',
      /between 2 and 3 factors/,
    ],
  ];

  it.each(cases)('%s', (_name, mutate, path, message) => {
    let mutation = mutate;
    if (_name.startsWith('factors question')) {
      mutation = (p) => {
        (p.networks as Record<string, unknown>).skip = {
          name: 'skip',
          inputs: [{ input: 'x1', neuron: 'n1' }],
          edges: [
            { from: 'n1', to: 'n2' },
            { from: 'n1', to: 'n3' },
            { from: 'n2', to: 'n3' },
          ],
          outputs: ['n3'],
        };
        mutate(p);
      };
    }
    const errors = errorsOf(mutation);
    const hit = errors.find((e) => e.path === path);
    expect(hit, `errors: ${JSON.stringify(errors)}`).toBeDefined();
    expect(hit?.message).toMatch(message);
  });

  it('rejects what is not an object, and reports every problem at once', () => {
    for (const raw of [null, 42, 'week09', [basePack()]]) {
      const r = compilePack(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]?.path).toBe('');
    }
    const errors = errorsOf((p) => {
      delete p.title;
      questionAt(p, 0).target = 'n99';
      questionAt(p, 1).answer = 5;
    });
    // Shape errors come first; semantic checks wait until the shape is right.
    expect(errors.map((e) => e.path)).toEqual(['title']);
    const semantic = errorsOf((p) => {
      questionAt(p, 0).target = 'n99';
      questionAt(p, 1).answer = 5;
    });
    expect(semantic.map((e) => e.path)).toEqual(['questions.0.target', 'questions.1.answer']);
  });

  it('never throws, even for hostile input', () => {
    const hostile: unknown[] = [
      { id: 'x', title: 'x', questions: [{ id: 'q', type: 'expression', prompt: 'p', network: '__proto__', target: 'n1' }] },
      { id: 'x', title: 'x', networks: { constructor: 'week09-net1' }, questions: [{ id: 'q', type: 'count', prompt: 'p', network: 'constructor', target: 'n1' }] },
      { id: 'x', title: 'x', networks: { g: { generator: 'random', seed: 1, neurons: 2, depth: 5 } }, questions: [{ id: 'q', type: 'count', prompt: 'p', network: 'g', target: 'n1' }] },
    ];
    hostile.push(
      JSON.parse(
        '{"id":"x","title":"x","networks":{"__proto__":"week09-net1"},"questions":[{"id":"q","type":"count","prompt":"p","network":"__proto__","target":"n1"}]}',
      ) as unknown,
    );
    for (const raw of hostile) expect(() => compilePack(raw)).not.toThrow();
    const protoNet = compilePack(hostile[3]);
    expect(protoNet.ok).toBe(false);
    if (!protoNet.ok) expect(protoNet.errors.map((e) => e.path)).toContain('networks.__proto__');
    const proto = compilePack(hostile[0]);
    expect(proto.ok).toBe(false);
    const ctor = compilePack(hostile[1]);
    expect(ctor.ok).toBe(true);
    const random = compilePack(hostile[2]);
    expect(random.ok).toBe(false);
    if (!random.ok) expect(random.errors[0]?.path).toBe('networks.g');
  });
});
