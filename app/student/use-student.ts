'use client';
/**
 * The phone's session as React state: one {@link StudentSession} per mounted
 * app, started on mount and stopped on unmount, read through
 * `useSyncExternalStore`. All the logic lives in the session class.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { browserScheduler } from '../lib/session-kit';
import { socketTransport } from '../lib/socket';
import { INITIAL_STUDENT_STATE, StudentSession, type StudentState } from './student-session';

const serverSnapshot = (): StudentState => INITIAL_STUDENT_STATE;

/** The student's session and its current state. */
export function useStudent(initialCode: string | null): { state: StudentState; session: StudentSession } {
  const [session] = useState(() => new StudentSession({ transport: socketTransport, scheduler: browserScheduler }));
  useEffect(() => {
    session.start(initialCode);
    return () => session.stop();
  }, [session, initialCode]);
  const state = useSyncExternalStore(session.subscribe, session.getSnapshot, serverSnapshot);
  return { state, session };
}
