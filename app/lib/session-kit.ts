/**
 * What the phone's and the host console's session classes are built from:
 * the transport they talk to the server through, the clock and timers they
 * run on, and a small observable store that React reads with
 * `useSyncExternalStore`. The browser passes the real socket
 * (`lib/socket.ts` `socketTransport`) and {@link browserScheduler}; unit
 * tests pass a fake transport and a manual scheduler.
 */
import type { Ack, AckData, InboundEvent, InboundPayload, ServerToClientEvents } from '@/engine/protocol';

/** Events a session listens to: the server's events plus (re)connection. */
export type ListenEvents = ServerToClientEvents & { connect: () => void };

/** The connection to the server as a session sees it. */
export interface Transport {
  /** True while the socket is connected. */
  readonly connected: boolean;
  /** Emits an event and resolves with its ack (an `internal` error ack on timeout). */
  request<E extends InboundEvent>(event: E, payload: InboundPayload<E>): Promise<Ack<AckData<E>>>;
  /** Calls `handler` on every `event` until the returned function is called. */
  on<E extends keyof ListenEvents>(event: E, handler: ListenEvents[E]): () => void;
}

/** Time and timers, injected so tests can step them. */
export interface Scheduler {
  /** The local clock, ms since epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

/** The browser's clock and timers. */
export const browserScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (id) => window.clearTimeout(id),
};

/**
 * An observable state plus the timers that belong to it. Subclasses change
 * the state only through {@link update}, which notifies subscribers; the
 * snapshot is a new object on every change and the same object otherwise,
 * as `useSyncExternalStore` requires.
 */
export abstract class SessionStore<S> {
  private current: S;
  private readonly listeners = new Set<() => void>();
  private readonly timers = new Set<number>();

  protected constructor(
    initial: S,
    protected readonly scheduler: Scheduler,
  ) {
    this.current = initial;
  }

  /** Registers a listener called after every change; returns its removal. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The current state. */
  readonly getSnapshot = (): S => this.current;

  protected get state(): S {
    return this.current;
  }

  protected update(next: S): void {
    if (Object.is(next, this.current)) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Runs `fn` after `ms` unless {@link clearTimers} comes first. */
  protected later(fn: () => void, ms: number): void {
    const id = this.scheduler.setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
  }

  protected clearTimers(): void {
    for (const id of this.timers) this.scheduler.clearTimeout(id);
    this.timers.clear();
  }
}
