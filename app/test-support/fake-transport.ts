/**
 * Test doubles for the sessions' injected parts: a transport that records
 * what a session sends and lets the test answer each request and emit server
 * events, and a scheduler whose clock and timers move only when told.
 */
import type { Ack, AckData, InboundEvent, InboundPayload } from '@/engine/protocol';
import type { ListenEvents, Scheduler, Transport } from '../lib/session-kit';

type Listener = (...args: unknown[]) => void;

interface Waiting {
  readonly event: InboundEvent;
  readonly payload: unknown;
  readonly resolve: (ack: unknown) => void;
}

/** Lets every promise continuation that is already queued run (the session's code after an ack). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A {@link Transport} driven by the test. */
export class FakeTransport implements Transport {
  connected = true;
  private readonly waiting: Waiting[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  request<E extends InboundEvent>(event: E, payload: InboundPayload<E>): Promise<Ack<AckData<E>>> {
    return new Promise((resolve) => this.waiting.push({ event, payload, resolve: resolve as (ack: unknown) => void }));
  }

  on<E extends keyof ListenEvents>(event: E, handler: ListenEvents[E]): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(handler as Listener);
    this.listeners.set(event, set);
    return () => {
      set.delete(handler as Listener);
    };
  }

  /** The names of the requests sent and not answered yet, oldest first. */
  get sent(): readonly InboundEvent[] {
    return this.waiting.map((w) => w.event);
  }

  /** How many handlers listen to `event`. */
  listenerCount(event: keyof ListenEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Takes the oldest unanswered request; fails when it is not `event`. */
  take<E extends InboundEvent>(event: E): { payload: InboundPayload<E>; reply: (ack: Ack<AckData<E>>) => Promise<void> } {
    const w = this.waiting[0];
    if (!w || w.event !== event) throw new Error(`expected a ${event} request, found ${w ? w.event : 'none'}`);
    this.waiting.shift();
    return {
      payload: w.payload as InboundPayload<E>,
      reply: async (ack) => {
        w.resolve(ack);
        await settle();
      },
    };
  }

  /** Delivers a server event (or `connect`) to every listener. */
  emit<E extends keyof ListenEvents>(event: E, ...args: Parameters<ListenEvents[E]>): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  /** The socket drops. */
  drop(): void {
    this.connected = false;
  }

  /** The socket is back: `connect` fires. */
  reconnect(): void {
    this.connected = true;
    this.emit('connect');
  }
}

/** A {@link Scheduler} whose time moves only on {@link advance}. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  constructor(start = Date.UTC(2026, 11, 1, 9, 0, 0)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + ms, fn });
    return id;
  }

  clearTimeout(id: number): void {
    this.timers.delete(id);
  }

  /** Timers set and not yet run or cleared. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock forward by `ms`, running every timer that falls due, in time order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      let due: [number, { at: number; fn: () => void }] | null = null;
      for (const entry of this.timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = end;
  }
}
