import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type HostView, type MeView, type RoomView } from '@/engine/protocol';
import { silentLogger } from './logger';
import { MemoryStore } from './store/memory';
import { call, ManualClock, next, ok, startServer, type Client, type TestServer } from './test-support/harness';
import { choicePack, packSource } from './test-support/packs';

const pack = choicePack(3, 20_000);

/** Drops the socket's transport the way a lost network does (a recoverable disconnect), and waits for the close. */
async function dropTransport(socket: Client): Promise<void> {
  const closed = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
  socket.io.engine.close();
  await closed;
}

/** Reconnects and resolves once connected, saying whether socket.io recovered the session. */
async function reconnect(socket: Client): Promise<boolean> {
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.connect();
  await connected;
  return socket.recovered;
}

/** A round trip: every message the server sent before it has arrived once this resolves. */
async function roundTrip(socket: Client): Promise<void> {
  await new Promise<void>((resolve) => (socket.emit as (e: string, p: unknown, ack: () => void) => void)('no:such-event', {}, () => resolve()));
}

const hostSees = (nickname: string, connected: boolean) => (v: HostView) => v.players.some((p) => p.nickname === nickname && p.connected === connected);

describe('connection-state recovery keeps room broadcasts, not per-recipient snapshots', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function game() {
    server = await startServer({ store: new MemoryStore(), packs: packSource(pack), clock: new ManualClock(), logger: silentLogger });
    const host = await server.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id }));
    const join = async (nickname: string) => {
      const socket = await server!.client();
      ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
      return socket;
    };
    return { host, join };
  }

  it('a student back after missing two reveals gets the missed room states replayed and one fresh verdict', async () => {
    const { host, join } = await game();
    const ada = await join('Ada');
    const bob = await join('Bob');
    const opened = next(bob, 'room:state', (v) => v.phase === 'question');
    ok(await call(host, 'host:start', {}));
    await opened;

    const away = next(host, 'host:state', hostSees('Bob', false));
    await dropTransport(bob);
    await away;
    // While Bob is away: two questions are answered by Ada and revealed.
    ok(await call(ada, 'answer:submit', { questionIndex: 0, answerId: 'a0', answer: { kind: 'choice', index: 1 } }));
    ok(await call(host, 'host:close', {}));
    ok(await call(host, 'host:next', {})); // leaderboard
    ok(await call(host, 'host:next', {})); // question 1
    ok(await call(ada, 'answer:submit', { questionIndex: 1, answerId: 'a1', answer: { kind: 'choice', index: 1 } }));
    const revealed = next(ada, 'player:me', (me) => me.result?.questionIndex === 1);
    ok(await call(host, 'host:close', {}));
    await revealed;

    const states: RoomView[] = [];
    const verdicts: MeView[] = [];
    bob.on('room:state', (v) => states.push(v));
    bob.on('player:me', (me) => verdicts.push(me));
    const fresh = next(bob, 'player:me');
    expect(await reconnect(bob)).toBe(true);
    await fresh;
    await roundTrip(bob);

    // Every room broadcast he missed, in order: reveal 0, leaderboard, question 1, reveal 1.
    expect(states.map((v) => `${v.phase}:${v.questionIndex}`)).toEqual(['reveal:0', 'leaderboard:0', 'question:1', 'reveal:1']);
    // His own view once, as it is now (the two verdicts sent while he was away were not kept for replay).
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ nickname: 'Bob', answeredQuestion: null, result: { questionIndex: 1, answered: false, points: 0 } });
  });

  it('a host back after a drop gets a fresh roster with the student who joined meanwhile', async () => {
    const { host, join } = await game();
    const seen = next(host, 'host:state', hostSees('Ada', true));
    await join('Ada');
    await seen;

    await dropTransport(host);
    const cy = await join('Cy');
    expect(cy.connected).toBe(true);
    const roster = next(host, 'host:state', hostSees('Cy', true));
    expect(await reconnect(host)).toBe(true);
    expect((await roster).players.map((p) => p.nickname)).toEqual(['Ada', 'Cy']);
  });
});
