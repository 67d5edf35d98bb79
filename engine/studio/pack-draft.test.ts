import { describe, expect, it } from 'vitest';
import type { StudioPack, PackEditResult } from './pack-draft';
import {
  addNetwork,
  addQuestion,
  addQuestions,
  changeQuestionType,
  compileStudio,
  defaultPrompt,
  duplicateSpec,
  importPackText,
  moveQuestion,
  newStudioPack,
  questionProblems,
  removeNetwork,
  removeQuestion,
  setNetworkDraft,
  setPackId,
  setQuestionTarget,
  setTitle,
  studioFromSpec,
  studioToSpec,
  updateQuestion,
} from './pack-draft';
import { drawableDraft } from './drawable';
import { addNeuron, blankDraft, toggleEdge } from './draft';
import type { DraftNetwork, EditResult } from './draft';
import { layeredDraft } from './generate';
import { BUILTIN_PACKS, compilePack } from '../quiz/pack';
import { parseNetwork } from '../network';

function get(r: PackEditResult): StudioPack {
  if (!r.ok) throw new Error(r.error);
  return r.pack;
}
function draft(r: EditResult): DraftNetwork {
  if (!r.ok) throw new Error(r.error);
  return r.draft;
}

/** A pack on a 1-2-2 layered network (from the loss) with one question of each graph type. */
function sample(): StudioPack {
  const net = layeredDraft({ widths: [1, 2, 2], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 0 });
  if (!net.ok) throw new Error(net.error);
  let p = get(setNetworkDraft(newStudioPack('mine', 'Mine'), 'net', net.draft));
  p = get(addQuestion(p, 'expression', 'net', { kind: 'neuron', neuron: 1 }));
  p = get(addQuestion(p, 'highlight', 'net', { kind: 'weight', from: 1, to: 3 }));
  p = get(addQuestion(p, 'count', 'net', { kind: 'input', input: 2 }));
  return p;
}

describe('the studio pack model', () => {
  it('a new pack cannot be saved until it has a question; the problem is at "questions"', () => {
    const c = compileStudio(newStudioPack('fresh'));
    expect(c.pack).toBeNull();
    expect(c.problems).toEqual([
      { place: { kind: 'pack', field: 'questions' }, path: 'questions', message: 'a pack needs at least one question' },
    ]);
  });

  it('questions added by tapping targets compile into a playable pack, with default prompts and time limits', () => {
    const p = sample();
    expect(p.questions.map((q) => [q.id, q.type, 'target' in q ? q.target : null, q.timeLimitSec])).toEqual([
      ['expression-1', 'expression', 'n_1', 75],
      ['highlight-2', 'highlight', 'w_{1,3}', 30],
      ['count-3', 'count', '(x_2)_d', 30],
    ]);
    const c = compileStudio(p);
    expect(c.problems).toEqual([]);
    expect(c.pack?.questions).toHaveLength(3);
    expect(addQuestion(p, 'expression', 'net', null)).toEqual({ ok: false, error: 'tap the target of this expression question on the network first' });
    expect(addQuestion(p, 'formula', 'nope', null).ok).toBe(false);
  });

  it('a bad field is reported at its question and field; nothing else is blamed', () => {
    const wrongTarget = compileStudio(get(updateQuestion(sample(), 1, { target: 'w_{3,1}' }))); // the edge runs n1 → n3
    expect(wrongTarget.pack).toBeNull();
    expect(questionProblems(wrongTarget, 0)).toEqual([]);
    expect(questionProblems(wrongTarget, 1, 'target').map((x) => x.message)).toEqual([
      expect.stringContaining('w_{3,1} needs an edge n_3 → n_1') as unknown,
    ]);
    const tooShort = compileStudio(get(updateQuestion(sample(), 2, { timeLimitSec: 2 })));
    expect(questionProblems(tooShort, 2, 'timeLimitSec').map((x) => x.message)).toEqual(['Too small: expected number to be >=5']);
    expect(tooShort.problems).toHaveLength(1);
  });

  it('tapping a new target refreshes a default prompt but keeps one the author wrote', () => {
    let p = sample();
    p = get(setQuestionTarget(p, 0, { kind: 'neuron', neuron: 2 }));
    expect(p.questions[0]).toMatchObject({ target: 'n_2', prompt: defaultPrompt('expression', { kind: 'neuron', neuron: 2 }) });
    p = get(updateQuestion(p, 0, { prompt: 'My own words about $n_2$.' }));
    p = get(setQuestionTarget(p, 0, { kind: 'neuron', neuron: 3 }));
    expect(p.questions[0]).toMatchObject({ target: 'n_3', prompt: 'My own words about $n_2$.' });
  });

  it('changing the type keeps id, prompt, multiplier, network and target', () => {
    let p = get(updateQuestion(sample(), 0, { points: 2 }));
    p = get(changeQuestionType(p, 0, 'count'));
    expect(p.questions[0]).toMatchObject({ id: 'expression-1', type: 'count', count: 'paths', points: 2, network: 'net', target: 'n_1', timeLimitSec: 30 });
    p = get(changeQuestionType(p, 0, 'choice'));
    expect(p.questions[0]).toMatchObject({ type: 'choice', choices: ['First option', 'Second option'], answer: 0 });
    expect(compileStudio(p).problems).toEqual([]);
  });

  it('reorders and removes questions', () => {
    let p = get(moveQuestion(sample(), 2, -1));
    expect(p.questions.map((q) => q.id)).toEqual(['expression-1', 'count-3', 'highlight-2']);
    expect(moveQuestion(p, 0, -1).ok).toBe(false);
    p = get(removeQuestion(p, 0));
    expect(p.questions.map((q) => q.id)).toEqual(['count-3', 'highlight-2']);
  });

  it('suggested questions are appended with their ids made unique', () => {
    const p = sample();
    const q = p.questions[0];
    if (!q) throw new Error('no question');
    const after = get(addQuestions(p, [q]));
    expect(after.questions.map((x) => x.id)).toEqual(['expression-1', 'highlight-2', 'count-3', 'expression-1-2']);
  });

  it('networks: add one, refuse removing one in use, remove one unused', () => {
    const added = addNetwork(sample(), blankDraft());
    if (!added.ok) throw new Error(added.error);
    expect(added.id).toBe('net2');
    expect(removeNetwork(added.pack, 'net')).toEqual({ ok: false, error: 'network "net" is used by expression-1, highlight-2, count-3; change or delete those questions first' });
    expect(get(removeNetwork(added.pack, 'net2')).networks.map((n) => n.id)).toEqual(['net']);
  });

  it('title and id are checked (the id by the same rule as the server)', () => {
    expect(setPackId(sample(), 'bad id').ok).toBe(false);
    expect(get(setPackId(sample(), 'ok-id')).id).toBe('ok-id');
    const c = compileStudio(get(setTitle(sample(), ' ')));
    expect(c.problems.map((x) => x.place)).toEqual([{ kind: 'pack', field: 'title' }]);
  });

  it('the built-in pack loads, saves unchanged entries (built-in ids, generators) and round-trips', () => {
    const week09 = BUILTIN_PACKS[0];
    const loaded = studioFromSpec(week09);
    if (!loaded.ok) throw new Error('load');
    expect(loaded.pack.networks.map((n) => n.id)).toEqual(['net1', 'net2', 'deep']);
    const spec = studioToSpec(loaded.pack);
    expect(spec.networks).toEqual(week09?.networks);
    const again = compilePack(spec);
    expect(again.ok && again.spec).toEqual(week09);
    // Editing a network saves its draft instead of the built-in id.
    const edited = get(setNetworkDraft(loaded.pack, 'net1', draft(addNeuron(loaded.pack.networks[0]?.draft as DraftNetwork, 6))));
    const net1 = studioToSpec(edited).networks?.net1;
    expect(typeof net1).toBe('object');
    expect(parseNetwork(net1).ok).toBe(true);
  });

  it('duplicating gives a new id and "(copy)" title; the copy compiles', () => {
    const copy = duplicateSpec(BUILTIN_PACKS[0] as never, 'week09-copy');
    expect(copy).toMatchObject({ id: 'week09-copy', title: 'Week 09 — how the gradient flows (copy)' });
    expect(compilePack(copy).ok).toBe(true);
  });

  it('an import that is not JSON, or not a valid pack, is refused whole with field paths', () => {
    expect(importPackText('{ nope')).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('not JSON') as unknown }] });
    const bad = importPackText(JSON.stringify({ id: 'x', title: 'X', questions: [{ id: 'q', type: 'count', prompt: 'p', network: 'n', target: 'n1' }] }));
    expect(bad.ok).toBe(false);
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['questions.0.network']);
    expect(importPackText(JSON.stringify(studioToSpec(sample()))).ok).toBe(true);
  });
});

describe('drawableDraft', () => {
  it('draws a neuron on no path to E with a hidden loss edge', () => {
    const d = draft(addNeuron(blankDraft()));
    const r = drawableDraft(d);
    expect(r?.hiddenEdges).toEqual(new Set(['n2-E']));
    expect(parseNetwork(r?.spec).ok).toBe(true);
  });

  it('leaves out an edge that closes a cycle, and says so', () => {
    let d = draft(addNeuron(blankDraft(), 1)); // n2 → n1
    d = draft(addNeuron(d, 2)); // n3 → n2
    d = draft(toggleEdge(d, 1, 3)); // n1 → n3 closes the cycle
    const r = drawableDraft(d);
    expect(r?.leftOut).toEqual(['n1-n3']);
    expect(parseNetwork(r?.spec).ok).toBe(true);
  });

  it('nothing to draw without neurons', () => {
    expect(drawableDraft({ ...blankDraft(), neurons: [], inputs: [], outputs: [] })).toBeNull();
  });
});
