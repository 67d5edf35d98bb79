import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import type { Client } from './harness';

/** Longest wait for one step of a multi-process test (a connection, an ack, a broadcast at every student). */
export const STEP_TIMEOUT_MS = 15_000;
/** The clients' pause before reconnecting. */
const RECONNECT_DELAY_MS = 100;

/** Fails with `what` instead of hanging until the test's own timeout. */
export function within<T>(what: string, promise: Promise<T>, ms = STEP_TIMEOUT_MS): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** socket.io-client's options, and the local address to connect from (Node only; passed on to the WebSocket). */
export type ClientOptions = Partial<ManagerOptions & SocketOptions> & { readonly localAddress?: string };

/** A connected client and the transport its connection opened on (before any upgrade). */
export interface Connected {
  readonly socket: Client;
  readonly openedOn: string;
}

/**
 * A client as the phone opens it (app/lib/socket.ts): it reconnects on its own. `opts.transports` says which it
 * tries first. Resolves once connected; the socket is added to `opened`, for the caller to disconnect at the end.
 */
export async function connectClient(url: string, opts: ClientOptions, opened: Client[]): Promise<Connected> {
  const socket: Client = io(url, { forceNew: true, reconnectionDelay: RECONNECT_DELAY_MS, ...opts });
  opened.push(socket);
  // The manager opens its engine at once; its 'open' comes after the handshake, on the first transport.
  const openedOn = new Promise<string>((resolve) => socket.io.once('open', () => resolve(socket.io.engine.transport.name)));
  await within('connection', new Promise<void>((resolve) => socket.once('connect', () => resolve())));
  return { socket, openedOn: await openedOn };
}
