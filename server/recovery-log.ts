/**
 * socket.io's connection-state recovery on one process, with a smaller log.
 *
 * socket.io's in-memory recovery keeps every event it sends for the recovery
 * window (2 minutes), to replay to a socket that comes back. Most of what the
 * room sends is a snapshot addressed to one recipient: each student's
 * `player:me` at every reveal, the host's `host:state` roster and
 * `host:progress` count. Kept for two minutes, those were most of a large
 * lecture's heap (5,000 students: ~8 MB per question). A snapshot is only
 * worth its latest version, and the server can make that again: these events
 * are sent but not logged, and a socket that recovers is sent its current
 * ones instead (`app.ts`, on `connection`). Room broadcasts (`room:state`,
 * `room:count`) and `player:kicked` are logged and replayed as before.
 *
 * With Redis the streams adapter keeps its own log in the Redis stream (it is
 * also how processes broadcast), so this applies to one process only.
 */
import { Adapter, SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';
import type { ServerToClientEvents } from '@/engine/protocol';

/** Snapshots to one recipient: sent, not kept for replay; a recovered socket gets fresh ones. */
export const UNLOGGED_EVENTS: ReadonlySet<keyof ServerToClientEvents> = new Set(['player:me', 'host:state', 'host:progress']);

const EVENT_PACKET = 2;

interface Packet {
  readonly type: number;
  readonly data?: unknown[];
}

/** The in-memory session adapter, except that {@link UNLOGGED_EVENTS} skip the recovery log. */
export class RecoveryLogAdapter extends SessionAwareAdapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    const event = packet.type === EVENT_PACKET ? packet.data?.[0] : undefined;
    if (typeof event === 'string' && UNLOGGED_EVENTS.has(event as keyof ServerToClientEvents)) {
      // The plain adapter's broadcast: delivered to the same sockets, with no offset and no log entry.
      Adapter.prototype.broadcast.call(this, packet, opts);
      return;
    }
    super.broadcast(packet, opts);
  }
}
