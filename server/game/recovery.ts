/**
 * Recovery on start: every room the store kept that has not ended gets its
 * timers back (a deadline that passed while the server was down closes the
 * question at once and reveals; auto-advance resumes). Phones and the host
 * console come back with their tokens.
 */
import type { Logger } from '../logger';
import type { RoomRecord, Store } from '../store/types';

/** What recovery needs of the room authority (RoomService). */
export interface Rearmable {
  rearm(room: RoomRecord): void;
}

/** Re-arms every live room of `store` on `rooms`; returns how many. */
export async function recoverRooms(store: Store, rooms: Rearmable, logger: Logger): Promise<number> {
  const live = await store.listLiveRooms();
  for (const room of live) rooms.rearm(room);
  logger.info('recovered live rooms', { rooms: live.length, open: live.filter((r) => r.state.phase === 'question').length });
  return live.length;
}
