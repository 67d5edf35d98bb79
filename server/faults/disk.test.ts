/**
 * The embedded store's data dir runs full in the middle of a question (a real
 * tmpfs filled to the last byte): the affected actions are acked
 * store/unavailable, the server logs it and /healthz is degraded; nothing
 * crashes and nothing is half-written; the phone's retry succeeds once there is space.
 */
import { afterEach, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { createLogger } from '../logger';
import { SqliteStore } from '../store/sqlite';
import { call, next, ok, startServer, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { Phone } from '../test-support/phone';
import { mountSmallDisk, type SmallDisk } from '../test-support/small-disk';

let server: TestServer | undefined;
let store: SqliteStore | undefined;
let disk: SmallDisk | undefined;
const phones: Phone[] = [];
afterEach(async () => {
  for (const p of phones.splice(0)) p.close();
  await server?.close();
  await store?.close();
  disk?.dispose();
  server = undefined;
  store = undefined;
  disk = undefined;
});

it('a full data dir mid-question: answers and joins acked store/unavailable, /healthz degraded, one log line; the retry succeeds once there is space', async () => {
  disk = mountSmallDisk();
  const lines: string[] = [];
  const logger = createLogger('info', (l) => lines.push(l));
  store = SqliteStore.open(disk.dir, { logger });
  server = await startServer({ store, packs: packSource(choicePack(2, 600_000)), logger });
  const host = await server.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const [ada, bob] = await Promise.all(['ada', 'bob'].map(async (n) => {
    const p = await new Phone(server!.url).ready();
    phones.push(p);
    await p.join(created.code, n);
    return p;
  }));
  const opened = next(bob!.socket, 'room:state', (v) => v.phase === 'question');
  ok(await call(host, 'host:start', {}));
  await opened;
  ok(await call(ada!.socket, 'answer:submit', { questionIndex: 0, answerId: 'kept', answer: { kind: 'choice', index: 1 } }));

  disk.fill();
  // Fill what SQLite may still have in its WAL with a large write the host makes (an uploaded pack would do the same).
  await expect(store.putDoc('pack', 'filler', { text: 'z'.repeat(512 * 1024) })).rejects.toThrow('SQLITE_FULL');
  const refused = await call(bob!.socket, 'answer:submit', { questionIndex: 0, answerId: 'later', answer: { kind: 'choice', index: 0 } });
  expect(refused).toMatchObject({ ok: false, error: 'store/unavailable' });
  const late = await new Phone(server.url).ready();
  phones.push(late);
  expect(await call(late.socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'cy' })).toMatchObject({ ok: false, error: 'store/unavailable' });
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ status: 'degraded', store: 'sqlite', storeOk: false });
  expect(lines.filter((l) => l.includes('store unavailable') && l.includes('SQLITE_FULL')).length).toBeGreaterThanOrEqual(1);
  // Nothing half-written: only the answer acknowledged before is stored.
  expect((await store.listAnswers(created.roomId, 0)).map((a) => a.answerId)).toEqual(['kept']);

  disk.free();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  ok(await call(bob!.socket, 'answer:submit', { questionIndex: 0, answerId: 'later', answer: { kind: 'choice', index: 0 } }));
  expect((await store.listAnswers(created.roomId, 0)).map((a) => a.answerId).sort()).toEqual(['kept', 'later']);
});
