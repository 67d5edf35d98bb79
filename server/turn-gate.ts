/**
 * Spreading work that arrives all at once over turns of the event loop.
 *
 * Node reads every socket that is ready in one poll phase, and runs each
 * event's handler (with its store write and its ack) right there. When a
 * class answers in the same second, that was 2,000 answers handled in one
 * turn: a 200 ms stall for every other room, for pings and for timers. The
 * gate lets at most `perTurn` events start their handler per turn; the rest
 * wait for the following turns, in arrival order. Nothing is refused or
 * dropped, and a quiet room never waits.
 */

/** Resolves in the check phase of this turn of the event loop, after the I/O ready now. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `each` over `items`, `perTurn` at a time, with a turn of the event loop between two chunks (none before the
 * first or after the last): O(students) work of one event that would otherwise stall everything else.
 */
export async function inTurns<T>(items: readonly T[], perTurn: number, each: (chunk: readonly T[], first: number) => void | Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += perTurn) {
    if (i > 0) await nextTurn();
    await each(items.slice(i, i + perTurn), i);
  }
}

export class TurnGate {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  private resetting = false;

  constructor(private readonly perTurn: number) {
    if (!(perTurn >= 1)) throw new Error('TurnGate needs perTurn >= 1');
  }

  /** Null when the handler may run now; otherwise a promise that resolves in the turn it may run. */
  pass(): Promise<void> | null {
    this.resetSoon();
    if (this.waiting.length === 0 && this.used < this.perTurn) {
      this.used++;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Events waiting for a later turn (for diagnostics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private resetSoon(): void {
    if (this.resetting) return;
    this.resetting = true;
    setImmediate(() => {
      this.resetting = false;
      const batch = this.waiting.splice(0, this.perTurn);
      this.used = batch.length;
      for (const resolve of batch) resolve();
      if (this.used > 0) this.resetSoon();
    });
  }
}
