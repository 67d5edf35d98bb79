/**
 * Handing a TCP connection to another process without losing its bytes.
 *
 * The sticky primary (`GRADFLOW_WORKERS`) reads a connection's first chunk to
 * pick a worker, then sends the socket to that worker. Node sends one handle
 * at a time, and until the worker acknowledges a handle, the sending process
 * keeps its copy of the socket open and still reads from it. Whatever it
 * reads then is dropped (nodejs/node#8353). Under a connection storm that
 * window is long enough: the worker answers the WebSocket handshake, the
 * client sends its first socket.io packet (the namespace CONNECT), and the
 * busy primary reads and drops it. The connection stays open but never
 * connects. Stopping the read before the handoff leaves those bytes in the
 * kernel for the worker.
 */
import net from 'node:net';

/** Anything with `send(message, handle, …)`: a cluster worker or a forked child. */
interface HandleSender {
  send(...args: never[]): boolean;
}

/** The native side of a socket: `readStop` is libuv's uv_read_stop (not public API, stable since Node 0.x). */
interface NativeStream {
  readStop?: () => number;
}

/** Stops this process reading `socket`, leaving unread bytes to whoever takes its handle. */
export function stopReading(socket: net.Socket): void {
  (socket as unknown as { _handle?: NativeStream | null })._handle?.readStop?.();
}

/** Makes `target.send(message, socket, …)` stop this process reading the socket first. */
export function stopReadingOnHandoff(target: HandleSender): void {
  const send = target.send.bind(target) as (...args: unknown[]) => boolean;
  target.send = ((...args: unknown[]) => {
    if (args[1] instanceof net.Socket) stopReading(args[1]);
    return send(...args);
  }) as HandleSender['send'];
}
