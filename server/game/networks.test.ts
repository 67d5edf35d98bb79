/**
 * Each network drawing travels once per client session (issue 20): the join,
 * resume, create and attach acks carry the game's network table, and every
 * `room:state`, `player:me` and `host:state` names networks by id only. Real
 * socket.io clients against the app on a free port.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type MeView, type NetworkTable, type RoomView } from '@/engine/protocol';
import { compilePack } from '@/engine/quiz/pack';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { MemoryStore } from '../store/memory';
import { call, ManualScheduler, next, ok, startServer, type Client, type TestServer } from '../test-support/harness';
import { packSource } from '../test-support/packs';
import { PROGRESS_INTERVAL_MS } from './host-feed';
import { TINY_NETWORK as tiny } from '@/engine/quiz/test-networks';


/** q0 and q2 on one network, q1 on another, q3 on the second with every student's own random network. */
function networksPack(): RuntimePack {
  const r = compilePack({
    id: 'networks-once',
    title: 'Networks once',
    networks: { a: tiny, b: 'week09-net2' },
    questions: [
      { id: 'q0', type: 'highlight', prompt: 'Highlight the paths to {{target}}', network: 'a', target: 'w_{1,2}' },
      { id: 'q1', type: 'count', prompt: 'How many paths to {{target}}?', network: 'b', target: 'n1' },
      { id: 'q2', type: 'expression', prompt: 'Write the gradient at {{target}}', network: 'a', target: 'n1' },
      {
        id: 'q3',
        type: 'expression',
        prompt: 'Your own network: write the gradient at {{target}}',
        network: 'b',
        target: '(v_{1,1})_d',
        variants: { kind: 'random-network', neurons: [6, 9], depth: 3 },
      },
    ],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.pack;
}

const inQuestion = (index: number) => (v: RoomView) => v.phase === 'question' && v.questionIndex === index;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup() {
  const pack = networksPack();
  const scheduler = new ManualScheduler();
  const s = await startServer({ store: new MemoryStore(), packs: packSource(pack), scheduler });
  server = s;
  const host = await s.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id, settings: { showLeaderboard: false } }));
  /** The id under which the table holds question `index`'s network (as the room sees it), failing when there is none. */
  const idOf = (table: NetworkTable, index: number): string => {
    const drawn = pack.questions[index]!.view(index, 0).network;
    const ids = Object.keys(table).filter((id) => JSON.stringify(table[id]) === JSON.stringify(drawn));
    expect(ids).toHaveLength(1);
    return ids[0]!;
  };
  return { pack, scheduler, server: s, host, created, idOf };
}

/** Opens the next question from the lobby or a reveal and returns the room view a student got. */
async function openNext(host: Client, student: Client, index: number): Promise<RoomView> {
  const opened = next(student, 'room:state', inQuestion(index));
  ok(await call(host, index === 0 ? 'host:start' : 'host:next', {}));
  return opened;
}

describe('networks sent once per session', () => {
  it('join and resume acks carry the table; each room:state names its network by id', async () => {
    const { pack, server: s, host, created, idOf } = await setup();
    const table = created.networks;
    expect(Object.keys(table)).toHaveLength(2);
    const [a, b] = [idOf(table, 0), idOf(table, 1)];
    expect(a).not.toBe(b);
    expect(idOf(table, 2)).toBe(a);

    const student = await s.client();
    const joined = ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
    expect(joined.networks).toEqual(table);
    expect(joined.networks[a]).toEqual(pack.questions[0]!.view(0, 0).network);
    expect(joined.networks[b]).toEqual(pack.questions[1]!.view(1, 0).network);

    const seen: { index: number; networkId: string | null; network: unknown }[] = [];
    for (const index of [0, 1, 2]) {
      const view = await openNext(host, student, index);
      seen.push({ index, networkId: view.question?.networkId ?? null, network: view.question?.network });
      const revealed = next(student, 'room:state', (v) => v.phase === 'reveal' && v.questionIndex === index);
      ok(await call(host, 'host:close', {}));
      expect((await revealed).question).toMatchObject({ networkId: view.question?.networkId, network: null });
    }
    expect(seen).toEqual([
      { index: 0, networkId: a, network: null },
      { index: 1, networkId: b, network: null },
      { index: 2, networkId: a, network: null },
    ]);

    // A reload: a new socket resumes and gets the table again, the open question by id.
    const q3 = await openNext(host, student, 3);
    expect(q3.question).toMatchObject({ networkId: b, network: null });
    const reloaded = await s.client();
    const resumed = ok(await call(reloaded, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: joined.roomId, playerToken: joined.playerToken }));
    expect(resumed.networks).toEqual(table);
    expect(resumed.room.question).toMatchObject({ index: 3, networkId: b, network: null });
    // The student's own random network is in no table: it travels inline, in their own view only.
    const own = resumed.me.question;
    expect(own).toMatchObject({ index: 3, networkId: null });
    expect(own?.network).toMatchObject({ name: 'Your network' });
    expect(Object.values(table)).not.toContainEqual(own?.network);
  });

  it("a variant's player:me carries its own network inline, the room's by id", async () => {
    const { host, created, server: s, idOf } = await setup();
    const student = await s.client();
    ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
    for (const index of [0, 1, 2]) {
      await openNext(host, student, index);
      ok(await call(host, 'host:close', {}));
    }
    const mine = next(student, 'player:me', (me: MeView) => me.question?.index === 3);
    const room = await openNext(host, student, 3);
    expect(room.question).toMatchObject({ networkId: idOf(created.networks, 3), network: null });
    expect((await mine).question).toMatchObject({ networkId: null, network: { name: 'Your network' } });
  });

  it('create and attach acks carry the table; host:state never repeats it', async () => {
    const { scheduler, server: s, host, created, idOf } = await setup();
    const again = await s.client();
    const attached = ok(await call(again, 'host:attach', { protocol: PROTOCOL_VERSION, roomId: created.roomId, hostToken: created.hostToken }));
    expect(attached.networks).toEqual(created.networks);
    expect(attached).toMatchObject({ joinUrl: created.host.joinUrl, room: { roomId: created.roomId, phase: 'lobby' } });
    expect('networks' in created.host).toBe(false);

    const student = await s.client();
    ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
    const opened = next(again, 'room:state', inQuestion(0));
    ok(await call(again, 'host:start', {}));
    await opened;
    // The beat after the start sends the host its snapshot: the question by id, no table.
    const snapshot = next(host, 'host:state', (v) => v.room.phase === 'question');
    scheduler.advance(PROGRESS_INTERVAL_MS);
    const view = await snapshot;
    expect('networks' in view).toBe(false);
    expect(view.room.question).toMatchObject({ networkId: idOf(created.networks, 0), network: null });
  });
});
