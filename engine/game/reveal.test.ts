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
    { code: 'highlight/missing-edge', count: 2, message: 'm1' },
    { code: 'highlight/extra-edge', count: 1, message: 'x' },
  ]);
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
