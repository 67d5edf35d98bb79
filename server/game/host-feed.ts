/**
 * The coalesced host feed: answers and presence changes mark a room, and a
 * beat a few times a second sends its host one progress count and, when the
 * roster changed, one fresh snapshot — never a message per answer.
 */
import type { RoomClock } from './room-clock';

/** How often live counts reach the host at most. */
export const PROGRESS_INTERVAL_MS = 250;

/**
 * How often the lobby's head count reaches every phone at most: unlike the host's news it is one socket write per
 * student, so at 4/s a lobby of 2,000 filling up cost more writes than the joins themselves.
 */
export const COUNT_INTERVAL_MS = 1000;

/** What a beat has for one room: the host's roster is stale, and/or the phones' head count is due. */
export interface RoomNews {
  readonly roster: boolean;
  readonly count: boolean;
}

/** What one beat does for one marked room. */
export type FlushRoom = (roomId: string, news: RoomNews) => Promise<void>;

/** Marks rooms whose host needs news and flushes them on the room clock's beat. */
export class HostFeed {
  private readonly progress = new Set<string>();
  private readonly roster = new Set<string>();
  private readonly count = new Set<string>();
  private readonly countSentAt = new Map<string, number>();
  private clock: RoomClock | null = null;

  constructor(
    private readonly flushRoom: FlushRoom,
    private readonly onError: (roomId: string, err: unknown) => void,
  ) {}

  /** Starts the beat on `clock`. */
  start(clock: RoomClock, intervalMs = PROGRESS_INTERVAL_MS): void {
    this.clock = clock;
    clock.every(intervalMs, () => this.flush());
  }

  /** An answer arrived or a student left: counts (and the early close) need a look. */
  markProgress(roomId: string): void {
    this.progress.add(roomId);
  }

  /** Someone joined, left, was kicked or the phase changed: the host's roster snapshot is stale. */
  markRoster(roomId: string): void {
    this.roster.add(roomId);
    this.count.add(roomId);
  }

  /** Sends what is marked, one room at a time; a failing room is reported and the others go on. */
  async flush(): Promise<void> {
    const now = this.clock?.now() ?? 0;
    const roster = new Set(this.roster);
    // A head count not yet due stays marked for a later beat.
    const count = new Set([...this.count].filter((roomId) => now - (this.countSentAt.get(roomId) ?? -Infinity) >= COUNT_INTERVAL_MS));
    const rooms = new Set([...this.progress, ...roster, ...count]);
    this.progress.clear();
    this.roster.clear();
    for (const roomId of count) {
      this.count.delete(roomId);
      this.countSentAt.set(roomId, now);
    }
    for (const roomId of rooms) {
      try {
        await this.flushRoom(roomId, { roster: roster.has(roomId), count: count.has(roomId) });
      } catch (err) {
        this.onError(roomId, err);
      }
    }
  }

  /** Forgets a room that has ended. */
  forget(roomId: string): void {
    this.countSentAt.delete(roomId);
    this.count.delete(roomId);
  }
}
