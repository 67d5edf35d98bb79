'use client';
/**
 * The host console's state: the HostView (roster, settings, progress, join
 * URL) and the latest RoomView, both from the server. The host token is kept
 * in localStorage so a reload (or a crashed laptop) re-attaches to the room.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ClientToServerEvents, HostCommand, HostView, ProgressView, RoomView } from '@/engine/protocol';
import type { RoomSettings } from '@/engine/game/phases';
import { clockOffset } from '../lib/clock';
import { PROTOCOL_VERSION, errorText } from '../lib/protocol-client';
import { getSocket, request, useSocketEvent } from '../lib/socket';
import { hasStrings, readStored, removeStored, writeStored } from '../lib/storage';

const HOST_KEY = 'gradflow.host';

/** What a host console remembers to re-attach. */
interface HostSession {
  readonly roomId: string;
  readonly hostToken: string;
}

const isHostSession = (v: unknown): v is HostSession => hasStrings(v, ['roomId', 'hostToken']);

export interface HostState {
  readonly stage: 'setup' | 'attaching' | 'running';
  readonly session: HostSession | null;
  readonly view: HostView | null;
  readonly room: RoomView | null;
  readonly progress: ProgressView | null;
  readonly offset: number;
  readonly notice: string | null;
}

type Action =
  | { type: 'attaching'; session: HostSession }
  | { type: 'view'; view: HostView; receivedAt: number; session?: HostSession }
  | { type: 'room'; room: RoomView; receivedAt: number }
  | { type: 'progress'; progress: ProgressView }
  | { type: 'left'; notice: string | null };

const initial: HostState = {
  stage: 'setup',
  session: null,
  view: null,
  room: null,
  progress: null,
  offset: 0,
  notice: null,
};

function newer(current: RoomView | null, next: RoomView): boolean {
  return !current || current.roomId !== next.roomId || next.serverNow >= current.serverNow;
}

function reducer(s: HostState, a: Action): HostState {
  switch (a.type) {
    case 'attaching':
      return { ...initial, stage: 'attaching', session: a.session };
    case 'view': {
      const session = a.session ?? s.session;
      if (!session) return s;
      const room = newer(s.room, a.view.room) ? a.view.room : s.room;
      const progress = a.view.progress ?? (room?.phase === 'question' ? s.progress : null);
      return {
        ...s,
        stage: 'running',
        session,
        view: a.view,
        room,
        progress,
        offset: room === a.view.room ? clockOffset(room.serverNow, a.receivedAt) : s.offset,
        notice: null,
      };
    }
    case 'room': {
      if (s.stage !== 'running' || !newer(s.room, a.room)) return s;
      const progress =
        a.room.phase === 'question' && s.progress?.questionIndex === a.room.questionIndex ? s.progress : null;
      return { ...s, room: a.room, progress, offset: clockOffset(a.room.serverNow, a.receivedAt) };
    }
    case 'progress':
      return s.stage === 'running' ? { ...s, progress: a.progress } : s;
    case 'left':
      return { ...initial, notice: a.notice };
  }
}

export type { HostCommand } from '@/engine/protocol';

export function useHost() {
  const [state, dispatch] = useReducer(reducer, initial);
  const ref = useRef(state);
  ref.current = state;
  const attaching = useRef(false);

  const attach = useCallback(async () => {
    const session = ref.current.session;
    if (!session || attaching.current || !getSocket().connected) return;
    attaching.current = true;
    const ack = await request('host:attach', {
      protocol: PROTOCOL_VERSION,
      roomId: session.roomId,
      hostToken: session.hostToken,
    });
    attaching.current = false;
    if (ack.ok) dispatch({ type: 'view', view: ack.data, receivedAt: Date.now(), session });
    else if (
      ack.error === 'room/not-found' ||
      ack.error === 'auth/forbidden' ||
      ack.error === 'protocol/mismatch'
    ) {
      removeStored(HOST_KEY);
      dispatch({
        type: 'left',
        notice:
          ack.error === 'protocol/mismatch'
            ? errorText(ack.error, ack.message)
            : 'That game is no longer running.',
      });
    } else {
      window.setTimeout(() => void attach(), 1500);
    }
  }, []);

  useEffect(() => {
    const session = readStored(HOST_KEY, isHostSession);
    if (session) {
      dispatch({ type: 'attaching', session });
      ref.current = { ...ref.current, stage: 'attaching', session };
      void attach();
    }
  }, [attach]);

  useSocketEvent('connect', () => void attach());
  useSocketEvent('host:state', (view) => dispatch({ type: 'view', view, receivedAt: Date.now() }));
  useSocketEvent('room:state', (room) => dispatch({ type: 'room', room, receivedAt: Date.now() }));
  useSocketEvent('host:progress', (progress) => dispatch({ type: 'progress', progress }));

  const create = useCallback(
    async (packId: string, settings: Partial<RoomSettings>): Promise<string | null> => {
      const ack = await request('host:create', { protocol: PROTOCOL_VERSION, packId, settings });
      if (!ack.ok) return errorText(ack.error, ack.message);
      const session = { roomId: ack.data.roomId, hostToken: ack.data.hostToken };
      writeStored(HOST_KEY, session);
      dispatch({ type: 'view', view: ack.data.host, receivedAt: Date.now(), session });
      return null;
    },
    [],
  );

  const command = useCallback(
    async <E extends HostCommand>(
      event: E,
      payload: Parameters<ClientToServerEvents[E]>[0],
    ): Promise<string | null> => {
      const ack = await request(event, payload);
      return ack.ok ? null : errorText(ack.error, ack.message);
    },
    [],
  );

  const leave = useCallback(() => {
    removeStored(HOST_KEY);
    dispatch({ type: 'left', notice: null });
  }, []);

  return { state, create, command, leave };
}
