/**
 * What each audience may see of a room (the boardgame.io player-view idea):
 * the room view every participant gets, each student's own view, and the
 * host's console. Students never get the key before the reveal, another
 * student's answer, or a token. Questions name their network by id in the
 * game's network table, which only the join and attach acks carry. Pure: the
 * service fetches, these shape.
 */
import type { HostView, MeView, RoomView } from '@/engine/protocol';
import { gameNetworks } from '@/engine/quiz/network-table';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { hashSeed } from '@/engine/rng';
import type { PlayerRecord, RoomRecord } from '../store/types';
import { inTurns } from '../turn-gate';
import type { Outbox } from './ports';

/** The seed of a student's own variants: the same for the same room and player, so a reconnect sees the same question. */
export function variantSeed(roomId: string, playerId: string): number {
  return hashSeed(`${roomId}:${playerId}`);
}

/** The room as every participant sees it (one room broadcast per change); its question names its network by id in the game's table. */
export function roomView(room: RoomRecord, pack: RuntimePack, playerCount: number, now: number): RoomView {
  const { state } = room;
  const showsQuestion = state.phase === 'question' || state.phase === 'reveal';
  const q = showsQuestion ? pack.questions[state.questionIndex] : undefined;
  const reveal = state.phase === 'reveal' && room.reveal?.questionIndex === state.questionIndex ? room.reveal : null;
  return {
    roomId: room.id,
    code: room.code,
    title: room.title,
    phase: state.phase,
    questionIndex: state.questionIndex,
    questionCount: state.questionCount,
    question: q ? gameNetworks(pack).live({ ...q.view(state.questionIndex, 0), multiplier: state.multiplier }) : null,
    openedAt: state.phase === 'question' ? state.openedAt : null,
    deadline: state.phase === 'question' ? state.deadline : null,
    serverNow: now,
    reveal,
    leaders: room.leaders,
    playerCount,
    locked: state.settings.locked,
  };
}

/**
 * One student's own view: score, rank, their verdict once the question has
 * closed, and their own variant of an open question. `answered` says whether
 * they have answered the open question.
 */
export function meView(room: RoomRecord, pack: RuntimePack, player: PlayerRecord, answered: boolean): MeView {
  const { state } = room;
  const q = state.phase === 'question' ? pack.questions[state.questionIndex] : undefined;
  const showsResult = state.phase !== 'lobby' && state.phase !== 'question';
  return {
    playerId: player.id,
    nickname: player.nickname,
    score: player.score,
    rank: player.rank,
    previousRank: player.previousRank,
    streak: player.streak,
    // The question this student has answered: the open one once they answered it, else the last one scored.
    answeredQuestion: q ? (answered ? state.questionIndex : null) : player.lastResult?.answered ? player.lastResult.questionIndex : null,
    result: showsResult ? player.lastResult : null,
    ahead: player.ahead,
    // A variant on the room's network names it by id; a student's own generated network travels inline.
    question: q?.hasVariants ? gameNetworks(pack).live(q.view(state.questionIndex, variantSeed(room.id, player.id))) : null,
  };
}

/** What the host's console needs besides the room view. */
export interface HostFacts {
  readonly players: readonly PlayerRecord[];
  readonly online: ReadonlySet<string>;
  /** Answers to the open question, or null outside a question. */
  readonly answered: number | null;
  /** A poll's votes per option so far, when the open question is a poll. */
  readonly votes?: readonly number[];
  readonly joinUrl: string;
  readonly now: number;
}

/** The host's console: the room, its settings, the roster with presence, and live counts. */
export function hostView(room: RoomRecord, pack: RuntimePack, facts: HostFacts): HostView {
  const online = facts.online.size;
  return {
    room: roomView(room, pack, online, facts.now),
    settings: room.state.settings,
    players: facts.players
      .filter((p) => !p.kicked)
      .sort((a, b) => a.joinedAt - b.joinedAt)
      .map((p) => ({ playerId: p.id, nickname: p.nickname, connected: facts.online.has(p.id), score: p.score })),
    progress:
      room.state.phase === 'question' && facts.answered !== null
        ? { questionIndex: room.state.questionIndex, answered: facts.answered, players: online, ...(facts.votes ? { votes: facts.votes } : {}) }
        : null,
    joinUrl: facts.joinUrl,
  };
}

/** `player:me` messages sent in one turn of the event loop (a reveal sends one per student; 500 took 12–70 ms a turn at 2,000). */
export const ME_CHUNK = 125;

/**
 * Sends each player their own view, {@link ME_CHUNK} at a time with a turn of the event loop between chunks: each is a
 * socket write, and 5,000 in one turn kept answers, pings and other rooms waiting for hundreds of milliseconds.
 */
export async function sendMeInChunks(outbox: Outbox, room: RoomRecord, pack: RuntimePack, players: readonly PlayerRecord[]): Promise<void> {
  await inTurns(players, ME_CHUNK, (chunk) => {
    for (const p of chunk) outbox.playerMe(room.id, p.id, meView(room, pack, p, false));
  });
}
