import { describe, expect, it } from 'vitest';
import type { PackSpecInput } from './pack';
import { BUILTIN_PACKS, compilePack } from './pack';
import type { RuntimeQuestion } from './runtime';
import { unreadableNote } from './runtime';
import { parseLocalAsk } from '../expr/local-symbols';
import { localKey } from '../expr/check-local';
import { NOTE_CODES } from '../expr/notes';

function compiled(input: unknown) {
  const r = compilePack(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

const part2 = compiled(BUILTIN_PACKS[1]);

function question(id: string): RuntimeQuestion {
  const q = part2.pack.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
}

function pack(questions: unknown[]): PackSpecInput {
  return { id: 'p', title: 'Local', networks: { net1: 'week09-net1' }, questions } as PackSpecInput;
}

const errorsOf = (questions: unknown[]): string[] => {
  const r = compilePack(pack(questions));
  return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('local questions in the Week 09 part 2 pack', () => {
  it('the view states the derivative and carries no key', () => {
    const q = question('write-n6-n4');
    expect(q.type).toBe('local');
    const view = q.view(2, 0);
    expect(view.type).toBe('local');
    expect(view.local).toEqual({ ask: 'n_6/n_4', askLatex: '\\frac{\\partial n_{6}}{\\partial n_{4}}' });
    expect(view.prompt).toContain('Write $\\frac{\\partial n_{6}}{\\partial n_{4}}$');
    expect(view.network).not.toBeNull();
    const wire = JSON.stringify(view);
    expect(wire).not.toContain("g'(z");
    expect(wire).not.toContain('w_{4,6}');
  });

  it('grades expression-kind answers exactly, with notes; other kinds are refused', () => {
    const q = question('write-n6-n4');
    expect(q.grade({ kind: 'expression', text: "g'(z_6) w_{4,6}" }, 0)).toMatchObject({ correct: true, credit: 1 });
    const wrong = q.grade({ kind: 'expression', text: "g'(z_6) w_{6,4}" }, 0);
    expect(wrong.correct).toBe(false);
    expect(wrong.notes.map((n) => n.code)).toEqual([NOTE_CODES.localWrongWeight]);
    expect(unreadableNote(q.grade({ kind: 'expression', text: "g'(" }, 0))?.code).toBe(NOTE_CODES.parseError);
    expect(unreadableNote(q.grade({ kind: 'numeric', text: '0.5' }, 0))?.code).toBe('answer/wrong-kind');
  });

  it('the key is text and LaTeX with derivation steps and the edge to draw', () => {
    const key = question('write-n6-n4').key(0);
    expect(key.text).toBe("∂n_6/∂n_4 = g'(z_6) · w_{4,6}");
    expect(key.latex).toBe("\\frac{\\partial n_{6}}{\\partial n_{4}} = g'(z_{6}) \\cdot w_{4,6}");
    expect(key.edges).toEqual(['n4-n6']);
    expect(key.steps[0]).toBe('n_{6} = g(z_{6}),\\quad z_{6} = b_{6} + w_{3,6}\\,n_{3} + w_{4,6}\\,n_{4}');
    expect(key.steps.at(-1)).toBe(key.latex);
    const loss = question('write-e-n7').key(0);
    expect(loss.text).toBe('∂E/∂n_7 = 2 · (n_7 − y_7)');
    expect(loss.edges).toEqual(['n7-E']);
    expect(question('write-e-n7').explanation).toContain('No $g\'$');
  });

  it('variants: each student another weight of the network, graded against their own key', () => {
    const q = question('write-n5-w25');
    expect(q.hasVariants).toBe(true);
    expect(q.view(0, 0).local?.ask).toBe('n_5/w_{2,5}');
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const ask = q.view(0, seed).local?.ask ?? '';
      seen.add(ask);
      const parsed = parseLocalAsk(ask);
      if (!parsed.ok || parsed.ask.kind !== 'weight') throw new Error(ask);
      const own = localKey(parsed.ask).rhs.text;
      expect(q.grade({ kind: 'expression', text: own }, seed).correct, ask).toBe(true);
      expect(q.key(seed).text).toBe(localKey(parsed.ask).text);
      expect(q.view(0, seed)).toEqual(q.view(0, seed));
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
    expect([...seen].every((a) => /^n_\d+\/w_\{\d+,\d+\}$/.test(a))).toBe(true);
  });
});

describe('local questions in a pack: validation', () => {
  const base = { id: 'q1', type: 'local', network: 'net1', prompt: 'Write it.' };

  it('accepts every kind of derivative on its network', () => {
    for (const derivative of ['n_5/w_{2,5}', 'n7/n5', 'n_1/(v_{1,1})_d', 'n_2/(x_2)_d', 'n_5/b_5', 'E/n_6']) {
      expect(errorsOf([{ ...base, derivative }]), derivative).toEqual([]);
    }
    const r = compiled(pack([{ ...base, derivative: 'n_5/b_5' }]));
    expect(r.spec.questions[0]?.timeLimitSec).toBe(60);
  });

  it('names the field and the problem', () => {
    expect(errorsOf([{ ...base, derivative: 'n_2/w_{5,2}' }])).toEqual(['questions.0.derivative: w_{5,2} is not a weight of Network I (no edge n_5 → n_2)']);
    expect(errorsOf([{ ...base, derivative: 'n_5/w_{5,2}' }])[0]).toContain('second index');
    expect(errorsOf([{ ...base, derivative: 'n_4/w_{2,5}' }])[0]).toContain('second index');
    expect(errorsOf([{ ...base, derivative: 'E/n_5' }])[0]).toContain('not an output');
    expect(errorsOf([{ ...base, derivative: 'dE/dw25' }])[0]).toContain('is not a local derivative');
    expect(errorsOf([{ ...base, derivative: 'n_5/w_{2,5}', variants: { kind: 'target' } }]).length).toBeGreaterThan(0);
    expect(errorsOf([{ ...base, derivative: 'n_5/w_{2,5}', answer: 'x' }]).length).toBeGreaterThan(0);
  });

  it('variants need another derivative of the same kind', () => {
    const one = { id: 'p', title: 'One', networks: { one: { name: 'one', inputs: [{ input: 'x1', neuron: 'n2' }], edges: [{ from: 'n2', to: 'n1' }], outputs: ['n1'] } }, questions: [{ ...base, network: 'one', derivative: 'n_1/n_2', variants: { kind: 'same-kind' } }] };
    const r = compilePack(one);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ path: 'questions.0.variants' });
  });
});
