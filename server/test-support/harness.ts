import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@/engine/protocol';
import { createApp, type App, type AppOptions } from '../app';
import { InstructorAuth } from '../instructor';
import type { PackSource } from '../game/ports';
import type { Clock, Scheduler } from '../game/room-clock';
import { silentLogger, type Logger } from '../logger';
import type { Store } from '../store/types';

/** A client socket typed with the protocol. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The instructor key test servers use. */
export const TEST_INSTRUCTOR_KEY = 'test-instructor-key';

/** A server on port 0 built by the same factory production uses. */
export interface TestServer {
  readonly url: string;
  readonly app: App;
  readonly clients: Client[];
  client(): Promise<Client>;
  close(): Promise<void>;
}

/** A clock tests can move. */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2026, 10, 27, 9, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A clock with timers that only move when the test says so: `advance` runs
 * every timer that falls due, in time order, as time passes.
 */
export class ManualScheduler implements Scheduler {
  private readonly queue: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private t = Date.UTC(2026, 10, 27, 9, 0, 0)) {}

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.queue.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    const i = this.queue.indexOf(handle as (typeof this.queue)[number]);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** Timers waiting, for tests that check what is armed. */
  get pending(): number {
    return this.queue.length;
  }

  /** Moves time forward by `ms`, running each timer as its time comes (timers it sets run too, if due). */
  advance(ms: number): void {
    const until = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const first = this.queue[0];
      if (!first || first.at > until) break;
      this.queue.shift();
      this.t = Math.max(this.t, first.at);
      first.fn();
    }
    this.t = until;
  }
}

/** Starts the app on a free port. */
export async function startServer(opts: {
  store: Store;
  packs: PackSource;
  clock?: Clock;
  scheduler?: Scheduler;
  adapter?: AppOptions['adapter'];
  limits?: AppOptions['limits'];
  logger?: Logger;
  api?: AppOptions['api'];
  requestHandler?: AppOptions['requestHandler'];
  joinLimiters?: AppOptions['joinLimiters'];
}): Promise<TestServer> {
  const httpServer = http.createServer();
  const app = createApp({
    httpServer,
    store: opts.store,
    packs: opts.packs,
    logger: opts.logger ?? silentLogger,
    clock: opts.clock,
    scheduler: opts.scheduler,
    adapter: opts.adapter,
    limits: opts.limits,
    api: opts.api,
    requestHandler: opts.requestHandler,
    joinLimiters: opts.joinLimiters,
    publicUrl: 'http://test',
    instructor: InstructorAuth.fixed(TEST_INSTRUCTOR_KEY),
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  return {
    url,
    app,
    clients,
    client: async () => {
      const socket: Client = connect(url, { transports: ['websocket'], forceNew: true, reconnection: false });
      clients.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    close: async () => {
      for (const c of clients) c.disconnect();
      await app.close();
    },
  };
}

/** Emits an event and resolves with its ack. */
export function call<E extends keyof ClientToServerEvents>(
  socket: Client,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  return new Promise((resolve) => {
    (socket.emit as (e: string, p: unknown, ack: (r: unknown) => void) => void)(event, payload, (r) => resolve(r as never));
  });
}

/** The data of a successful ack, or a thrown error naming the code. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok, got ${ack.error}: ${ack.message}`);
  return ack.data;
}

/** Resolves with the first `event` whose payload satisfies `pred`. */
export function next<E extends keyof ServerToClientEvents>(
  socket: Client,
  event: E,
  pred: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!pred(...args)) return;
      (socket.off as (e: string, l: unknown) => void)(event, listener);
      resolve(args[0] as never);
    };
    (socket.on as (e: string, l: unknown) => void)(event, listener);
  });
}
