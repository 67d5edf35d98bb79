/**
 * Where reports meet the store: the per-question verdicts written at each
 * reveal, and the finished game's report with its summary written at the end.
 */
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { RoomRecord, Store } from '../store/types';
import { nextTurn } from '../turn-gate';
import { buildReportInSteps, playedQuestionCount, resultsDocId, summarizeReport, type PlayedQuestion } from './build-report';
import { RESULTS_COLLECTION, SUMMARY_COLLECTION, type GameReport, type QuestionResultsDoc } from '@/engine/reports';

/** Keeps every student's scored verdict on a closed question: one write per question. */
export async function saveQuestionResults(store: Store, doc: QuestionResultsDoc): Promise<void> {
  await store.putDoc(RESULTS_COLLECTION, resultsDocId(doc.roomId, doc.questionIndex), doc);
}

/** A played question's answers, then (a turn later: each is every student's, read and parsed at once) its verdicts. */
async function loadPlayedQuestion(store: Store, roomId: string, questionIndex: number): Promise<PlayedQuestion> {
  const answers = await store.listAnswers(roomId, questionIndex);
  await nextTurn();
  const results = (await store.getDoc(RESULTS_COLLECTION, resultsDocId(roomId, questionIndex))) as QuestionResultsDoc | null;
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
