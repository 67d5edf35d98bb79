/**
 * Where reports meet the store: the per-question verdicts written at each
 * reveal, and the finished game's report with its summary written at the end.
 */
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { RoomRecord, Store } from '../store/types';
import { nextTurn } from '../turn-gate';
import { buildReport, playedQuestionCount, resultsDocId, summarizeReport, type PlayedQuestion } from './build-report';
import { RESULTS_COLLECTION, SUMMARY_COLLECTION, type GameReport, type QuestionResultsDoc } from '@/engine/reports';

/** Keeps every student's scored verdict on a closed question: one write per question. */
export async function saveQuestionResults(store: Store, doc: QuestionResultsDoc): Promise<void> {
  await store.putDoc(RESULTS_COLLECTION, resultsDocId(doc.roomId, doc.questionIndex), doc);
}

async function loadPlayedQuestion(store: Store, roomId: string, questionIndex: number): Promise<PlayedQuestion> {
  const [answers, results] = await Promise.all([
    store.listAnswers(roomId, questionIndex),
    store.getDoc(RESULTS_COLLECTION, resultsDocId(roomId, questionIndex)) as Promise<QuestionResultsDoc | null>,
  ]);
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
  await nextTurn();
  const report = buildReport({ room, pack, players, questions, endedAt });
  await nextTurn();
  await store.saveReport(report);
  await store.putDoc(SUMMARY_COLLECTION, report.roomId, summarizeReport(report));
  return report;
}
