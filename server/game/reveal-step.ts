/**
 * Entering a reveal: score the closed question (engine/game/score-question),
 * keep every verdict for the report, build the class-wide reveal and store it
 * on the room. Each step is idempotent, so a crash in between is repaired by
 * running it again.
 */
import { buildReveal } from '@/engine/game/reveal';
import { questionScores, scoreQuestion } from '@/engine/game/score-question';
import type { KeyView } from '@/engine/protocol';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { saveQuestionResults } from '../reports/persist';
import type { PlayerRecord, RoomRecord, Store } from '../store/types';
import { inTurns, nextTurn } from '../turn-gate';
import { variantSeed } from './views';

/** Scored seats written per turn of the event loop. */
export const SAVE_CHUNK = 500;
/** Students' variant keys derived per turn of the event loop. */
export const KEYS_PER_TURN = 250;

/** What the reveal step needs. */
export interface RevealDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly casAttempts: number;
  /** Scored seats written per turn (default {@link SAVE_CHUNK}). */
  readonly saveChunk?: number;
}

/**
 * Scores the room's current (closed) question once and stores its reveal.
 * Returns the room as stored and the students whose verdict is new (to be
 * told after the room broadcast); nothing when the reveal is already stored.
 */
export async function scoreAndReveal(deps: RevealDeps, room: RoomRecord, pack: RuntimePack): Promise<{ room: RoomRecord; verdicts: readonly PlayerRecord[] }> {
  const { store } = deps;
  const idx = room.state.questionIndex;
  if (room.reveal?.questionIndex === idx) return { room, verdicts: [] };
  const q = pack.questions[idx];
  if (!q) throw new Error(`question ${idx} out of range`);
  // Each O(students) step gets a turn of the event loop of its own (on SQLite each is synchronous), so answers, pings
  // and other rooms are served in between instead of waiting for the whole reveal.
  const players = await store.listPlayers(room.id);
  await nextTurn();
  const answers = await store.listAnswers(room.id, idx);
  await nextTurn();
  // Each student's own variant key (derived per student: ~20 µs each, 100 ms for 5,000), KEYS_PER_TURN a turn.
  const keys = new Map<string, KeyView>();
  if (q.hasVariants) {
    await inTurns(players, KEYS_PER_TURN, (chunk) => {
      for (const p of chunk) keys.set(p.id, q.key(variantSeed(room.id, p.id)));
    });
    await nextTurn();
  }
  const scored = scoreQuestion({
    questionIndex: idx,
    limitMs: q.timeLimitMs,
    multiplier: room.state.multiplier,
    // A poll scores nothing and keeps every streak, whatever the host's multiplier.
    scoring: room.state.settings.scoring && questionScores(q.type),
    seats: players,
    answers,
    keyFor: (playerId) => (q.hasVariants ? (keys.get(playerId) ?? q.key(variantSeed(room.id, playerId))) : null),
  });
  await nextTurn();
  // In chunks: a crash between two leaves some seats scored, and scoring again skips exactly those (scoreQuestion).
  await inTurns(scored.seats, deps.saveChunk ?? SAVE_CHUNK, (seats) => store.savePlayers(room.id, seats));
  await nextTurn();
  // Points are only known here: keep every student's verdict for the game's report (one write per question).
  await saveQuestionResults(store, {
    roomId: room.id,
    questionIndex: idx,
    multiplier: room.state.multiplier,
    closedBy: room.state.closedBy,
    closedAt: room.state.deadline ?? deps.now(),
    results: scored.results,
  });
  const reveal = buildReveal({
    questionIndex: idx,
    key: q.key(0),
    explanation: q.explanation,
    choiceCount: q.view(idx, 0).choices.length,
    players: scored.seats.length,
    answers,
  });
  let current = room;
  for (let attempt = 0; attempt < deps.casAttempts; attempt++) {
    const { version: _version, ...rest } = current;
    const next = await store.casRoom(room.id, current.version, { ...rest, reveal, leaders: scored.leaders });
    if (next) return { room: next, verdicts: scored.seats };
    const stored = await store.getRoom(room.id);
    if (!stored) break;
    current = stored;
    if (current.reveal?.questionIndex === idx) break;
  }
  return { room: current, verdicts: scored.seats };
}
