'use client';
/**
 * The one socket.io connection of a browser tab, typed with the protocol.
 * Every screen talks to the server through this module.
 */
import { useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '@/engine/protocol';
import type { Transport } from './session-kit';

/** A client socket typed with the protocol. */
export type GradflowSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long to wait for an ack before reporting the server unreachable. */
export const ACK_TIMEOUT_MS = 10_000;
/** Longest pause between reconnection attempts (flaky lecture-hall Wi-Fi: retry often). */
export const RECONNECT_DELAY_MAX_MS = 3000;

/** The socket's connection state as the UI shows it. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

let socket: GradflowSocket | null = null;
const listeners = new Set<() => void>();
let status: ConnectionState = 'connecting';

function setStatus(next: ConnectionState) {
  status = next;
  for (const l of listeners) l();
}

/** The tab's socket, created on first use (same origin as the page). */
export function getSocket(): GradflowSocket {
  if (socket) return socket;
  const s: GradflowSocket = io({
    transports: ['websocket', 'polling'],
    reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
  });
  s.on('connect', () => setStatus('connected'));
  s.on('disconnect', (reason) => {
    setStatus('disconnected');
    // A server-side disconnect (e.g. a kicked student) is not retried by socket.io itself.
    if (reason === 'io server disconnect') s.connect();
  });
  s.io.on('reconnect_attempt', () => {
    if (status !== 'disconnected') setStatus('connecting');
  });
  socket = s;
  return s;
}

/** Emits an event and resolves with its ack (or a timeout error ack). */
export function request<E extends keyof ClientToServerEvents>(
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0]> {
  const s = getSocket();
  return new Promise((resolve) => {
    (
      s.timeout(ACK_TIMEOUT_MS).emit as (
        e: string,
        p: unknown,
        cb: (err: Error | null, r: unknown) => void,
      ) => void
    )(event, payload, (err, result) => {
      if (err) {
        const timeout: Ack<never> = {
          ok: false,
          error: 'internal',
          message: 'The server did not answer in time.',
        };
        resolve(timeout as never);
      } else resolve(result as never);
    });
  });
}

/** The connection status, as React state. */
export function useConnectionStatus(): ConnectionState {
  return useSyncExternalStore(
    (cb) => {
      getSocket();
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => status,
    () => 'connecting',
  );
}

/** The tab's socket as the sessions' {@link Transport} (the socket is created on first use). */
export const socketTransport: Transport = {
  get connected() {
    return getSocket().connected;
  },
  request: (event, payload) => request(event, payload),
  on: (event, handler) => {
    const s = getSocket();
    (s.on as (e: string, l: (...a: unknown[]) => void) => void)(event, handler as (...a: unknown[]) => void);
    return () => {
      (s.off as (e: string, l: (...a: unknown[]) => void) => void)(event, handler as (...a: unknown[]) => void);
    };
  },
};
