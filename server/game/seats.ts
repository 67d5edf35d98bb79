/**
 * Students' seats in a room: joining, resuming with a token, presence. Each
 * method's numbered comments are its checks, in the order they run (the same
 * order docs/PROTOCOL.md states).
 */
import { reduce } from '@/engine/game/phases';
import { normaliseNickname, nicknameKey, type JoinResult, type MeView } from '@/engine/protocol';
import { gameNetworks } from '@/engine/quiz/network-table';
import type { ClassRegistry } from '../classes';
import type { PlayerRecord, RoomRecord } from '../store/types';
import { hashSecret, matchesHash, newId, newSecret, splitToken } from '../tokens';
import { fail } from './errors';
import type { Outbox } from './ports';
import type { DeskDeps } from './room-access';
import { meView, roomView } from './views';

/** Most students in one room. */
export const MAX_PLAYERS_PER_ROOM = 10_000;

/** What the seat desk needs from the room authority. */
export interface SeatDeps extends DeskDeps {
  readonly classes: ClassRegistry;
  readonly outbox: Outbox;
  /** Runs `fn` as the room's one action at a time (the room authority's mutex). */
  readonly serial: <T>(roomId: string, fn: () => Promise<T>) => Promise<T>;
}

/** Joins, resumes and presence of students. */
export class Seats {
  constructor(private readonly deps: SeatDeps) {}

  async join(code: string, rawNickname: string, memberToken?: string): Promise<JoinResult> {
    const { store, access } = this.deps;
    // 1. The nickname is readable.
    const nickname = normaliseNickname(rawNickname);
    if (!nickname) fail('payload/invalid', 'A nickname has 1 to 20 characters.');
    // 2. The code names a running room.
    const roomId = await store.roomIdByCode(code.trim());
    if (!roomId) fail('room/not-found');
    const room = await access.room(roomId);
    const pack = await access.packOf(room);
    // 3. The phase allows joining and the room is not locked (an ended game is reported as not found).
    const allowed = reduce(room.state, { type: 'join' }, this.deps.now(), access.ctx(pack));
    if (!allowed.ok) fail(room.state.phase === 'final' || allowed.error === 'deadline/not-due' ? 'room/not-found' : allowed.error);
    // 4. There is room for one more.
    if ((await store.onlineCount(roomId)) >= MAX_PLAYERS_PER_ROOM) fail('room/full');
    // 5. In a class the phone keeps one identity across games; a new phone gets a new one (reclaimable with its token).
    let member: { id: string; token: string } | null = null;
    if (room.classId) {
      const known = await this.deps.classes.resolveMember(room.classId, memberToken);
      if (known && memberToken) member = { id: known.id, token: memberToken };
      else {
        const created = await this.deps.classes.createMember(room.classId, nickname);
        member = { id: created.member.id, token: created.token };
      }
    }
    const secret = newSecret();
    const player: PlayerRecord = {
      id: newId(),
      tokenHash: hashSecret(secret),
      nickname,
      memberId: member?.id ?? null,
      nicknameKey: nicknameKey(nickname),
      joinedAt: this.deps.now(),
      kicked: false,
      score: 0,
      streak: 0,
      correctCount: 0,
      rank: null,
      previousRank: null,
      scoredThrough: room.state.phase === 'question' ? room.state.questionIndex - 1 : room.state.questionIndex,
      lastResult: null,
      ahead: null,
    };
    // 6. The nickname is free in the room (checked atomically by the store).
    if ((await store.addPlayer(roomId, player)) === 'nickname/taken') fail('nickname/taken');
    this.deps.feed.markRoster(roomId);
    this.deps.rearm(room);
    return {
      roomId,
      playerId: player.id,
      playerToken: `${player.id}.${secret}`,
      classId: room.classId,
      memberToken: member?.token ?? null,
      room: roomView(room, pack, await store.onlineCount(roomId), this.deps.now()),
      me: meView(room, pack, player, false),
      networks: gameNetworks(pack).table,
    };
  }

  /** Identifies a student by their token: (1) its shape, (2) the seat exists and the secret matches, (3) not kicked. */
  async verifyPlayer(roomId: string, playerToken: string): Promise<PlayerRecord> {
    const parts = splitToken(playerToken);
    if (!parts) fail('auth/forbidden');
    const player = await this.deps.store.getPlayer(roomId, parts.id);
    if (!player || !matchesHash(parts.secret, player.tokenHash)) fail('auth/forbidden');
    if (player.kicked) fail('player/kicked');
    return player;
  }

  /** A student back after a reload or a drop: (1) the room exists, (2) the token is theirs; then the same screen as before. */
  async resume(roomId: string, playerToken: string): Promise<JoinResult> {
    const { store, access } = this.deps;
    const room = await access.room(roomId);
    const player = await this.verifyPlayer(roomId, playerToken);
    const pack = await access.packOf(room);
    this.deps.rearm(room);
    const answered = await this.answeredOpen(room, player.id);
    return {
      roomId,
      playerId: player.id,
      playerToken,
      classId: room.classId,
      memberToken: null,
      room: roomView(room, pack, await store.onlineCount(roomId), this.deps.now()),
      me: meView(room, pack, player, answered),
      networks: gameNetworks(pack).table,
    };
  }

  /**
   * A student's own view as it is now, for a socket that recovered its connection: `player:me` is not kept in the
   * recovery log (server/recovery-log.ts), so the server sends the current one. Null when the seat is gone.
   */
  async ownView(roomId: string, playerId: string): Promise<MeView | null> {
    const { store, access } = this.deps;
    const [room, player] = await Promise.all([store.getRoom(roomId), store.getPlayer(roomId, playerId)]);
    if (!room || !player || player.kicked) return null;
    const pack = await access.packOf(room);
    return meView(room, pack, player, await this.answeredOpen(room, playerId));
  }

  /** Whether the student has answered the room's open question (false outside a question). */
  private async answeredOpen(room: RoomRecord, playerId: string): Promise<boolean> {
    return room.state.phase === 'question' && (await this.deps.store.getAnswer(room.id, room.state.questionIndex, playerId)) !== null;
  }

  /** Counts a student's connection opening or closing; the host's roster (and, when leaving, the early close) follows. */
  async setOnline(roomId: string, playerId: string, online: boolean): Promise<void> {
    await this.deps.store.presence(roomId, playerId, online ? 1 : -1);
    this.deps.feed.markRoster(roomId);
    if (!online) this.deps.feed.markProgress(roomId);
  }

  /** Removes a student (host:kick): (1) the phase allows it, (2) the player exists; then marks them kicked and closes their sockets. */
  async kick(roomId: string, playerId: string): Promise<void> {
    const { store, access } = this.deps;
    await this.deps.serial(roomId, async () => {
      const room = await access.room(roomId);
      const allowed = reduce(room.state, { type: 'kick' }, this.deps.now(), access.ctx(await access.packOf(room)));
      if (!allowed.ok) fail(allowed.error === 'deadline/not-due' ? 'internal' : allowed.error);
      const player = await store.getPlayer(roomId, playerId);
      if (!player) fail('payload/invalid', 'No such player.');
      await store.savePlayers(roomId, [{ ...player, kicked: true }]);
      this.deps.outbox.kick(roomId, playerId);
      this.deps.feed.markRoster(roomId);
    });
  }
}
