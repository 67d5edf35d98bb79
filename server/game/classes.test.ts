import { expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { MemoryStore } from '../store/memory';
import { call, ok, startServer, TEST_INSTRUCTOR_KEY } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';

it('keeps one student identity across a class’s games, and only the instructor starts class games', async () => {
  const store = new MemoryStore();
  const server = await startServer({ store, packs: packSource(choicePack()) });
  try {
    const course = await server.app.classes.create('50.039 Deep Learning');
    const host = await server.client();
    expect(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test', classId: course.id })).toMatchObject({ ok: false, error: 'auth/forbidden' });
    expect(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test', classId: 'nope', instructorKey: TEST_INSTRUCTOR_KEY })).toMatchObject({ ok: false, error: 'class/not-found' });
    const first = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test', classId: course.id, instructorKey: TEST_INSTRUCTOR_KEY }));
    const phone = await server.client();
    const joined = ok(await call(phone, 'player:join', { protocol: PROTOCOL_VERSION, code: first.code, nickname: 'Ada' }));
    expect(joined.classId).toBe(course.id);
    expect(joined.memberToken).toMatch(/^[\w-]+\.[\w-]+$/);
    const memberId = (await store.getPlayer(joined.roomId, joined.playerId))?.memberId;
    expect(memberId).toBeTruthy();

    // Next week's game: the same phone (or a new one with the token typed in) is the same member.
    const second = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test', classId: course.id, instructorKey: TEST_INSTRUCTOR_KEY }));
    const again = ok(await call(await server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: second.code, nickname: 'Ada L.', memberToken: joined.memberToken ?? '' }));
    expect((await store.getPlayer(again.roomId, again.playerId))?.memberId).toBe(memberId);
    // A forged or foreign token gets a fresh identity, never someone else's.
    const forged = ok(await call(await server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: second.code, nickname: 'Mallory', memberToken: `${memberId}.guess` }));
    expect((await store.getPlayer(forged.roomId, forged.playerId))?.memberId).not.toBe(memberId);
    // Outside a class there is no member identity.
    const open = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
    const casual = ok(await call(await server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: open.code, nickname: 'Bo' }));
    expect(casual).toMatchObject({ classId: null, memberToken: null });
  } finally {
    await server.close();
  }
});
