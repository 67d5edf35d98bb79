/**
 * The answer desk: a student's answer is checked, graded and stored here.
 * The checks run in the order the comments number them; docs/PROTOCOL.md
 * states the same order.
 */
import { reduce } from '@/engine/game/phases';
import type { AnswerPayload, SubmitResult } from '@/engine/protocol';
import { normaliseAnswer, unreadableNote } from '@/engine/quiz/runtime';
import type { AnswerRecord } from '../store/types';
import { fail } from './errors';
import type { GradeCache } from './grade-cache';
import type { DeskDeps } from './room-access';
import { variantSeed } from './views';

/** What the answer desk needs from the room authority. */
export interface AnswerDeps extends DeskDeps {
  readonly grades: GradeCache;
}

/** One answer as a student sends it. */
export interface SubmittedAnswer {
  readonly questionIndex: number;
  readonly answerId: string;
  readonly answer: AnswerPayload;
}

/** Grades and stores answers; the first readable answer per student and question wins. */
export class AnswerDesk {
  constructor(private readonly deps: AnswerDeps) {}

  async submit(roomId: string, playerId: string, input: SubmittedAnswer): Promise<SubmitResult> {
    const { store, access } = this.deps;
    const now = this.deps.now();
    // 1. Identity: the seat exists and was not removed.
    const player = await store.getPlayer(roomId, playerId);
    if (!player) fail('auth/forbidden');
    if (player.kicked) fail('player/kicked');
    // 2. Room: it exists.
    const room = await access.room(roomId);
    const pack = await access.packOf(room);
    // 3. Retry: the same answer id already stored is acknowledged again, whatever the phase (the phone lost the first ack).
    const existing = await store.getAnswer(roomId, input.questionIndex, playerId);
    if (existing?.answerId === input.answerId) return { questionIndex: existing.questionIndex, answerId: existing.answerId, receivedAt: existing.receivedAt };
    // 4. Phase and question: this question is open and its deadline has not passed (else late or stale).
    const allowed = reduce(room.state, { type: 'answer', questionIndex: input.questionIndex }, now, access.ctx(pack));
    if (!allowed.ok) {
      if (allowed.error === 'answer/late') this.deps.rearm(room);
      fail(allowed.error === 'deadline/not-due' ? 'internal' : allowed.error);
    }
    const q = pack.questions[input.questionIndex];
    if (!q) fail('answer/stale-question');
    // 5. Duplicate: another answer to this question is already stored.
    if (existing) fail('answer/duplicate');
    // 6. Readable: an answer the engine cannot read (a typo, the wrong kind, an edge not in the network) is bounced, and nothing is recorded.
    const verdict = this.deps.grades.grade(q, input.answer, variantSeed(roomId, playerId));
    const unreadable = unreadableNote(verdict);
    if (unreadable) fail('answer/unreadable', unreadable.message);
    const record: AnswerRecord = {
      playerId,
      answerId: input.answerId,
      questionIndex: input.questionIndex,
      receivedAt: now,
      responseMs: Math.max(0, now - (room.state.openedAt ?? now)),
      answer: normaliseAnswer(input.answer),
      credit: verdict.credit,
      correct: verdict.correct,
      read: verdict.read,
      notes: verdict.notes,
    };
    // 7. Stored atomically: only while the question is still open, and only the first answer.
    const put = await store.putAnswer(roomId, record);
    if (put.status === 'closed') fail('answer/late');
    if (put.status === 'duplicate') {
      if (put.existing.answerId === input.answerId) return { questionIndex: input.questionIndex, answerId: input.answerId, receivedAt: put.existing.receivedAt };
      fail('answer/duplicate');
    }
    this.deps.feed.markProgress(roomId);
    return { questionIndex: input.questionIndex, answerId: input.answerId, receivedAt: now };
  }
}
