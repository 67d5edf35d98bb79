/** Looking up a room and its pack, shared by the host, seat and answer paths of the room authority. */
import type { ReduceContext } from '@/engine/game/phases';
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { RoomRecord, Store } from '../store/types';
import { fail } from './errors';
import type { HostFeed } from './host-feed';
import type { PackSource } from './ports';

/** What the seat and answer desks share with the room authority. */
export interface DeskDeps {
  readonly store: Store;
  readonly access: RoomAccess;
  readonly feed: HostFeed;
  readonly now: () => number;
  /** Makes sure this process closes the room's open question at its deadline. */
  readonly rearm: (room: RoomRecord) => void;
}

/** Rooms from the store and the packs they play (a snapshot ref never changes its questions, so compiled packs are kept per ref). */
export class RoomAccess {
  private readonly packCache = new Map<string, RuntimePack>();

  constructor(
    private readonly store: Store,
    private readonly packs: PackSource,
  ) {}

  async pack(packId: string): Promise<RuntimePack> {
    const cached = this.packCache.get(packId);
    if (cached) return cached;
    const pack = await this.packs.get(packId);
    if (!pack) fail('pack/not-found');
    this.packCache.set(packId, pack);
    return pack;
  }

  /** The pack a room plays: its snapshot, or its pack by id for a room stored before snapshots. */
  packOf(room: Pick<RoomRecord, 'packId' | 'packRef'>): Promise<RuntimePack> {
    return this.pack(room.packRef ?? room.packId);
  }

  async room(roomId: string): Promise<RoomRecord> {
    const room = await this.store.getRoom(roomId);
    if (!room) fail('room/not-found');
    return room;
  }

  /** What the reducer needs to know of a pack's questions. */
  ctx(pack: RuntimePack): ReduceContext {
    return {
      question: (i) => {
        const q = pack.questions[i];
        if (!q) throw new Error(`question ${i} out of range`);
        return { timeLimitMs: q.timeLimitMs, multiplier: q.multiplier, hasVariants: q.hasVariants };
      },
    };
  }
}
