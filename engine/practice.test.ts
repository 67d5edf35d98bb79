import { describe, expect, it } from 'vitest';
import { countPaths } from './paths';
import { FOCUS_OF_CODE, MIN_PRACTICE_DEPTH, MIN_PRACTICE_PATHS, practicePlan, practiceQuestion, type PracticeHistoryEntry } from './practice';
import { parseTarget } from './target';
import { targetDepth } from './quiz/target-facts';
import { parseNetworkOrThrow, type Network } from './network';

const entry = (questionId: string, correct: boolean, noteCodes: string[], at = 1): PracticeHistoryEntry => ({
  source: 'game',
  sourceId: 'room1',
  title: 'Week 09',
  questionId,
  at,
  correct,
  noteCodes,
});

describe('practice plan', () => {
  it('offers each missed question once, most recent first, and never a correct one', () => {
    const plan = practicePlan([entry('a', false, ['path/missing'], 1), entry('b', true, [], 2), entry('a', false, ['path/missing'], 3), entry('c', false, ['count/wrong'], 2)], 1);
    expect(plan.missed.map((m) => [m.questionId, m.at])).toEqual([
      ['a', 3],
      ['c', 2],
    ]);
  });

  it("aims new questions at the student's own most frequent note codes", () => {
    const pathsStudent = practicePlan([entry('a', false, ['path/missing']), entry('b', false, ['path/missing', 'term/extra']), entry('c', false, ['path/missing'])], 5);
    expect(pathsStudent.codes[0]).toMatchObject({ code: 'path/missing', count: 3 });
    expect(pathsStudent.targeted.filter((t) => t.code === 'path/missing')).toHaveLength(2);
    expect(pathsStudent.targeted[0]?.focus).toBe('several-paths');

    const directionStudent = practicePlan([entry('a', false, ['atom/wrong-direction']), entry('b', false, ['atom/wrong-direction'])], 5);
    expect(directionStudent.codes.map((c) => c.code)).toEqual(['atom/wrong-direction']);
    expect(directionStudent.targeted.every((t) => t.focus === 'several-layers')).toBe(true);
    expect(directionStudent.targeted.some((t) => t.focus === 'several-paths')).toBe(false);
  });

  it('counts no unreadable codes and nothing from correct answers', () => {
    const plan = practicePlan([entry('a', false, ['parse/error']), entry('b', true, ['path/missing'])], 1);
    expect(plan.codes).toEqual([]);
    expect(plan.targeted).toEqual([]);
  });

  it('every code with an aim is a real note code of the engine', async () => {
    const { ALL_NOTE_CODES } = await import('./expr/notes');
    for (const code of Object.keys(FOCUS_OF_CODE)) expect(ALL_NOTE_CODES as readonly string[]).toContain(code);
  });
});

describe('generated practice questions', () => {
  const seeds = Array.from({ length: 25 }, (_, i) => 1000 + i * 7919);

  it('missing paths lead to targets reached by several paths', () => {
    for (const s of seeds) {
      const q = practiceQuestion(`practice.several-paths.${s}`);
      expect(q).not.toBeNull();
      const view = q!.view(0, 0);
      expect(['highlight', 'expression']).toContain(view.type);
      const key = q!.key(0);
      // One term per path in the key's text: the key says how many paths lead to the target.
      const net = networkOf(view.network);
      const target = parseTarget(view.target as string);
      if (!target.ok) throw new Error(target.error);
      expect(countPaths(net, target.target)).toBeGreaterThanOrEqual(BigInt(MIN_PRACTICE_PATHS));
      expect(key.text.length).toBeGreaterThan(0);
    }
  });

  it('factors upside down lead to expressions through several layers', () => {
    for (const s of seeds) {
      const q = practiceQuestion(`practice.several-layers.${s}`);
      expect(q).not.toBeNull();
      const view = q!.view(0, 0);
      expect(view.type).toBe('expression');
      const target = parseTarget(view.target as string);
      if (!target.ok) throw new Error(target.error);
      expect(targetDepth(networkOf(view.network), target.target)).toBeGreaterThanOrEqual(MIN_PRACTICE_DEPTH);
    }
  });

  it('the same id builds the same question, and its key grades correct', () => {
    const id = 'practice.counting.4242';
    const a = practiceQuestion(id);
    const b = practiceQuestion(id);
    expect(a!.view(0, 0)).toEqual(b!.view(0, 0));
    const key = a!.key(0);
    expect(a!.grade({ kind: 'count', value: key.text }, 0).correct).toBe(true);
    expect(a!.grade({ kind: 'count', value: '999' }, 0).correct).toBe(false);
  });

  it('refuses ids it did not make', () => {
    expect(practiceQuestion('practice.nonsense.1')).toBeNull();
    expect(practiceQuestion('expr-n4')).toBeNull();
  });
});

/** Rebuilds a Network from the interchange spec a public view carries. */
function networkOf(spec: unknown): Network {
  return parseNetworkOrThrow(spec);
}
