import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { MemoryStore } from '../store/memory';
import { call, next, ok, startServer, type Client } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-host-recovery-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('host snapshots reach the host directly, and a host that recovers a dropped connection gets a fresh one', async () => {
  const server = await startServer({ store: new MemoryStore(dataDir), packs: packSource(choicePack()) });
  const host: Client = io(server.url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 50 });
  try {
    await new Promise<void>((resolve) => host.once('connect', () => resolve()));
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
    const student = await server.client();
    const roster = next(host, 'host:state', (v) => v.players.length === 1);
    ok(await call(student, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
    expect((await roster).players.map((p) => p.nickname)).toEqual(['Ada']);

    // A room broadcast gives the host a recovery offset; wait for the snapshot that follows it, so the next one is new.
    const opened = next(host, 'room:state', (v) => v.phase === 'question');
    const settled = next(host, 'host:state', (v) => v.room.phase === 'question');
    ok(await call(host, 'host:start', {}));
    await Promise.all([opened, settled]);

    // Drop the transport only: the client reconnects and socket.io recovers the session (same identity, no re-attach).
    const fresh = next(host, 'host:state');
    const reconnected = new Promise<void>((resolve) => host.once('disconnect', () => host.once('connect', () => resolve())));
    host.io.engine.close();
    await reconnected;
    expect(host.recovered).toBe(true);
    const view = await fresh;
    expect(view.room).toMatchObject({ code: created.code, phase: 'question' });
    expect(view.players.map((p) => p.nickname)).toEqual(['Ada']);
    expect(view.progress).toMatchObject({ questionIndex: 0, answered: 0, players: 1 });
  } finally {
    host.disconnect();
    await server.close();
  }
});
