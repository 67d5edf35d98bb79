/**
 * The coalesced host feed: answers and presence changes mark a room, and a
 * beat a few times a second sends its host one progress count and, when the
 * roster changed, one fresh snapshot — never a message per answer.
 */
import type { RoomClock } from './room-clock';

/** How often live counts reach the host at most. */
export const PROGRESS_INTERVAL_MS = 250;

/** What one beat does for one marked room. */
export type FlushRoom = (roomId: string, rosterChanged: boolean) => Promise<void>;

/** Marks rooms whose host needs news and flushes them on the room clock's beat. */
export class HostFeed {
  private readonly progress = new Set<string>();
  private readonly roster = new Set<string>();

  constructor(
    private readonly flushRoom: FlushRoom,
    private readonly onError: (roomId: string, err: unknown) => void,
  ) {}

  /** Starts the beat on `clock`. */
  start(clock: RoomClock, intervalMs = PROGRESS_INTERVAL_MS): void {
    clock.every(intervalMs, () => this.flush());
  }

  /** An answer arrived or a student left: counts (and the early close) need a look. */
  markProgress(roomId: string): void {
    this.progress.add(roomId);
  }

  /** Someone joined, left, was kicked or the phase changed: the host's roster snapshot is stale. */
  markRoster(roomId: string): void {
    this.roster.add(roomId);
  }

  /** Sends what is marked, one room at a time; a failing room is reported and the others go on. */
  async flush(): Promise<void> {
    const roster = new Set(this.roster);
    const rooms = new Set([...this.progress, ...roster]);
    this.progress.clear();
    this.roster.clear();
    for (const roomId of rooms) {
      try {
        await this.flushRoom(roomId, roster.has(roomId));
      } catch (err) {
        this.onError(roomId, err);
      }
    }
  }
}
