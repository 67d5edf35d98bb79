import { describe, expect, it } from 'vitest';
import { PHASES } from '@/engine/game/phases';
import type { AnswerPayload } from '@/engine/protocol';
import { me, question, questionRoom, room } from '../test-support/views';
import { studentScreen } from './student-screen';
import { INITIAL_STUDENT_STATE, type StudentState } from './student-session';

const seat = { roomId: 'room-1', playerToken: 'tok', code: '123456', nickname: 'Ada' };
const YES: AnswerPayload = { kind: 'choice', index: 0 };
const playing = (over: Partial<StudentState>): StudentState => ({ ...INITIAL_STUDENT_STATE, stage: 'playing', seat, me: me(), ...over });

describe('studentScreen', () => {
  it('shows the join form with its notice, and the reconnecting screen while resuming or before any view', () => {
    expect(studentScreen({ ...INITIAL_STUDENT_STATE, notice: 'That game has ended.' })).toEqual({ kind: 'join', notice: 'That game has ended.' });
    expect(studentScreen({ ...INITIAL_STUDENT_STATE, stage: 'resuming', seat })).toEqual({ kind: 'resuming' });
    expect(studentScreen(playing({ room: null }))).toEqual({ kind: 'resuming' });
  });

  it('has a screen for every phase', () => {
    const kinds = PHASES.map((phase) => studentScreen(playing({ room: phase === 'question' ? questionRoom(0) : room({ phase }) })).kind);
    expect(kinds).toEqual(['lobby', 'question', 'reveal', 'leaderboard', 'final']);
  });

  it("shows the student's own variant of the question when they have one", () => {
    const mine = question(0, { prompt: 'your variant' });
    expect(studentScreen(playing({ room: questionRoom(0), me: me({ question: mine }) }))).toMatchObject({ kind: 'question', question: mine });
    // A variant of another question is not this one's.
    expect(studentScreen(playing({ room: questionRoom(1), me: me({ question: mine }) }))).toMatchObject({ kind: 'question', question: { prompt: 'Question 2' } });
  });

  it('waits once the answer is pending, acknowledged or known to the server', () => {
    const r = questionRoom(1);
    const pending = { roomId: 'room-1', questionIndex: 1, answerId: 'a', answer: YES };
    expect(studentScreen(playing({ room: r, pending }))).toMatchObject({ kind: 'waiting', queued: true, answer: YES, late: false });
    expect(studentScreen(playing({ room: r, sent: { questionIndex: 1, answerId: 'a', answer: YES } }))).toMatchObject({ kind: 'waiting', queued: false, answer: YES });
    expect(studentScreen(playing({ room: r, me: me({ answeredQuestion: 1 }) }))).toMatchObject({ kind: 'waiting', queued: false, answer: null, late: false });
  });

  it("ignores another question's pending or sent answer and notes", () => {
    const r = questionRoom(1);
    const state = playing({
      room: r,
      pending: { roomId: 'room-1', questionIndex: 0, answerId: 'a', answer: YES },
      sent: { questionIndex: 0, answerId: 'b', answer: YES },
      answerNote: { questionIndex: 0, text: 'Time was up before your answer arrived.', late: true },
    });
    expect(studentScreen(state)).toMatchObject({ kind: 'question', note: null });
  });

  it('says too late only when the answer was late, and shows other notes on the question', () => {
    const r = questionRoom(0);
    expect(studentScreen(playing({ room: r, answerNote: { questionIndex: 0, text: 'Time was up.', late: true } }))).toMatchObject({ kind: 'waiting', late: true });
    expect(studentScreen(playing({ room: r, answerNote: { questionIndex: 0, text: 'That question is already closed.', late: false } }))).toMatchObject({ kind: 'question', note: 'That question is already closed.' });
    // Known to the server after all: not late.
    expect(studentScreen(playing({ room: r, me: me({ answeredQuestion: 0 }), answerNote: { questionIndex: 0, text: 'x', late: true } }))).toMatchObject({ kind: 'waiting', late: false });
  });

  it('passes the question as shown to the reveal', () => {
    const shown = question(0, { prompt: 'your variant' });
    expect(studentScreen(playing({ room: room({ phase: 'reveal', questionIndex: 0 }), shown }))).toMatchObject({ kind: 'reveal', shown });
  });
});
