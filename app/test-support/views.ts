/** Views as the server sends them, for session and selector tests. */
import type { AttachResult, HostView, JoinResult, LiveQuestion, MeView, NetworkTable, RoomView } from '@/engine/protocol';

export const ROOM_ID = 'room-1';

/** A question as a live view carries it (no network unless overridden: `network` inline or `networkId` in the table). */
export function question(index: number, overrides: Partial<LiveQuestion> = {}): LiveQuestion {
  return {
    index,
    id: `q${index}`,
    type: 'choice',
    prompt: `Question ${index + 1}`,
    network: null,
    networkId: null,
    target: null,
    params: [],
    choices: ['yes', 'no'],
    counts: null,
    formula: null,
    timeLimitMs: 20_000,
    multiplier: 1,
    ...overrides,
  };
}

export function room(overrides: Partial<RoomView> = {}): RoomView {
  return {
    roomId: ROOM_ID,
    code: '123456',
    title: 'Week 09',
    phase: 'lobby',
    questionIndex: -1,
    questionCount: 3,
    question: null,
    openedAt: null,
    deadline: null,
    serverNow: Date.UTC(2026, 11, 1, 9, 0, 5),
    reveal: null,
    leaders: [],
    playerCount: 1,
    locked: false,
    ...overrides,
  };
}

/** The room during question `index`. */
export function questionRoom(index: number, overrides: Partial<RoomView> = {}): RoomView {
  const serverNow = overrides.serverNow ?? Date.UTC(2026, 11, 1, 9, 1, 0) + index * 60_000;
  return room({ phase: 'question', questionIndex: index, question: question(index), openedAt: serverNow, deadline: serverNow + 20_000, serverNow, ...overrides });
}

export function me(overrides: Partial<MeView> = {}): MeView {
  return {
    playerId: 'p-ada',
    nickname: 'Ada',
    score: 0,
    rank: null,
    previousRank: null,
    streak: 0,
    answeredQuestion: null,
    result: null,
    ahead: null,
    question: null,
    ...overrides,
  };
}

export function joinResult(r: RoomView = room(), m: MeView = me(), networks: NetworkTable = {}): JoinResult {
  return { roomId: r.roomId, playerId: m.playerId, playerToken: 'tok-ada', classId: null, memberToken: null, room: r, me: m, networks };
}

export function hostView(r: RoomView = room(), overrides: Partial<HostView> = {}): HostView {
  return {
    room: r,
    settings: { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false },
    players: [],
    progress: null,
    joinUrl: 'http://localhost:3000/join/123456',
    ...overrides,
  };
}

/** The `host:attach` ack: a console view and the game's network table. */
export function attachResult(view: HostView = hostView(), networks: NetworkTable = {}): AttachResult {
  return { ...view, networks };
}

/** A small network in the interchange form, as a game's network table holds it (docs/NETWORK_FORMAT.md). */
export function network(name: string): unknown {
  return { name, inputs: [{ input: 'x1', neuron: 'n1' }], edges: [{ from: 'n1', to: 'n2' }], outputs: ['n2'] };
}
