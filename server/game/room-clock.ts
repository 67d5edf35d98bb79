/**
 * Time for the room authority: the server's clock and a scheduler, injected so
 * tests step time (the Colyseus room-clock idea). Each room owns at most one
 * timer at a time: its question's deadline, or its auto-advance.
 */

/** Wall clock of the server; the only time the game believes. */
export interface Clock {
  now(): number;
}

/** An opaque handle of a scheduled callback. */
export type TimerHandle = unknown;

/** A clock that can also run callbacks later. Production uses the system's; tests step a manual one. */
export interface Scheduler extends Clock {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The system scheduler over a given clock (timers never keep the process alive). */
export function systemScheduler(clock: Clock = { now: () => Date.now() }): Scheduler {
  return {
    now: () => clock.now(),
    setTimeout: (fn, ms) => {
      const t = setTimeout(fn, ms);
      t.unref();
      return t;
    },
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  };
}

/** The one timer each room may have: when it fires and what it does. */
export interface RoomTimer {
  readonly kind: 'deadline' | 'advance';
  readonly at: number;
}

/** Per-room timers at absolute server times, on an injected scheduler. */
export class RoomClock {
  private readonly timers = new Map<string, RoomTimer & { handle: TimerHandle }>();
  private closed = false;

  constructor(private readonly scheduler: Scheduler) {}

  now(): number {
    return this.scheduler.now();
  }

  /** Runs `fn` at server time `at` (at once if it has passed), replacing the room's timer. */
  at(roomId: string, timer: RoomTimer, fn: () => void): void {
    this.cancel(roomId);
    if (this.closed) return;
    const handle = this.scheduler.setTimeout(() => {
      if (this.timers.get(roomId)?.handle !== handle) return;
      this.timers.delete(roomId);
      fn();
    }, Math.max(0, timer.at - this.scheduler.now()));
    this.timers.set(roomId, { ...timer, handle });
  }

  /** The room's pending timer, if any. */
  pending(roomId: string): RoomTimer | null {
    const t = this.timers.get(roomId);
    return t ? { kind: t.kind, at: t.at } : null;
  }

  cancel(roomId: string): void {
    const t = this.timers.get(roomId);
    if (t) this.scheduler.clearTimeout(t.handle);
    this.timers.delete(roomId);
  }

  /** Runs `fn` every `ms` until closed (the host feed's beat); a slow run delays the next instead of overlapping it. */
  every(ms: number, fn: () => Promise<void>): void {
    const beat = () => {
      if (this.closed) return;
      void fn().finally(() => {
        if (!this.closed) this.scheduler.setTimeout(beat, ms);
      });
    };
    this.scheduler.setTimeout(beat, ms);
  }

  /** Cancels every timer; nothing runs afterwards. */
  close(): void {
    this.closed = true;
    for (const roomId of [...this.timers.keys()]) this.cancel(roomId);
  }
}
