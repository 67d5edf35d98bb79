import { beforeEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../lib/protocol-client';
import { MemoryStorage } from '../lib/storage';
import { FakeTransport, ManualScheduler, settle } from '../test-support/fake-transport';
import { ROOM_ID, attachResult, hostView, network, question, questionRoom, room } from '../test-support/views';
import { ATTACH_RETRY_MS, HOST_KEY, HostSession } from './host-session';
import { hostScreen } from './host-screen';

let transport: FakeTransport;
let scheduler: ManualScheduler;
let storage: MemoryStorage;

const session = () => new HostSession({ transport, scheduler, storage });
const seat = { roomId: ROOM_ID, hostToken: 'host-tok' };

/** A console running the room, attached through a stored seat. */
async function attached(view = hostView(), networks = {}): Promise<HostSession> {
  storage.setItem(HOST_KEY, JSON.stringify(seat));
  const s = session();
  s.start();
  await transport.take('host:attach').reply({ ok: true, data: attachResult(view, networks) });
  return s;
}

beforeEach(() => {
  transport = new FakeTransport();
  scheduler = new ManualScheduler();
  storage = new MemoryStorage();
});

describe('HostSession', () => {
  it('starts on the pack setup without a stored room, and sends nothing', () => {
    const s = session();
    s.start();
    expect(hostScreen(s.getSnapshot())).toEqual({ kind: 'setup', notice: null });
    expect(transport.sent).toEqual([]);
  });

  it('creates a room, keeps the host token and runs it', async () => {
    const s = session();
    s.start();
    const done = s.create('week09', { scoring: false });
    const create = transport.take('host:create');
    expect(create.payload).toEqual({ protocol: PROTOCOL_VERSION, packId: 'week09', settings: { scoring: false } });
    await create.reply({ ok: true, data: { roomId: ROOM_ID, code: '123456', hostToken: 'host-tok', host: hostView(), networks: {} } });
    expect(await done).toBeNull();
    expect(JSON.parse(storage.getItem(HOST_KEY) ?? 'null')).toEqual(seat);
    expect(hostScreen(s.getSnapshot())).toMatchObject({ kind: 'lobby', room: { roomId: ROOM_ID } });
  });

  it('creates a class game with the class and its instructor key', async () => {
    const s = session();
    const done = s.create('week09', {}, { classId: 'c1', instructorKey: 'key-12345' });
    const create = transport.take('host:create');
    expect(create.payload).toEqual({ protocol: PROTOCOL_VERSION, packId: 'week09', settings: {}, classId: 'c1', instructorKey: 'key-12345' });
    await create.reply({ ok: true, data: { roomId: ROOM_ID, code: '123456', hostToken: 'host-tok', host: hostView(), networks: {} } });
    expect(await done).toBeNull();
  });

  it('returns the wording of a refused create', async () => {
    const s = session();
    const done = s.create('nope', {});
    await transport.take('host:create').reply({ ok: false, error: 'pack/not-found', message: 'x' });
    expect(await done).toBe('That quiz pack does not exist.');
    expect(s.getSnapshot().stage).toBe('setup');
  });

  it('re-attaches a stored room on start and on every reconnect', async () => {
    const s = await attached();
    expect(s.getSnapshot().stage).toBe('running');
    transport.drop();
    transport.reconnect();
    expect(transport.take('host:attach').payload).toEqual({ protocol: PROTOCOL_VERSION, ...seat });
  });

  it('forgets a room that is gone and says so; retries other failures after ATTACH_RETRY_MS', async () => {
    storage.setItem(HOST_KEY, JSON.stringify(seat));
    const s = session();
    s.start();
    expect(hostScreen(s.getSnapshot())).toEqual({ kind: 'reconnecting' });
    await transport.take('host:attach').reply({ ok: false, error: 'internal', message: 'x' });
    scheduler.advance(ATTACH_RETRY_MS - 1);
    expect(transport.sent).toEqual([]);
    scheduler.advance(1);
    await transport.take('host:attach').reply({ ok: false, error: 'room/not-found', message: 'x' });
    expect(hostScreen(s.getSnapshot())).toEqual({ kind: 'setup', notice: 'That game is no longer running.' });
    expect(storage.getItem(HOST_KEY)).toBeNull();
  });

  it('follows room views, drops older ones, and keeps progress only for its question', async () => {
    const s = await attached(hostView(questionRoom(0)));
    transport.emit('host:progress', { questionIndex: 0, answered: 2, players: 3 });
    expect(s.getSnapshot().progress).toEqual({ questionIndex: 0, answered: 2, players: 3 });
    const older = questionRoom(0, { serverNow: questionRoom(0).serverNow - 1, phase: 'lobby' });
    transport.emit('room:state', older);
    expect(s.getSnapshot().room?.phase).toBe('question');
    transport.emit('room:state', questionRoom(1));
    expect(s.getSnapshot()).toMatchObject({ room: { questionIndex: 1 }, progress: null });
  });

  it('draws the networks named by id from the attach ack table, in host:state and room:state alike', async () => {
    const netA = network('Network I');
    const netB = network('Network II');
    const byId = (index: number, networkId: string) => questionRoom(index, { question: question(index, { type: 'highlight', networkId }) });
    const s = await attached(hostView(byId(0, 'nA')), { nA: netA, nB: netB });
    expect(s.getSnapshot().room?.question?.network).toEqual(netA);
    expect(s.getSnapshot().view?.room.question?.network).toEqual(netA);
    expect(hostScreen(s.getSnapshot())).toMatchObject({ kind: 'question', room: { question: { network: netA } } });
    transport.emit('room:state', byId(1, 'nB'));
    expect(s.getSnapshot().room?.question?.network).toEqual(netB);
    // host:state never carries the table: the attach ack's one still resolves it.
    transport.emit('host:state', hostView(byId(2, 'nA')));
    expect(s.getSnapshot().room?.question).toMatchObject({ index: 2, networkId: 'nA', network: netA });
    expect(s.getSnapshot().view?.room.question?.network).toEqual(netA);
  });

  it("takes the create ack's table", async () => {
    const net = network('Network I');
    const s = session();
    s.start();
    const done = s.create('week09', {});
    await transport
      .take('host:create')
      .reply({ ok: true, data: { roomId: ROOM_ID, code: '123456', hostToken: 'host-tok', host: hostView(), networks: { nA: net } } });
    expect(await done).toBeNull();
    transport.emit('room:state', questionRoom(0, { question: question(0, { networkId: 'nA' }) }));
    expect(s.getSnapshot().room?.question?.network).toEqual(net);
  });

  it('sends host commands and returns the error wording', async () => {
    const s = await attached();
    const ok = s.command('host:lock', { locked: true });
    const lock = transport.take('host:lock');
    expect(lock.payload).toEqual({ locked: true });
    await lock.reply({ ok: true, data: null });
    expect(await ok).toBeNull();
    const refused = s.command('host:next', {});
    await transport.take('host:next').reply({ ok: false, error: 'phase/not-allowed', message: 'x' });
    expect(await refused).toBe('That is not possible right now.');
  });

  it('leaves: forgets the room and stops re-attaching', async () => {
    const s = await attached(hostView(room()));
    s.leave();
    expect(storage.getItem(HOST_KEY)).toBeNull();
    transport.reconnect();
    await settle();
    expect(transport.sent).toEqual([]);
    expect(hostScreen(s.getSnapshot()).kind).toBe('setup');
  });
});
