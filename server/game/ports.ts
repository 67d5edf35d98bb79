/** What the room authority talks to: where messages go and where packs come from. socket.io and the pack library in production. */
import type { HostView, MeView, ProgressView, RoomView } from '@/engine/protocol';
import type { RuntimePack } from '@/engine/quiz/runtime';

/** Where the service sends messages; socket.io in production. */
export interface Outbox {
  /** To everyone in the room; resolves once sent (a big room is sent over several turns of the event loop). */
  roomState(roomId: string, view: RoomView): Promise<void>;
  /** The lobby's live head count, to every phone in the room (coalesced by the host feed). */
  roomCount(roomId: string, playerCount: number): Promise<void>;
  playerMe(roomId: string, playerId: string, me: MeView): void;
  hostState(roomId: string, view: HostView): void;
  hostProgress(roomId: string, progress: ProgressView): void;
  kick(roomId: string, playerId: string): void;
}

/** Finds compiled packs: the current version by id, or a game's snapshot by its ref. */
export interface PackSource {
  /** The pack a ref names: a pack id (its current version) or a snapshot ref from {@link PackSource.snapshot}. */
  get(ref: string): Promise<RuntimePack | null>;
  /**
   * Keeps the current version of pack `packId` for a new game and returns the
   * ref that names exactly that version for as long as the game lives, so
   * replacing or deleting the pack later changes nothing in the game.
   */
  snapshot(packId: string): Promise<{ readonly ref: string; readonly pack: RuntimePack } | null>;
}
