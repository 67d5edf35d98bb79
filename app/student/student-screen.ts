/**
 * Which screen the phone shows, as a pure function of the session state.
 * Every stage and phase maps to a screen; the exhaustiveness check makes a
 * new phase a compile error here instead of a blank phone.
 */
import type { AnswerPayload, MeView, PublicQuestion, RoomView } from '@/engine/protocol';
import { assertNever } from '@/engine/types';
import { currentQuestion, type StudentState } from './student-session';

/** One student screen and what it renders. */
export type StudentScreen =
  | { readonly kind: 'join'; readonly notice: string | null }
  /** A stored seat being resumed, or a view not yet received. */
  | { readonly kind: 'resuming' }
  | { readonly kind: 'lobby'; readonly room: RoomView; readonly me: MeView }
  | {
      readonly kind: 'question';
      readonly room: RoomView;
      readonly question: PublicQuestion;
      /** Why the last answer to this question was not taken. */
      readonly note: string | null;
    }
  | {
      readonly kind: 'waiting';
      readonly room: RoomView;
      readonly question: PublicQuestion;
      readonly answer: AnswerPayload | null;
      /** Not yet acknowledged (being sent, or saved while offline). */
      readonly queued: boolean;
      /** The answer came too late. */
      readonly late: boolean;
    }
  | { readonly kind: 'reveal'; readonly room: RoomView; readonly me: MeView; readonly shown: PublicQuestion | null }
  | { readonly kind: 'leaderboard'; readonly room: RoomView; readonly me: MeView }
  | { readonly kind: 'final'; readonly room: RoomView; readonly me: MeView };

/**
 * The screen for a session state. During a question: the waiting screen once
 * this student's answer is pending, acknowledged, known to the server, or
 * too late; else the question, with the note of a refused answer.
 */
export function studentScreen(state: StudentState): StudentScreen {
  const { room, me } = state;
  switch (state.stage) {
    case 'join':
      return { kind: 'join', notice: state.notice };
    case 'resuming':
      return { kind: 'resuming' };
    case 'playing':
      break;
    default:
      return assertNever(state.stage);
  }
  if (!room || !me) return { kind: 'resuming' };
  switch (room.phase) {
    case 'lobby':
      return { kind: 'lobby', room, me };
    case 'question': {
      const question = currentQuestion(room, me);
      if (!question) return { kind: 'resuming' };
      const idx = room.questionIndex;
      const pending = state.pending?.questionIndex === idx ? state.pending : null;
      const sent = state.sent?.questionIndex === idx ? state.sent : null;
      const note = state.answerNote?.questionIndex === idx ? state.answerNote : null;
      const known = me.answeredQuestion === idx;
      if (pending || sent || known || note?.late) {
        return {
          kind: 'waiting',
          room,
          question,
          answer: pending?.answer ?? sent?.answer ?? null,
          queued: pending !== null,
          late: (note?.late ?? false) && !pending && !sent && !known,
        };
      }
      return { kind: 'question', room, question, note: note?.text ?? null };
    }
    case 'reveal':
      return { kind: 'reveal', room, me, shown: state.shown };
    case 'leaderboard':
      return { kind: 'leaderboard', room, me };
    case 'final':
      return { kind: 'final', room, me };
    default:
      return assertNever(room.phase);
  }
}
