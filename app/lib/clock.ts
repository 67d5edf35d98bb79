'use client';
/**
 * Time as the server sees it. The server sends absolute deadlines and its
 * own clock (`serverNow`); the client keeps `offset = serverNow − Date.now()`
 * taken when the view arrived, so a phone with a wrong clock still counts
 * down correctly.
 */
import { useEffect, useState } from 'react';

/** How often a running countdown re-renders. */
export const TICK_MS = 250;

/** The clock offset to apply to `Date.now()`, measured when a view with `serverNow` arrives. */
export function clockOffset(serverNow: number, receivedAt: number = Date.now()): number {
  return serverNow - receivedAt;
}

/** Milliseconds left until a server deadline (never negative). */
export function remainingMs(deadline: number | null, offset: number, now: number = Date.now()): number {
  if (deadline === null) return 0;
  return Math.max(0, deadline - (now + offset));
}

/** The local time, re-rendering every {@link TICK_MS} while `active`. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), TICK_MS);
    return () => window.clearInterval(id);
  }, [active]);
  return now;
}

/** True once a server deadline has passed (one timer, no ticking re-renders). */
export function useExpired(deadline: number | null, offset: number): boolean {
  const [expiredFor, setExpiredFor] = useState<number | null>(null);
  useEffect(() => {
    if (deadline === null) return;
    const left = remainingMs(deadline, offset);
    if (left <= 0) {
      setExpiredFor(deadline);
      return;
    }
    const id = window.setTimeout(() => setExpiredFor(deadline), left);
    return () => window.clearTimeout(id);
  }, [deadline, offset]);
  return deadline !== null && expiredFor === deadline;
}
