import { beforeEach, describe, expect, it } from 'vitest';
import type { AnswerPayload, JoinResult } from '@/engine/protocol';
import { PROTOCOL_VERSION } from '../lib/protocol-client';
import { MemoryStorage } from '../lib/storage';
import { FakeTransport, ManualScheduler, settle } from '../test-support/fake-transport';
import { ROOM_ID, joinResult, me, network, question, questionRoom, room } from '../test-support/views';
import { seatStorage, type SeatStorage } from './session';
import { RETRY_MS, StudentSession, type ClassMembership } from './student-session';
import { studentScreen } from './student-screen';

const YES: AnswerPayload = { kind: 'choice', index: 0 };
const received = (questionIndex: number, answerId: string) => ({ ok: true as const, data: { questionIndex, answerId, receivedAt: 1 } });

let transport: FakeTransport;
let scheduler: ManualScheduler;
let storage: MemoryStorage;
let seats: SeatStorage;
let remembered: { roomId: string; nickname: string }[];
let memberTokens: Record<string, string>;
let ids: number;

function session(): StudentSession {
  const classes: ClassMembership = {
    memberTokenForCode: (code) => Promise.resolve(memberTokens[code]),
    rememberGame: (joined, nickname) => remembered.push({ roomId: joined.roomId, nickname }),
  };
  return new StudentSession({ transport, scheduler, seats, classes, newAnswerId: () => `a${++ids}` });
}

/** A session seated in the room through player:join, its ack being `result`. */
async function joined(result: JoinResult = joinResult(questionRoom(0))): Promise<StudentSession> {
  const s = session();
  s.start(null);
  const done = s.join('123456', 'Ada');
  await settle();
  await transport.take('player:join').reply({ ok: true, data: result });
  expect(await done).toBeNull();
  return s;
}

beforeEach(() => {
  transport = new FakeTransport();
  scheduler = new ManualScheduler();
  storage = new MemoryStorage();
  seats = seatStorage(storage);
  remembered = [];
  memberTokens = {};
  ids = 0;
});

describe('StudentSession: networks named by id', () => {
  const netA = network('Network I');
  const netB = network('Network II');
  const table = { nA: netA, nB: netB };
  const byId = (index: number, networkId: string) => questionRoom(index, { question: question(index, { type: 'highlight', networkId }) });

  it('draws the network of the join ack table in the ack, every room:state and an own variant', async () => {
    const s = await joined(joinResult(byId(0, 'nA'), me(), table));
    expect(s.getSnapshot().room?.question).toMatchObject({ networkId: 'nA', network: netA });
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'question', question: { network: netA } });
    transport.emit('room:state', byId(1, 'nB'));
    expect(s.getSnapshot().room?.question?.network).toEqual(netB);
    transport.emit('room:state', byId(2, 'nA'));
    expect(s.getSnapshot().room?.question?.network).toEqual(netA);
    // A per-student variant on the room's network names it too; the one shown is the student's own.
    transport.emit('player:me', me({ question: question(2, { type: 'highlight', prompt: 'your variant', networkId: 'nB' }) }));
    expect(s.getSnapshot().me?.question?.network).toEqual(netB);
    expect(s.getSnapshot().shown).toMatchObject({ prompt: 'your variant', network: netB });
  });

  it('keeps an inline network (a generated variant) and a question without one as they are', async () => {
    const own = network('Your network');
    const s = await joined(joinResult(questionRoom(0), me(), table));
    transport.emit('player:me', me({ question: question(0, { network: own, networkId: null }) }));
    expect(s.getSnapshot().me?.question?.network).toBe(own);
    expect(s.getSnapshot().room?.question).toMatchObject({ network: null, networkId: null });
  });

  it('keeps the table over a dropped connection and takes the one of each resume ack', async () => {
    const s = await joined(joinResult(room(), me(), table));
    transport.drop();
    // A recovered socket gets the missed broadcast without a new join: the table it had still draws it.
    transport.emit('room:state', byId(0, 'nB'));
    expect(s.getSnapshot().room?.question?.network).toEqual(netB);
    transport.reconnect();
    const other = network('Network III');
    await transport.take('player:resume').reply({ ok: true, data: joinResult(byId(1, 'nC'), me(), { nC: other }) });
    expect(s.getSnapshot().room?.question?.network).toEqual(other);
    expect(s.getSnapshot().networks).toEqual({ nC: other });
  });

  it('leaves a network it has no entry for undrawn rather than guessing', async () => {
    const s = await joined(joinResult(room(), me(), table));
    transport.emit('room:state', byId(0, 'nZ'));
    expect(s.getSnapshot().room?.question).toMatchObject({ networkId: 'nZ', network: null });
  });
});

describe('StudentSession: joining and resuming', () => {
  it('joins with the protocol version and the class member token, keeps the seat and remembers the game', async () => {
    memberTokens['123456'] = 'm1.secret';
    const s = session();
    s.start(null);
    const done = s.join('123456', 'Ada');
    await settle();
    const join = transport.take('player:join');
    expect(join.payload).toEqual({ protocol: PROTOCOL_VERSION, code: '123456', nickname: 'Ada', memberToken: 'm1.secret' });
    await join.reply({ ok: true, data: joinResult(room({ serverNow: scheduler.now() + 400 })) });
    expect(await done).toBeNull();
    expect(s.getSnapshot()).toMatchObject({ stage: 'playing', offset: 400, seat: { roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456' } });
    expect(seats.loadSeat()).toEqual({ roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456', nickname: 'Ada' });
    expect(remembered).toEqual([{ roomId: ROOM_ID, nickname: 'Ada' }]);
  });

  it('returns the wording of a refused join and stays on the join form', async () => {
    const s = session();
    s.start(null);
    const done = s.join('123456', 'Ada');
    await settle();
    await transport.take('player:join').reply({ ok: false, error: 'nickname/taken', message: 'x' });
    expect(await done).toBe('Someone in this game already has that name. Pick another one.');
    expect(s.getSnapshot().stage).toBe('join');
    expect(seats.loadSeat()).toBeNull();
  });

  it('resumes a stored seat on start, and again on every reconnect', async () => {
    seats.saveSeat({ roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456', nickname: 'Ada' });
    const s = session();
    s.start('123456');
    expect(s.getSnapshot().stage).toBe('resuming');
    const resume = transport.take('player:resume');
    expect(resume.payload).toEqual({ protocol: PROTOCOL_VERSION, roomId: ROOM_ID, playerToken: 'tok-ada' });
    await resume.reply({ ok: true, data: joinResult(room()) });
    expect(s.getSnapshot().stage).toBe('playing');
    transport.drop();
    transport.reconnect();
    expect(transport.sent).toEqual(['player:resume']);
  });

  it('does not resume a stored seat when the page was opened for another code', () => {
    seats.saveSeat({ roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456', nickname: 'Ada' });
    const s = session();
    s.start('654321');
    expect(s.getSnapshot().stage).toBe('join');
    expect(transport.sent).toEqual([]);
  });

  it('goes back to the join form when the seat is gone, and retries other failures after RETRY_MS', async () => {
    seats.saveSeat({ roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456', nickname: 'Ada' });
    const s = session();
    s.start(null);
    await transport.take('player:resume').reply({ ok: false, error: 'store/unavailable', message: 'x' });
    expect(transport.sent).toEqual([]);
    scheduler.advance(RETRY_MS - 1);
    expect(transport.sent).toEqual([]);
    scheduler.advance(1);
    await transport.take('player:resume').reply({ ok: false, error: 'room/not-found', message: 'x' });
    expect(s.getSnapshot()).toMatchObject({ stage: 'join', notice: 'That game has ended.', seat: null });
    expect(seats.loadSeat()).toBeNull();
  });

  it('is sent back to the join form, seat forgotten, when kicked', async () => {
    const s = await joined();
    transport.emit('player:kicked');
    expect(s.getSnapshot()).toMatchObject({ stage: 'join', notice: 'The host removed you from this game.' });
    expect(seats.loadSeat()).toBeNull();
  });

  it('keeps the lobby head count live from room:count, for its own room only', async () => {
    const s = await joined(joinResult(room({ phase: 'lobby', playerCount: 1 })));
    transport.emit('room:count', { roomId: ROOM_ID, playerCount: 4 });
    expect(s.getSnapshot().room?.playerCount).toBe(4);
    transport.emit('room:count', { roomId: 'another-room', playerCount: 99 });
    expect(s.getSnapshot().room?.playerCount).toBe(4);
  });

  it('keeps the newer of two crossing room views', async () => {
    const first = questionRoom(0);
    const s = await joined(joinResult(first));
    const newer = questionRoom(0, { phase: 'reveal', serverNow: first.serverNow + 30_000 });
    transport.emit('room:state', newer);
    transport.emit('room:state', questionRoom(0, { serverNow: newer.serverNow - 1 }));
    expect(s.getSnapshot().room).toBe(newer);
  });

  it('notifies subscribers on a change and keeps the same snapshot otherwise; stop unsubscribes and cancels retries', async () => {
    const s = await joined(joinResult(room()));
    let calls = 0;
    const unsubscribe = s.subscribe(() => calls++);
    const before = s.getSnapshot();
    expect(s.getSnapshot()).toBe(before);
    transport.emit('player:me', me({ score: 10 }));
    expect(calls).toBe(1);
    expect(s.getSnapshot()).not.toBe(before);
    unsubscribe();
    transport.emit('player:me', me({ score: 20 }));
    expect(calls).toBe(1);
    transport.emit('room:state', questionRoom(0));
    s.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'internal', message: 'x' });
    expect(scheduler.pending).toBe(1);
    s.stop();
    expect(scheduler.pending).toBe(0);
    expect(transport.listenerCount('room:state')).toBe(0);
  });
});

describe('StudentSession: the answer queue', () => {
  it('saves an answer before sending it, and settles it on the ack', async () => {
    const s = await joined();
    s.submit(YES);
    expect(seats.loadPending(ROOM_ID)).toMatchObject({ questionIndex: 0, answerId: 'a1', answer: YES });
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'waiting', queued: true, late: false });
    const submit = transport.take('answer:submit');
    expect(submit.payload).toEqual({ questionIndex: 0, answerId: 'a1', answer: YES });
    await submit.reply(received(0, 'a1'));
    expect(s.getSnapshot()).toMatchObject({ pending: null, sent: { questionIndex: 0, answerId: 'a1', answer: YES } });
    expect(seats.loadPending(ROOM_ID)).toBeNull();
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'waiting', queued: false, answer: YES });
  });

  it('takes one answer per question: a second tap is ignored', async () => {
    const s = await joined();
    s.submit(YES);
    s.submit({ kind: 'choice', index: 1 });
    transport.take('answer:submit');
    expect(transport.sent).toEqual([]);
    expect(s.getSnapshot().pending?.answer).toEqual(YES);
  });

  it('ignores a tap outside a question', async () => {
    const s = await joined(joinResult(room()));
    s.submit(YES);
    expect(transport.sent).toEqual([]);
    expect(seats.loadPending(ROOM_ID)).toBeNull();
  });

  it('counts answer/duplicate as settled (the server has an answer)', async () => {
    const s = await joined();
    s.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'answer/duplicate', message: 'x' });
    expect(s.getSnapshot()).toMatchObject({ pending: null, sent: { answerId: 'a1' } });
  });

  it('retries a transient failure after RETRY_MS with the same answer id, until acked', async () => {
    const s = await joined();
    s.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'store/unavailable', message: 'x' });
    scheduler.advance(RETRY_MS - 1);
    expect(transport.sent).toEqual([]);
    scheduler.advance(1);
    const retry = transport.take('answer:submit');
    expect(retry.payload.answerId).toBe('a1');
    await retry.reply(received(0, 'a1'));
    expect(s.getSnapshot().sent?.answerId).toBe('a1');
  });

  it('shows "too late" for answer/late', async () => {
    const late = await joined();
    late.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'answer/late', message: 'x' });
    expect(late.getSnapshot().answerNote).toEqual({ questionIndex: 0, text: 'Time was up before your answer arrived.', late: true });
    expect(studentScreen(late.getSnapshot())).toMatchObject({ kind: 'waiting', late: true, answer: null });
    expect(seats.loadPending(ROOM_ID)).toBeNull();
  });

  it('shows the question again with the reason of any other refusal', async () => {
    const refused = await joined();
    refused.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'payload/invalid', message: 'That edge is not in the network.' });
    expect(studentScreen(refused.getSnapshot())).toMatchObject({ kind: 'question', note: 'That edge is not in the network.' });
  });

  it('bounces an unreadable answer back to the question with the checker’s reason, so the student can fix and resend it', async () => {
    const s = await joined();
    s.submit({ kind: 'count', value: 'two' });
    await transport.take('answer:submit').reply({ ok: false, error: 'answer/unreadable', message: '“two” is not a whole number.' });
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'question', note: '“two” is not a whole number. Fix it and send it again.' });
    s.submit({ kind: 'count', value: '2' });
    const fixed = transport.take('answer:submit');
    expect(fixed.payload.answer).toEqual({ kind: 'count', value: '2' });
    await fixed.reply(received(0, fixed.payload.answerId));
    expect(s.getSnapshot().sent?.answer).toEqual({ kind: 'count', value: '2' });
  });

  it('keeps an answer on auth/forbidden and re-sends it after the next resume', async () => {
    const s = await joined();
    s.submit(YES);
    await transport.take('answer:submit').reply({ ok: false, error: 'auth/forbidden', message: 'x' });
    expect(s.getSnapshot().pending?.answerId).toBe('a1');
    transport.reconnect();
    await transport.take('player:resume').reply({ ok: true, data: joinResult(questionRoom(0)) });
    expect(transport.take('answer:submit').payload.answerId).toBe('a1');
  });

  it('queues an answer tapped offline and sends it once back, if its question is still open', async () => {
    const s = await joined();
    transport.drop();
    s.submit(YES);
    expect(transport.sent).toEqual([]);
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'waiting', queued: true });
    transport.reconnect();
    await transport.take('player:resume').reply({ ok: true, data: joinResult(questionRoom(0)) });
    const submit = transport.take('answer:submit');
    expect(submit.payload).toEqual({ questionIndex: 0, answerId: 'a1', answer: YES });
    await submit.reply(received(0, 'a1'));
    expect(s.getSnapshot().sent?.answerId).toBe('a1');
  });

  it('drops a queued answer as late when its question closed while offline', async () => {
    const s = await joined();
    transport.drop();
    s.submit(YES);
    transport.reconnect();
    await transport.take('player:resume').reply({ ok: true, data: joinResult(questionRoom(1)) });
    expect(transport.sent).toEqual([]);
    expect(s.getSnapshot()).toMatchObject({ pending: null, answerNote: { questionIndex: 0, late: true } });
    expect(seats.loadPending(ROOM_ID)).toBeNull();
    expect(studentScreen(s.getSnapshot())).toMatchObject({ kind: 'question', note: null });
  });

  it('settles a queued answer without sending it when the server already has it', async () => {
    const s = await joined();
    transport.drop();
    s.submit(YES);
    transport.reconnect();
    await transport.take('player:resume').reply({ ok: true, data: joinResult(questionRoom(0), me({ answeredQuestion: 0 })) });
    expect(transport.sent).toEqual([]);
    expect(s.getSnapshot()).toMatchObject({ pending: null, sent: { answerId: 'a1' } });
  });

  it('sends the answer a reload left in storage once the seat is resumed', async () => {
    seats.saveSeat({ roomId: ROOM_ID, playerToken: 'tok-ada', code: '123456', nickname: 'Ada' });
    seats.savePending({ roomId: ROOM_ID, questionIndex: 2, answerId: 'stored', answer: YES });
    const s = session();
    s.start(null);
    await transport.take('player:resume').reply({ ok: true, data: joinResult(questionRoom(2)) });
    expect(s.getSnapshot().pending?.answerId).toBe('stored');
    expect(transport.take('answer:submit').payload).toEqual({ questionIndex: 2, answerId: 'stored', answer: YES });
  });
});
