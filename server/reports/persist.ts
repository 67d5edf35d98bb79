/**
 * Where reports meet the store: the per-question verdicts written at each
 * reveal, and the finished game's report with its summary written at the end.
 */
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { RoomRecord, Store } from '../store/types';
import { inTurns, nextTurn } from '../turn-gate';
import { buildReportInSteps, playedQuestionCount, resultsDocId, summarizeReport, type PlayedQuestion } from './build-report';
import { RESULTS_COLLECTION, RESULTS_PART_COLLECTION, SUMMARY_COLLECTION, type GameReport, type PlayerResult, type QuestionResultsDoc } from '@/engine/reports';

/**
 * Verdicts per stored part of a question's results: the verdicts of 5,000 students in one document were a 5 MB write
 * and a stall of up to 260 ms at the reveal.
 */
export const RESULTS_PER_PART = 500;

/** A question's results as stored: the document without its verdicts, and how many parts hold them. */
type StoredResultsDoc = QuestionResultsDoc & { readonly parts?: number };

const partId = (roomId: string, questionIndex: number, part: number) => `${resultsDocId(roomId, questionIndex)}.${part}`;

/**
 * Keeps every student's scored verdict on a closed question: {@link RESULTS_PER_PART} verdicts per document and turn
 * of the event loop, then the question's document, which names its parts. Until that last write the question reads as
 * unscored; a reveal cut short by a crash is scored again and writes every part again.
 */
export async function saveQuestionResults(store: Store, doc: QuestionResultsDoc): Promise<void> {
  const parts = Math.ceil(doc.results.length / RESULTS_PER_PART);
  await inTurns(doc.results, RESULTS_PER_PART, (results, first) =>
    store.putDoc(RESULTS_PART_COLLECTION, partId(doc.roomId, doc.questionIndex, first / RESULTS_PER_PART), { results }),
  );
  if (parts > 0) await nextTurn();
  const stored: StoredResultsDoc = { ...doc, results: [], parts };
  await store.putDoc(RESULTS_COLLECTION, resultsDocId(doc.roomId, doc.questionIndex), stored);
}

/** A question's results with every verdict, a part per turn; null when it was not scored. */
export async function loadQuestionResults(store: Store, roomId: string, questionIndex: number): Promise<QuestionResultsDoc | null> {
  const stored = (await store.getDoc(RESULTS_COLLECTION, resultsDocId(roomId, questionIndex))) as StoredResultsDoc | null;
  // A document without parts holds its verdicts itself (as written before they were split).
  if (!stored || stored.parts === undefined) return stored;
  const { parts, ...doc } = stored;
  const results: PlayerResult[] = [];
  for (let k = 0; k < parts; k++) {
    await nextTurn();
    const part = (await store.getDoc(RESULTS_PART_COLLECTION, partId(roomId, questionIndex, k))) as { results: PlayerResult[] } | null;
    if (!part) throw new Error(`results of question ${questionIndex} of room ${roomId}: part ${k} of ${parts} is missing`);
    results.push(...part.results);
  }
  return { ...doc, results };
}

/** A played question's answers, then (a turn later: each is every student's, read and parsed at once) its verdicts. */
async function loadPlayedQuestion(store: Store, roomId: string, questionIndex: number): Promise<PlayedQuestion> {
  const answers = await store.listAnswers(roomId, questionIndex);
  await nextTurn();
  const results = await loadQuestionResults(store, roomId, questionIndex);
  return { answers, results };
}

/**
 * Builds the report of a room that just ended from the store's records and
 * keeps it durably, then its summary (the index the class leaderboard reads;
 * rebuilt from the report by the report list if a crash comes in between).
 */
export async function writeGameReport(store: Store, room: RoomRecord, pack: RuntimePack, endedAt: number): Promise<GameReport> {
  const played = playedQuestionCount(room, pack);
  const players = await store.listPlayers(room.id);
  // One question's answers per turn of the event loop: a big room's whole game at once was a long stall at its end.
  const questions: PlayedQuestion[] = [];
  for (let i = 0; i < played; i++) {
    await nextTurn();
    questions.push(await loadPlayedQuestion(store, room.id, i));
  }
  // The report a question (then a few hundred students) per turn, then its save (in turns of its own on SQLite).
  const steps = buildReportInSteps({ room, pack, players, questions, endedAt });
  let step: IteratorResult<void, GameReport>;
  do {
    await nextTurn();
    step = steps.next();
  } while (!step.done);
  const report = step.value;
  await nextTurn();
  await store.saveReport(report);
  await store.putDoc(SUMMARY_COLLECTION, report.roomId, summarizeReport(report));
  return report;
}
