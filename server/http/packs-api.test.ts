import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { InstructorAuth } from '../instructor';
import { PackLibrary } from '../packs';
import { MemoryStore } from '../store/memory';
import { call, next, ok, startServer, TEST_INSTRUCTOR_KEY, type TestServer } from '../test-support/harness';
import { createApi } from './api';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-packs-api-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A valid pack of choice questions; `tag` marks its prompts so a game shows which version it plays. */
function choiceSpec(id: string, tag: string, answer = 2) {
  return {
    id,
    title: `Pack ${tag}`,
    questions: [0, 1].map((i) => ({
      id: `q${i}`,
      type: 'choice',
      prompt: `${tag} question ${i}: how many factors has one path from E to n_4?`,
      choices: ['1', '2', '3'],
      answer,
      timeLimitSec: 60,
    })),
  };
}

async function start(): Promise<TestServer> {
  const store = new MemoryStore();
  const packs = new PackLibrary(store);
  server = await startServer({ store, packs, api: createApi({ packs, instructor: InstructorAuth.fixed(TEST_INSTRUCTOR_KEY) }) });
  return server;
}

async function request(s: TestServer, method: string, p: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key !== undefined) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(s.url + p, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as unknown, headers: res.headers };
}

describe('packs API', () => {
  it('only the instructor key creates or replaces a pack; without it nothing is stored', async () => {
    const s = await start();
    expect(await request(s, 'POST', '/api/packs', { body: choiceSpec('mine', 'A') })).toMatchObject({ status: 401 });
    const wrong = await request(s, 'POST', '/api/packs', { key: 'not-the-key', body: choiceSpec('mine', 'A') });
    expect(wrong.status).toBe(403);
    expect(wrong.json()).toEqual({ error: 'auth/forbidden', message: 'That instructor key is not valid.' });
    expect((await request(s, 'GET', '/api/packs')).json()).not.toContainEqual(expect.objectContaining({ id: 'mine' }));

    const created = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') });
    expect(created.status).toBe(201);
    expect(created.json()).toEqual({ ok: true, id: 'mine', replaced: false });
    // A student cannot replace it.
    expect((await request(s, 'POST', '/api/packs', { body: choiceSpec('mine', 'EVIL', 0) })).status).toBe(401);
    const replaced = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'B') });
    expect(replaced.status).toBe(200);
    expect(replaced.json()).toEqual({ ok: true, id: 'mine', replaced: true });
    // Invalid packs still get their field-path errors (with the key).
    const invalid = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: { id: 'bad', title: 'Bad', questions: [] } });
    expect(invalid.status).toBe(422);
    expect(invalid.json()).toMatchObject({ ok: false, errors: [expect.objectContaining({ path: expect.any(String) as unknown })] });
  });

  it('serves answers only with the key: the list and the preview carry no key, the download needs it', async () => {
    const s = await start();
    expect((await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') })).status).toBe(201);
    const list = await request(s, 'GET', '/api/packs');
    expect(list.status).toBe(200);
    expect(list.json()).toContainEqual({ id: 'mine', title: 'Pack A', questions: 2, builtin: false });
    expect(list.text).not.toContain('answer');

    for (const id of ['mine', 'week09']) {
      const refused = await request(s, 'GET', `/api/packs/${id}`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toContain('Bearer');
      expect(refused.text).not.toContain('answer');
      expect((await request(s, 'GET', `/api/packs/${id}`, { key: 'not-the-key' })).status).toBe(403);
      const preview = await request(s, 'GET', `/api/packs/${id}/preview`);
      expect(preview.status).toBe(200);
      expect(preview.text).not.toContain('"answer"');
      expect(preview.text).not.toContain('choiceIndex');
      expect(preview.text).not.toContain('explanation');
    }
    const download = await request(s, 'GET', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="mine.json"');
    expect(download.json()).toMatchObject({ id: 'mine', questions: [{ answer: 2 }, { answer: 2 }] });
    expect((await request(s, 'GET', '/api/packs/nope', { key: TEST_INSTRUCTOR_KEY })).status).toBe(404);
  });

  it('deletes uploaded packs with the key, never built-in ones', async () => {
    const s = await start();
    await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') });
    expect((await request(s, 'DELETE', '/api/packs/mine')).status).toBe(401);
    const builtin = await request(s, 'DELETE', '/api/packs/week09', { key: TEST_INSTRUCTOR_KEY });
    expect(builtin.status).toBe(409);
    expect(builtin.json()).toEqual({ error: 'pack/builtin', message: 'Built-in packs cannot be deleted.' });
    expect((await request(s, 'DELETE', '/api/packs/nope', { key: TEST_INSTRUCTOR_KEY })).json()).toEqual({ error: 'pack/not-found', message: 'No quiz pack with that id.' });
    const deleted = await request(s, 'DELETE', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY });
    expect(deleted.status).toBe(200);
    expect(deleted.json()).toEqual({ ok: true, id: 'mine' });
    expect((await request(s, 'GET', '/api/packs')).json()).not.toContainEqual(expect.objectContaining({ id: 'mine' }));
    expect((await request(s, 'GET', '/api/packs/mine/preview')).status).toBe(404);
    expect((await request(s, 'PUT', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY })).status).toBe(405);
  });

  it('a running game keeps the questions it was created with when its pack is replaced, then deleted', async () => {
    const s = await start();
    await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'OLD') });
    const host = await s.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'mine' }));
    const student = await s.client();
    ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ann' }));

    expect((await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'NEW', 0) })).status).toBe(200);
    const isQuestion = (i: number) => (v: RoomView) => v.phase === 'question' && v.questionIndex === i;
    const first = next(student, 'room:state', isQuestion(0));
    ok(await call(host, 'host:start', {}));
    expect((await first).question?.prompt).toMatch(/^OLD question 0/);

    expect((await request(s, 'DELETE', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY })).status).toBe(200);
    const reveal = next(student, 'player:me', (me) => me.result?.questionIndex === 0);
    ok(await call(student, 'answer:submit', { questionIndex: 0, answerId: 'a0', answer: { kind: 'choice', index: 2 } }));
    ok(await call(host, 'host:close', {}));
    // Graded against the old key (2), not the replacement's (0).
    expect((await reveal).result).toMatchObject({ correct: true });
    const second = next(student, 'room:state', isQuestion(1));
    // Reveal → leaderboard → the next question.
    ok(await call(host, 'host:next', {}));
    ok(await call(host, 'host:next', {}));
    expect((await second).question?.prompt).toMatch(/^OLD question 1/);
  });

  it('a new game plays the pack as it is now, while an older game keeps its own version, also in a fresh process on the same store', async () => {
    const store = new MemoryStore();
    const packs = new PackLibrary(store);
    const api = createApi({ packs, instructor: InstructorAuth.fixed(TEST_INSTRUCTOR_KEY) });
    server = await startServer({ store, packs, api });
    const s = server;
    await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'OLD') });
    const host = await s.client();
    const older = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'mine' }));
    // The same process has compiled the old version; a replacement must still reach the next new game.
    await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'NEW', 0) });
    const newer = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'mine' }));
    expect(newer.host.room.title).toBe('Pack NEW');
    expect(older.host.room.title).toBe('Pack OLD');
    await request(s, 'DELETE', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY });

    // Another process (fresh pack library and room service) on the same store still plays the old game's questions.
    const fresh = await startServer({ store, packs: new PackLibrary(store) });
    try {
      const host2 = await fresh.client();
      ok(await call(host2, 'host:attach', { protocol: PROTOCOL_VERSION, roomId: older.roomId, hostToken: older.hostToken }));
      const student = await fresh.client();
      ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: older.code, nickname: 'Ann' }));
      const first = next(student, 'room:state', (v: RoomView) => v.phase === 'question');
      ok(await call(host2, 'host:start', {}));
      expect((await first).question?.prompt).toMatch(/^OLD question 0/);
    } finally {
      await fresh.close();
    }
  });

  describe('version check (the studio: two tabs never overwrite each other)', () => {
    it('the download carries the version as an ETag; a save with the current If-Match replaces it and gets the new one', async () => {
      const s = await start();
      const created = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A'), headers: { 'if-none-match': '*' } });
      expect(created.status).toBe(201);
      const v1 = created.headers.get('etag');
      expect(v1).toMatch(/^"[0-9a-f]{16}"$/);
      const got = await request(s, 'GET', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY });
      expect(got.headers.get('etag')).toBe(v1);
      const saved = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'B'), headers: { 'if-match': v1 as string } });
      expect(saved.status).toBe(200);
      expect(saved.json()).toEqual({ ok: true, id: 'mine', replaced: true });
      expect(saved.headers.get('etag')).not.toBe(v1);
      expect((await request(s, 'GET', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY })).headers.get('etag')).toBe(saved.headers.get('etag'));
    });

    it('the second tab saving from an old version is refused with 412 and a clear message; nothing is overwritten', async () => {
      const s = await start();
      const v1 = (await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') })).headers.get('etag') as string;
      // Tab 1 and tab 2 both opened v1; tab 1 saves first.
      const tab1 = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'TAB1'), headers: { 'if-match': v1 } });
      expect(tab1.status).toBe(200);
      const tab2 = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'TAB2'), headers: { 'if-match': v1 } });
      expect(tab2.status).toBe(412);
      expect(tab2.json()).toEqual({
        ok: false,
        conflict: true,
        current: (tab1.headers.get('etag') as string).slice(1, -1),
        errors: [
          {
            path: '',
            message: 'Pack "mine" was changed elsewhere (another tab or another instructor) since you opened it; nothing was saved. Reload it to see the other changes, then edit again.',
          },
        ],
      });
      const stored = (await request(s, 'GET', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY })).json() as { title: string };
      expect(stored.title).toBe('Pack TAB1');
    });

    it('two saves from the same version at the same moment: exactly one wins', async () => {
      const s = await start();
      const v1 = (await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') })).headers.get('etag') as string;
      const results = await Promise.all(
        ['X', 'Y', 'Z'].map((tag) => request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', tag), headers: { 'if-match': v1 } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412]);
    });

    it('create-only (If-None-Match: *) is refused when the id exists; a save to a deleted pack is refused too', async () => {
      const s = await start();
      const v1 = (await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A') })).headers.get('etag') as string;
      const dup = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'COPY'), headers: { 'if-none-match': '*' } });
      expect(dup.status).toBe(412);
      expect(dup.json()).toMatchObject({ conflict: true, errors: [{ message: 'A pack with the id "mine" already exists; nothing was saved. Choose another id, or open that pack to edit it.' }] });
      await request(s, 'DELETE', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY });
      const gone = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'B'), headers: { 'if-match': v1 } });
      expect(gone.status).toBe(412);
      expect(gone.json()).toMatchObject({ current: null, errors: [{ message: expect.stringContaining('no longer exists') as unknown }] });
      expect((await request(s, 'GET', '/api/packs/mine', { key: TEST_INSTRUCTOR_KEY })).status).toBe(404);
    });

    it('refuses a malformed If-Match, and a versioned save without the key, storing nothing', async () => {
      const s = await start();
      const bad = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: choiceSpec('mine', 'A'), headers: { 'if-match': 'yesterday' } });
      expect(bad.status).toBe(400);
      expect(bad.json()).toMatchObject({ ok: false, errors: [{ path: '', message: expect.stringContaining('If-Match') as unknown }] });
      const nokey = await request(s, 'POST', '/api/packs', { body: choiceSpec('mine', 'A'), headers: { 'if-none-match': '*' } });
      expect(nokey.status).toBe(401);
      expect((await request(s, 'GET', '/api/packs')).json()).not.toContainEqual(expect.objectContaining({ id: 'mine' }));
      // An invalid pack with a precondition still gets its field errors, not a conflict.
      const invalid = await request(s, 'POST', '/api/packs', { key: TEST_INSTRUCTOR_KEY, body: { id: 'mine', title: 'x', questions: [] }, headers: { 'if-none-match': '*' } });
      expect(invalid.status).toBe(422);
    });
  });
});
