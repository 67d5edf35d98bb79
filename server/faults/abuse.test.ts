import { afterEach, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '@/engine/rng';
import { ERROR_CODES, PROTOCOL_VERSION, inbound, type InboundEvent, type RoomView } from '@/engine/protocol';
import { createLogger } from '../logger';
import { MemoryStore } from '../store/memory';
import { call, next, ok, startServer, type Client, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);
const UNLIMITED = { socketEvents: { burst: 1e9, perSecond: 1e9 }, failedJoinsPerIp: { burst: 1e9, perSecond: 1e9 }, joinsPerRoom: { burst: 1e9, perSecond: 1e9 } };

async function room(s: TestServer) {
  const host = await s.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const student = async (nickname: string) => {
    const socket = await s.client();
    const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
    return { socket, joined };
  };
  return { host, created, student };
}

// ---------- fuzzing ----------

const EVIL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'polluted'];

function randomString(rng: Rng): string {
  const pick = rng.int(0, 9);
  if (pick === 0) return 'x'.repeat(rng.int(1000, 8_000));
  if (pick === 1) return '<script>alert(1)</script>';
  if (pick === 2) return String.fromCharCode(...Array.from({ length: rng.int(1, 30) }, () => rng.int(0, 0xffff)));
  if (pick === 3) return '';
  return rng.next().toString(36).slice(2, 2 + rng.int(1, 12));
}

function randomValue(rng: Rng, depth: number): unknown {
  switch (rng.int(0, depth > 6 ? 5 : 8)) {
    case 0: return null;
    case 1: return rng.int(-1e9, 1e9);
    case 2: return [NaN, Infinity, -0, 1e308, 0.5][rng.int(0, 4)];
    case 3: return rng.next() < 0.5;
    case 4: return randomString(rng);
    case 5: return undefined;
    case 6: return Array.from({ length: rng.int(0, 6) }, () => randomValue(rng, depth + 1));
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = rng.int(0, 6); i > 0; i--) {
        const key = rng.next() < 0.3 ? rng.pick(EVIL_KEYS) : rng.pick(['protocol', 'code', 'nickname', 'roomId', 'hostToken', 'playerToken', 'questionIndex', 'answerId', 'answer', 'kind', 'text', 'edges', 'index', 'value', 'seconds', 'locked', 'multiplier', 'show', 'playerId', 'packId', 'settings', randomString(rng)]);
        obj[key] = randomValue(rng, depth + 1);
      }
      return obj;
    }
  }
}

function deepNest(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = rng0.next() < 0.5 ? [v] : { a: v };
  return v;
}
const rng0 = createRng(7);

function fuzzPayload(rng: Rng, event: InboundEvent): unknown {
  const r = rng.int(0, 9);
  if (r === 0) return deepNest(rng.next() < 0.01 ? 2500 : rng.int(20, 300));
  if (r === 1) {
    // A valid shape with one field broken.
    const valid: Record<string, unknown> = { protocol: PROTOCOL_VERSION, code: '123456', nickname: 'x', questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 0 } };
    const key = rng.pick(Object.keys(valid));
    valid[key] = randomValue(rng, 3);
    return valid;
  }
  if (r === 2) return JSON.parse(`{"__proto__": {"polluted": true}, "event": "${event}"}`) as unknown;
  return randomValue(rng, 0);
}

describe('abuse', () => {
  it('survives 100,000 random and malformed payloads across every event, answering payload/invalid, while an honest game goes on', async () => {
    server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack(2, 600_000)), limits: UNLIMITED });
    const s = server;
    const { host, student } = await room(s);
    const honest = await student('honest');
    const fuzzers = await Promise.all(Array.from({ length: 16 }, (_, i) => student(`fuzzer ${i}`)));
    const events = Object.keys(inbound) as InboundEvent[];
    const TOTAL = 100_000;
    const BATCH = 250;
    const counts: Record<string, number> = {};
    const rng = createRng(20261127);
    let sent = 0;
    const mismatches: string[] = [];
    let opened: Promise<RoomView> | null = null;
    while (sent < TOTAL) {
      const batch: Promise<void>[] = [];
      for (let i = 0; i < BATCH && sent < TOTAL; i++, sent++) {
        const socket = fuzzers[sent % fuzzers.length]!.socket;
        const event = rng.pick(events);
        const payload = fuzzPayload(rng, event);
        // Messages over the transport limit close the connection; that case has its own test below.
        if ((JSON.stringify(payload) ?? '').length > 48_000) {
          counts['skipped/oversized'] = (counts['skipped/oversized'] ?? 0) + 1;
          continue;
        }
        // Judge validity on what the server receives: the payload after socket.io's JSON round trip.
        const onWire: unknown = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload) ?? 'null');
        const valid = inbound[event].safeParse(onWire).success;
        if (rng.next() < 0.02) {
          // Events nobody handles, without an ack.
          (socket.emit as (e: string, p: unknown) => void)(`nope:${rng.int(0, 99)}`, payload);
          continue;
        }
        batch.push(
          new Promise<void>((resolve) => {
            (socket.emit as (e: string, p: unknown, ack: (r: { ok: boolean; error?: string }) => void) => void)(event, payload, (r) => {
              const code = r.ok ? 'ok' : (r.error ?? 'missing');
              counts[code] = (counts[code] ?? 0) + 1;
              const expected = valid ? r.ok || (ERROR_CODES as readonly string[]).includes(r.error ?? '') : !r.ok && r.error === 'payload/invalid';
              if (!expected && mismatches.length < 5) mismatches.push(`${event} ${JSON.stringify(onWire)?.slice(0, 200)} → ${JSON.stringify(r)}`);
              resolve();
            });
          }),
        );
      }
      await Promise.all(batch);
      // Half-way through, the honest game starts and the honest student answers: the server stays responsive.
      if (sent >= TOTAL / 2 && !opened) {
        opened = next(honest.socket, 'room:state', phase('question', 0));
        ok(await call(host, 'host:start', {}));
        await opened;
        ok(await call(honest.socket, 'answer:submit', { questionIndex: 0, answerId: 'honest-0', answer: { kind: 'choice', index: 1 } }));
      }
    }
    expect(mismatches).toEqual([]);
    expect(counts['payload/invalid']).toBeGreaterThan(TOTAL * 0.8);
    expect(counts['internal']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const revealed = next(honest.socket, 'player:me', (me) => me.result?.questionIndex === 0);
    ok(await call(host, 'host:close', {}));
    expect((await revealed).result).toMatchObject({ correct: true, answered: true });
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
    console.info(`fuzz: ${TOTAL} payloads, acks by code ${JSON.stringify(counts)}`);
  }, 180_000);

  it('keeps rooms apart: a host token works only in its room and no event crosses rooms', async () => {
    server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack()) });
    const a = await room(server);
    const b = await room(server);
    const intruder = await server.client();
    const roomA = a.created.roomId;
    const roomB = b.created.roomId;
    // Room A's host token does nothing in room B.
    expect(await call(intruder, 'host:attach', { protocol: PROTOCOL_VERSION, roomId: roomB, hostToken: a.created.hostToken })).toMatchObject({ ok: false, error: 'auth/forbidden' });
    expect(await call(intruder, 'host:start', {})).toMatchObject({ ok: false, error: 'auth/forbidden' });

    const spyA = await a.student('spy');
    const seen: string[] = [];
    spyA.socket.onAny((_event: string, ...args: unknown[]) => seen.push(JSON.stringify(args)));
    const openedB = next((await b.student('Bea')).socket, 'room:state', phase('question', 0));
    ok(await call(b.host, 'host:start', {}));
    await openedB;
    const openedA = next(spyA.socket, 'room:state', phase('question', 0));
    ok(await call(a.host, 'host:start', {}));
    await openedA;
    expect(seen.length).toBeGreaterThan(0);
    for (const frame of seen) {
      expect(frame).not.toContain(roomB);
      expect(frame).toContain(roomA);
    }
  });

  it('refuses oversized messages at the transport, throttles floods and rate-limits joins', async () => {
    server = await startServer({
      store: new MemoryStore(),
      packs: packSource(choicePack()),
      limits: { failedJoinsPerIp: { burst: 5, perSecond: 0.001 } },
    });
    const s = server;
    const { host, created, student } = await room(s);
    const ann = await student('Ann');

    // A message over 64 KiB closes that connection, and only that one.
    const big = await s.client();
    const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
    big.emit('player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'x'.repeat(100_000) }, () => undefined);
    expect(await closed).toMatch(/transport/);
    expect(ann.socket.connected).toBe(true);

    // Failed join-code lookups from one address are rate-limited (the limit is 5; Ann's successful join cost nothing).
    const acks = [];
    for (let i = 0; i < 7; i++) acks.push(await call(await s.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: String(100000 + i), nickname: `g${i}` }));
    expect(acks.map((r) => (r.ok ? 'ok' : r.error))).toEqual([...Array<string>(5).fill('room/not-found'), 'rate/limited', 'rate/limited']);

    // An answer flood from one socket is throttled and counted once.
    const opened = next(ann.socket, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => call(ann.socket, 'answer:submit', { questionIndex: 0, answerId: `f${i}`, answer: { kind: 'choice', index: 1 } })));
    expect(flood.filter((r) => !r.ok && r.error === 'rate/limited').length).toBeGreaterThan(100);
    expect(flood.filter((r) => r.ok)).toHaveLength(1);
    expect(await s.app.rooms.hostView(created.roomId).then((v) => v.progress?.answered)).toBe(1);
  });

  it('a flood of connections does not starve an ongoing game', async () => {
    server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack()) });
    const s = server;
    const { host, student } = await room(s);
    const ann = await student('Ann');
    const bob = await student('Bob');
    const opened = next(ann.socket, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    const flood: Promise<Client>[] = Array.from({ length: 400 }, () => s.client());
    const answer = call(ann.socket, 'answer:submit', { questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 1 } });
    expect((await answer).ok).toBe(true);
    await Promise.all(flood);
    ok(await call(bob.socket, 'answer:submit', { questionIndex: 0, answerId: 'b', answer: { kind: 'choice', index: 1 } }));
  });

  it('never writes tokens or answers to the logs', async () => {
    const lines: string[] = [];
    const logger = createLogger('debug', (l) => lines.push(l));
    const store = new MemoryStore();
    // Make the store fail once on an answer, so the error path logs too.
    const original = store.putAnswer.bind(store);
    let failNext = true;
    store.putAnswer = async (roomId, answer) => {
      if (failNext) {
        failNext = false;
        throw new Error(`disk on fire while writing ${JSON.stringify(answer)}`.slice(0, 20));
      }
      return original(roomId, answer);
    };
    server = await startServer({ store, packs: packSource(choicePack()), logger });
    const { host, created, student } = await room(server);
    const ann = await student('Ann');
    const opened = next(ann.socket, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    expect(await call(ann.socket, 'answer:submit', { questionIndex: 0, answerId: 'secret-answer-id', answer: { kind: 'choice', index: 2 } })).toMatchObject({ ok: false, error: 'internal' });
    ok(await call(ann.socket, 'answer:submit', { questionIndex: 0, answerId: 'secret-answer-id', answer: { kind: 'choice', index: 2 } }));
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toContain(created.hostToken);
    expect(all).not.toContain(ann.joined.playerToken);
    expect(all).not.toContain(ann.joined.playerToken.split('.')[1]);
    expect(all).not.toContain('secret-answer-id');
  });
});
