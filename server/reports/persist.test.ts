import { describe, expect, it } from 'vitest';
import { RESULTS_COLLECTION, RESULTS_PART_COLLECTION, type PlayerResult, type QuestionResultsDoc } from '@/engine/reports';
import { MemoryStore } from '../store/memory';
import { resultsDocId } from './build-report';
import { loadQuestionResults, RESULTS_PER_PART, saveQuestionResults } from './persist';

function result(i: number): PlayerResult {
  return { playerId: `p${i}`, questionIndex: 2, answered: true, correct: i % 2 === 0, credit: i % 2 === 0 ? 1 : 0, points: i, streak: 1, read: null, notes: [], answer: null, key: null };
}

function doc(n: number): QuestionResultsDoc {
  return { roomId: 'room1', questionIndex: 2, multiplier: 2, closedBy: 'deadline', closedAt: 5, results: Array.from({ length: n }, (_, i) => result(i)) };
}

describe("a question's results in the store", () => {
  it('are written in parts of RESULTS_PER_PART verdicts, the question last, and read back whole and in order', async () => {
    const store = new MemoryStore();
    const saved = doc(2 * RESULTS_PER_PART + 1);
    await saveQuestionResults(store, saved);
    const head = (await store.getDoc(RESULTS_COLLECTION, resultsDocId('room1', 2))) as { results: unknown[]; parts: number };
    expect(head.results).toEqual([]);
    expect(head.parts).toBe(3);
    const last = (await store.getDoc(RESULTS_PART_COLLECTION, `${resultsDocId('room1', 2)}.2`)) as { results: PlayerResult[] };
    expect(last.results.map((r) => r.playerId)).toEqual([`p${2 * RESULTS_PER_PART}`]);
    expect(await loadQuestionResults(store, 'room1', 2)).toEqual(saved);
  });

  it('read as unscored until the question itself is written (a reveal cut short), and a question with nobody', async () => {
    const store = new MemoryStore();
    const saving = saveQuestionResults(store, doc(RESULTS_PER_PART + 1));
    // The first part is written at once; the question's document only after the last part, turns later.
    expect(await store.getDoc(RESULTS_PART_COLLECTION, `${resultsDocId('room1', 2)}.0`)).not.toBeNull();
    expect(await loadQuestionResults(store, 'room1', 2)).toBeNull();
    await saving;
    expect((await loadQuestionResults(store, 'room1', 2))?.results).toHaveLength(RESULTS_PER_PART + 1);
    await saveQuestionResults(store, { ...doc(0), questionIndex: 3 });
    expect(await loadQuestionResults(store, 'room1', 3)).toEqual({ ...doc(0), questionIndex: 3 });
  });

  it('read a document written before verdicts were split, and refuse one with a part missing', async () => {
    const store = new MemoryStore();
    const old = doc(3);
    await store.putDoc(RESULTS_COLLECTION, resultsDocId('room1', 2), old);
    expect(await loadQuestionResults(store, 'room1', 2)).toEqual(old);
    await store.putDoc(RESULTS_COLLECTION, resultsDocId('room1', 4), { ...doc(0), questionIndex: 4, parts: 1 });
    await expect(loadQuestionResults(store, 'room1', 4)).rejects.toThrow(/part 0 of 1 is missing/);
  });
});
