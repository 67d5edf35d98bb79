'use client';
/**
 * The phone's whole game state, driven by the server: the latest RoomView
 * (phase, question, deadline), the student's MeView, and an answer queue
 * that survives disconnects and reloads. The screen is a pure function of
 * this state; nothing here keeps its own copy of the phase.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { AnswerPayload, JoinResult, MeView, PublicQuestion, RoomView } from '@/engine/protocol';
import { clockOffset } from '../lib/clock';
import { memberTokenForCode, rememberGame } from '../lib/member';
import { PROTOCOL_VERSION, errorText } from '../lib/protocol-client';
import { getSocket, request, useSocketEvent } from '../lib/socket';
import { newAnswerId } from '../lib/storage';
import {
  clearPending,
  clearSeat,
  loadPending,
  loadSeat,
  saveSeat,
  savePending,
  type PendingAnswer,
  type Seat,
} from './session';

/** Pause before retrying a resume or an answer after a transient failure. */
export const RETRY_MS = 1500;

/** Everything the student screens render from. */
export interface StudentState {
  readonly stage: 'join' | 'resuming' | 'playing';
  /** Shown on the join form: why the student is back there. */
  readonly notice: string | null;
  readonly seat: Seat | null;
  readonly room: RoomView | null;
  readonly me: MeView | null;
  /** serverNow − Date.now() when the last view arrived. */
  readonly offset: number;
  /** An answer waiting for the server's ack (sent, or queued while offline). */
  readonly pending: PendingAnswer | null;
  /** The last answer the server acknowledged. */
  readonly sent: {
    readonly questionIndex: number;
    readonly answerId: string;
    readonly answer: AnswerPayload;
  } | null;
  /** Why the last answer was not taken, for the question it was meant for. */
  readonly answerNote: { readonly questionIndex: number; readonly text: string } | null;
  /** The question as this student last saw it (their own variant), kept for the reveal. */
  readonly shown: PublicQuestion | null;
}

type Action =
  | { type: 'resuming'; seat: Seat }
  | { type: 'joined'; seat: Seat; result: JoinResult; receivedAt: number; pending: PendingAnswer | null }
  | { type: 'room'; room: RoomView; receivedAt: number }
  | { type: 'me'; me: MeView }
  | { type: 'left'; notice: string | null }
  | { type: 'queued'; pending: PendingAnswer }
  | { type: 'acked'; answerId: string }
  | { type: 'answer-failed'; answerId: string; text: string };

const initial: StudentState = {
  stage: 'join',
  notice: null,
  seat: null,
  room: null,
  me: null,
  offset: 0,
  pending: null,
  sent: null,
  answerNote: null,
  shown: null,
};

/** The question this student answers now: their own variant when they have one. */
export function currentQuestion(room: RoomView | null, me: MeView | null): PublicQuestion | null {
  if (!room?.question) return null;
  if (me?.question && me.question.index === room.questionIndex) return me.question;
  return room.question;
}

function withShown(s: StudentState): StudentState {
  if (s.room?.phase !== 'question') return s;
  const q = currentQuestion(s.room, s.me);
  return q && q !== s.shown ? { ...s, shown: q } : s;
}

function reducer(s: StudentState, a: Action): StudentState {
  switch (a.type) {
    case 'resuming':
      return { ...initial, stage: 'resuming', seat: a.seat };
    case 'joined':
      return withShown({
        ...s,
        stage: 'playing',
        notice: null,
        seat: a.seat,
        room: a.result.room,
        me: a.result.me,
        offset: clockOffset(a.result.room.serverNow, a.receivedAt),
        pending: a.pending,
      });
    case 'room': {
      if (s.stage !== 'playing') return s;
      // Views can cross on reconnect (a resume ack and a broadcast): keep the newer one.
      if (s.room && a.room.roomId === s.room.roomId && a.room.serverNow < s.room.serverNow) return s;
      return withShown({ ...s, room: a.room, offset: clockOffset(a.room.serverNow, a.receivedAt) });
    }
    case 'me':
      return s.stage === 'playing' ? withShown({ ...s, me: a.me }) : s;
    case 'left':
      return { ...initial, notice: a.notice };
    case 'queued':
      return { ...s, pending: a.pending, answerNote: null };
    case 'acked': {
      const p = s.pending;
      if (!p || p.answerId !== a.answerId) return s;
      return {
        ...s,
        pending: null,
        sent: { questionIndex: p.questionIndex, answerId: p.answerId, answer: p.answer },
      };
    }
    case 'answer-failed': {
      const p = s.pending;
      if (!p || p.answerId !== a.answerId) return s;
      return { ...s, pending: null, answerNote: { questionIndex: p.questionIndex, text: a.text } };
    }
  }
}

/** Errors after which a stored seat is useless. */
const SEAT_GONE = new Set(['auth/forbidden', 'room/not-found', 'player/kicked', 'protocol/mismatch']);
/** Answer errors worth retrying (the server may not have seen the answer). */
const TRANSIENT = new Set(['internal', 'store/unavailable', 'rate/limited']);

/** The student's game: state plus the few things a student can do. */
export function useStudent(initialCode: string | null) {
  const [state, dispatch] = useReducer(reducer, initial);
  const ref = useRef(state);
  ref.current = state;
  const resuming = useRef(false);
  const inflight = useRef<string | null>(null);
  const timers = useRef(new Set<number>());

  const later = useCallback((fn: () => void, ms: number) => {
    const id = window.setTimeout(() => {
      timers.current.delete(id);
      fn();
    }, ms);
    timers.current.add(id);
  }, []);

  const send = useCallback(
    async (p: PendingAnswer): Promise<void> => {
      if (!getSocket().connected || inflight.current === p.answerId) return;
      inflight.current = p.answerId;
      const ack = await request('answer:submit', {
        questionIndex: p.questionIndex,
        answerId: p.answerId,
        answer: p.answer,
      });
      inflight.current = null;
      if (ack.ok || ack.error === 'answer/duplicate') {
        clearPending();
        dispatch({ type: 'acked', answerId: p.answerId });
      } else if (TRANSIENT.has(ack.error)) {
        later(() => {
          if (ref.current.pending?.answerId === p.answerId) void send(p);
        }, RETRY_MS);
      } else if (ack.error !== 'auth/forbidden') {
        // auth/forbidden: the socket lost its seat; the next resume re-sends.
        clearPending();
        dispatch({ type: 'answer-failed', answerId: p.answerId, text: errorText(ack.error, ack.message) });
      }
    },
    [later],
  );

  /** After (re)joining: send a queued answer if its question is still open, else drop it. */
  const flush = useCallback(
    (result: JoinResult, p: PendingAnswer | null) => {
      if (!p) return;
      const { room, me } = result;
      if (room.phase === 'question' && room.questionIndex === p.questionIndex) {
        if (me.answeredQuestion === p.questionIndex) {
          clearPending();
          dispatch({ type: 'acked', answerId: p.answerId });
        } else void send(p);
      } else {
        clearPending();
        dispatch({
          type: 'answer-failed',
          answerId: p.answerId,
          text: 'Time was up before your answer arrived.',
        });
      }
    },
    [send],
  );

  const resume = useCallback(async (): Promise<void> => {
    const seat = ref.current.seat;
    if (!seat || resuming.current || !getSocket().connected) return;
    resuming.current = true;
    const ack = await request('player:resume', {
      protocol: PROTOCOL_VERSION,
      roomId: seat.roomId,
      playerToken: seat.playerToken,
    });
    resuming.current = false;
    if (ref.current.seat?.playerToken !== seat.playerToken) return;
    if (ack.ok) {
      const pending = ref.current.pending ?? loadPending(seat.roomId);
      dispatch({ type: 'joined', seat, result: ack.data, receivedAt: Date.now(), pending });
      flush(ack.data, pending);
    } else if (SEAT_GONE.has(ack.error)) {
      clearSeat();
      const notice =
        ack.error === 'room/not-found' || ack.error === 'auth/forbidden'
          ? 'That game has ended.'
          : errorText(ack.error, ack.message);
      dispatch({ type: 'left', notice });
    } else {
      later(() => void resume(), RETRY_MS);
    }
  }, [flush, later]);

  // A stored seat is resumed automatically, unless the page was opened for another game's code.
  useEffect(() => {
    const seat = loadSeat();
    if (seat && (initialCode === null || initialCode === seat.code)) {
      dispatch({ type: 'resuming', seat });
      ref.current = { ...ref.current, stage: 'resuming', seat };
      void resume();
    }
    const pendingTimers = timers.current;
    return () => {
      for (const id of pendingTimers) window.clearTimeout(id);
      pendingTimers.clear();
    };
  }, [initialCode, resume]);

  useSocketEvent('connect', () => void resume());
  useSocketEvent('room:state', (room) => dispatch({ type: 'room', room, receivedAt: Date.now() }));
  useSocketEvent('player:me', (me) => dispatch({ type: 'me', me }));
  useSocketEvent('player:kicked', () => {
    clearSeat();
    dispatch({ type: 'left', notice: 'The host removed you from this game.' });
  });

  const join = useCallback(async (code: string, nickname: string): Promise<string | null> => {
    // In a class game, the phone's member token keeps this student's history across games.
    const memberToken = await memberTokenForCode(code);
    const ack = await request('player:join', {
      protocol: PROTOCOL_VERSION,
      code,
      nickname,
      ...(memberToken ? { memberToken } : {}),
    });
    if (!ack.ok) return errorText(ack.error, ack.message);
    const seat: Seat = {
      roomId: ack.data.roomId,
      playerToken: ack.data.playerToken,
      code,
      nickname: ack.data.me.nickname,
    };
    clearPending();
    saveSeat(seat);
    rememberGame(ack.data, seat.nickname);
    dispatch({ type: 'joined', seat, result: ack.data, receivedAt: Date.now(), pending: null });
    return null;
  }, []);

  const submit = useCallback(
    (answer: AnswerPayload) => {
      const { room, seat, pending } = ref.current;
      if (!room || !seat || room.phase !== 'question') return;
      if (pending?.questionIndex === room.questionIndex) return;
      const p: PendingAnswer = {
        roomId: seat.roomId,
        questionIndex: room.questionIndex,
        answerId: newAnswerId(),
        answer,
      };
      savePending(p);
      dispatch({ type: 'queued', pending: p });
      ref.current = { ...ref.current, pending: p };
      void send(p);
    },
    [send],
  );

  const leave = useCallback(() => {
    clearSeat();
    dispatch({ type: 'left', notice: null });
  }, []);

  return { state, join, submit, leave };
}
