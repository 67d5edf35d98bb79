import { describe, expect, it } from 'vitest';
import { buildReveal, pollVotes } from '../game/reveal';
import { compilePack } from './pack';
import { TRUE_FALSE_CHOICES, multiSelectCredit } from './choice-kinds';
import { normaliseAnswer, unreadableNote } from './runtime';

const pack = {
  id: 'kinds',
  title: 'Option kinds',
  questions: [
    { id: 'm', type: 'multi', prompt: 'Which are local derivatives?', choices: ['∂n_6/∂n_4', '∂E/∂n_4', '∂n_7/∂n_5', '∂E/∂E'], answers: [0, 2] },
    { id: 't', type: 'truefalse', prompt: 'Every path has the same number of factors in a layered network.', answer: true },
    { id: 'p', type: 'poll', prompt: 'How sure are you?', choices: ['Sure', 'Unsure', 'Lost'] },
  ],
};

function compiled() {
  const r = compilePack(pack);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r;
}

describe('multi-select credit', () => {
  it('is right picks minus wrong picks over the right options, never below 0', () => {
    expect(multiSelectCredit([0, 2], [0, 2])).toBe(1);
    expect(multiSelectCredit([0, 2], [0])).toBe(0.5);
    expect(multiSelectCredit([0, 2], [0, 1])).toBe(0);
    expect(multiSelectCredit([0, 2], [0, 1, 2, 3])).toBe(0);
    expect(multiSelectCredit([0, 1, 2], [0, 1, 3])).toBeCloseTo(1 / 3);
    expect(multiSelectCredit([0, 2], [1, 3])).toBe(0);
    expect(multiSelectCredit([0, 2], [2, 2, 0])).toBe(1);
  });
});

describe('compiled option kinds', () => {
  it('grades a multi-select answer as a set, with notes on what was missed and what was wrong', () => {
    const q = compiled().pack.questions[0]!;
    expect(q.type).toBe('multi');
    expect(q.view(0, 0)).toMatchObject({ type: 'multi', choices: pack.questions[0]!.choices });
    expect(q.key(0)).toMatchObject({ choiceIndex: null, choiceIndices: [0, 2], text: '∂n_6/∂n_4; ∂n_7/∂n_5' });
    expect(q.grade({ kind: 'multi', indices: [2, 0] }, 0)).toMatchObject({ correct: true, credit: 1, notes: [] });
    const half = q.grade({ kind: 'multi', indices: [0] }, 0);
    expect(half).toMatchObject({ correct: false, credit: 0.5 });
    expect(half.notes.map((n) => n.code)).toEqual(['multi/missed']);
    const wrong = q.grade({ kind: 'multi', indices: [0, 1, 2, 3] }, 0);
    expect(wrong).toMatchObject({ correct: false, credit: 0 });
    expect(wrong.notes.map((n) => n.code)).toEqual(['multi/extra']);
    expect(unreadableNote(q.grade({ kind: 'multi', indices: [4] }, 0))?.code).toBe('choice/unknown');
    expect(unreadableNote(q.grade({ kind: 'choice', index: 0 }, 0))?.code).toBe('answer/wrong-kind');
    expect(normaliseAnswer({ kind: 'multi', indices: [2, 0, 2] })).toEqual({ kind: 'multi', indices: [0, 2] });
  });

  it('plays a true/false question as the two options True and False', () => {
    const q = compiled().pack.questions[1]!;
    expect(q.view(1, 0)).toMatchObject({ type: 'truefalse', choices: TRUE_FALSE_CHOICES });
    expect(q.key(0)).toMatchObject({ choiceIndex: 0, text: 'True' });
    expect(q.grade({ kind: 'choice', index: 0 }, 0)).toMatchObject({ correct: true, credit: 1 });
    expect(q.grade({ kind: 'choice', index: 1 }, 0)).toMatchObject({ correct: false, credit: 0, notes: [{ code: 'choice/wrong' }] });
    expect(unreadableNote(q.grade({ kind: 'choice', index: 2 }, 0))?.code).toBe('choice/unknown');
  });

  it('gives a poll no key, no multiplier and no verdict beyond what was read', () => {
    const { spec, pack: p } = compiled();
    const q = p.questions[2]!;
    expect(spec.questions[2]).toMatchObject({ points: 0, timeLimitSec: 30 });
    expect(q.multiplier).toBe(0);
    expect(q.key(0)).toMatchObject({ choiceIndex: null, choiceIndices: [], text: '' });
    expect(q.grade({ kind: 'choice', index: 1 }, 0)).toEqual({ correct: false, credit: 0, read: { text: 'Unsure', latex: '' }, notes: [] });
    expect(unreadableNote(q.grade({ kind: 'choice', index: 3 }, 0))?.code).toBe('choice/unknown');
  });

  it('counts a poll and each pick of a multi-select per option at the reveal', () => {
    expect(pollVotes(3, [{ kind: 'choice', index: 1 }, { kind: 'choice', index: 1 }, { kind: 'choice', index: 7 }, { kind: 'count', value: '1' }])).toEqual([0, 2, 0]);
    const key = { text: '', latex: null, edges: [], choiceIndex: null, choiceIndices: [0, 2], steps: [] };
    const reveal = buildReveal({
      questionIndex: 0,
      key,
      explanation: null,
      choiceCount: 4,
      players: 3,
      answers: [
        { answer: { kind: 'multi', indices: [0, 2] }, correct: true, credit: 1, notes: [] },
        { answer: { kind: 'multi', indices: [0, 1, 1] }, correct: false, credit: 0, notes: [{ code: 'multi/missed', message: 'x' }, { code: 'multi/extra', message: 'y' }] },
      ],
    });
    expect(reveal.choiceCounts).toEqual([2, 1, 1, 0]);
    expect(reveal.mistakes.map((m) => [m.code, m.message])).toEqual([
      ['multi/extra', 'Picked a wrong option'],
      ['multi/missed', 'Missed a right option'],
    ]);
  });
});

describe('pack validation of the option kinds', () => {
  const errorsOf = (questions: unknown[]) => {
    const r = compilePack({ id: 'bad', title: 'Bad', questions });
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('names every problem with its field', () => {
    expect(errorsOf([{ id: 'm', type: 'multi', prompt: 'x', choices: ['a', 'b'], answers: [1, 1, 2] }])).toEqual([
      'questions.0.answers.1: answer 1 is listed twice (also answers.0)',
      'questions.0.answers.2: answer 2 is out of range: there are 2 choices, numbered 0 to 1',
    ]);
    expect(errorsOf([{ id: 'm', type: 'multi', prompt: 'x', choices: ['a', 'b'], answers: [] }])[0]).toMatch(/^questions\.0\.answers: /);
    expect(errorsOf([{ id: 't', type: 'truefalse', prompt: 'x', answer: 1 }])[0]).toMatch(/^questions\.0\.answer: .*boolean/);
    expect(errorsOf([{ id: 't', type: 'truefalse', prompt: 'x', answer: true, choices: ['a', 'b'] }])[0]).toMatch(/choices/);
    expect(errorsOf([{ id: 'p', type: 'poll', prompt: 'x', choices: ['a', 'b'], points: 1 }])).toEqual([
      'questions.0.points: a poll scores nothing: leave points out or set it to 0',
    ]);
    expect(errorsOf([{ id: 'p', type: 'poll', prompt: 'x', choices: ['a'] }])[0]).toMatch(/^questions\.0\.choices: /);
    expect(errorsOf([{ id: 'p', type: 'poll', prompt: 'x', choices: ['a', 'b'], answer: 0 }])[0]).toMatch(/answer/);
  });
});
