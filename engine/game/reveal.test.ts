import { expect, it } from 'vitest';
import { aggregateMistakes, buildReveal } from './reveal';

const key = { text: 'k', latex: null, edges: [], choiceIndex: null, steps: [] };

it('counts correct, partial, choices and highlighted edges, and ranks mistakes by how many students made them', () => {
  const reveal = buildReveal({
    questionIndex: 2,
    key,
    explanation: null,
    choiceCount: 0,
    players: 5,
    answers: [
      { answer: { kind: 'highlight', edges: ['n6-E', 'n4-n6', 'n4-n6'] }, correct: true, credit: 1, notes: [] },
      { answer: { kind: 'highlight', edges: ['n6-E'] }, correct: false, credit: 0.5, notes: [{ code: 'highlight/missing-edge', message: 'm1' }, { code: 'highlight/missing-edge', message: 'm2' }] },
      { answer: { kind: 'highlight', edges: ['n3-n6'] }, correct: false, credit: 0, notes: [{ code: 'highlight/extra-edge', message: 'x' }, { code: 'highlight/missing-edge', message: 'm3' }] },
    ],
  });
  expect(reveal).toMatchObject({ answered: 3, players: 5, correct: 1, partial: 1 });
  expect(reveal.heatmap).toEqual({ 'n6-E': 2, 'n4-n6': 1, 'n3-n6': 1 });
  expect(reveal.mistakes).toEqual([
    { code: 'highlight/missing-edge', count: 2, message: 'An edge that carries gradient was not highlighted' },
    { code: 'highlight/extra-edge', count: 1, message: 'Highlighted an edge on no path to the target' },
  ]);
});

it('labels class-wide mistakes with fixed text, never a student note that may quote what they typed', () => {
  const typed = 'Your_teacher_is_wrong';
  const reveal = buildReveal({
    questionIndex: 0,
    key,
    explanation: null,
    choiceCount: 0,
    players: 1,
    answers: [{ answer: { kind: 'formula', text: typed }, correct: false, credit: 0, notes: [{ code: 'formula/wrong', message: `“${typed}” is not the formula.` }] }],
  });
  expect(reveal.mistakes).toEqual([{ code: 'formula/wrong', count: 1, message: 'Wrong formula' }]);
  expect(JSON.stringify(reveal)).not.toContain(typed);
});

it('counts choices and limits the mistakes listed', () => {
  const answers = Array.from({ length: 8 }, (_, i) => ({
    answer: { kind: 'choice' as const, index: i % 3 },
    correct: i % 3 === 1,
    credit: i % 3 === 1 ? 1 : 0,
    notes: [{ code: `c${i}`, message: '' }],
  }));
  const reveal = buildReveal({ questionIndex: 0, key, explanation: 'e', choiceCount: 3, players: 8, answers });
  expect(reveal.choiceCounts).toEqual([3, 3, 2]);
  expect(aggregateMistakes(answers, 2).map((m) => m.code)).toEqual(['c0', 'c1']);
});

it('counts a numeric diagnosis per path the engine named, labelled with the network’s own symbols', () => {
  const missing = (path: string) => ({ code: 'numeric/missing-path', message: `Your value 0.31 equals ∂E/∂w_{2,5} without the path ${path}.`, data: { path } });
  const reveal = buildReveal({
    questionIndex: 0,
    key,
    explanation: null,
    choiceCount: 0,
    players: 3,
    answers: [
      { answer: { kind: 'numeric', text: '0.31' }, correct: false, credit: 0, notes: [missing('E → n_6 → n_3')] },
      { answer: { kind: 'numeric', text: '0.3100' }, correct: false, credit: 0, notes: [missing('E → n_6 → n_3')] },
      { answer: { kind: 'numeric', text: '0.2' }, correct: false, credit: 0, notes: [missing('E → n_7 → n_5')] },
    ],
  });
  expect(reveal.mistakes).toEqual([
    { code: 'numeric/missing-path', count: 2, message: 'Number: one path from E to the target left out: E → n_6 → n_3' },
    { code: 'numeric/missing-path', count: 1, message: 'Number: one path from E to the target left out: E → n_7 → n_5' },
  ]);
  expect(JSON.stringify(reveal.mistakes)).not.toContain('0.31');
});

it('names a path only for the codes whose path is the mistake (not the nearest path of an extra term)', () => {
  const reveal = buildReveal({
    questionIndex: 0,
    key,
    explanation: null,
    choiceCount: 0,
    players: 1,
    answers: [{ answer: { kind: 'expression', text: 'x' }, correct: false, credit: 0, notes: [{ code: 'term/extra', message: 'm', data: { path: 'E → n_6 → n_4' } }, { code: 'path/missing', message: 'm', data: { path: 'E → n_7 → n_5' } }] }],
  });
  expect(reveal.mistakes.map((m) => m.message)).toEqual(['A path from E to the target is missing: E → n_7 → n_5', 'A term that is not a path to the target']);
});
