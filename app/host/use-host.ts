'use client';
/**
 * The host console's session as React state: one {@link HostSession} per
 * mounted console, started on mount and stopped on unmount, read through
 * `useSyncExternalStore`. All the logic lives in the session class.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { browserScheduler } from '../lib/session-kit';
import { socketTransport } from '../lib/socket';
import { HostSession, INITIAL_HOST_STATE, type HostState } from './host-session';

const serverSnapshot = (): HostState => INITIAL_HOST_STATE;

/** The host's session and its current state. */
export function useHost(): { state: HostState; session: HostSession } {
  const [session] = useState(() => new HostSession({ transport: socketTransport, scheduler: browserScheduler }));
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, serverSnapshot);
  return { state, session };
}
