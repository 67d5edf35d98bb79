import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { MemoryStore } from './store/memory';
import { SqliteStore } from './store/sqlite';
import { RedisStore } from './store/redis';
import { call, ok, startServer } from './test-support/harness';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { choicePack, packSource } from './test-support/packs';
import { disposeRedis, startRedis, type RedisServer } from './test-support/redis-server';

let redis: RedisServer | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-app-'));
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await disposeRedis(redis);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /healthz', () => {
  it('reports the embedded store and connected clients', async () => {
    const store = SqliteStore.open(dataDir, { logger: silentLogger });
    const server = await startServer({ store, packs: packSource(choicePack()) });
    try {
      await server.client();
      const res = await fetch(`${server.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'ok', store: 'sqlite', storeOk: true, clients: 1 });
    } finally {
      await server.close();
      await store.close();
    }
  });

  it('reports Redis, and degraded while Redis is down', async () => {
    if (!redis) throw new Error('no redis');
    const store = await RedisStore.connect(redis.url, silentLogger);
    const server = await startServer({ store, packs: packSource(choicePack()) });
    try {
      const up = await fetch(`${server.url}/healthz`);
      expect(await up.json()).toMatchObject({ status: 'ok', store: 'redis', storeOk: true });
      await redis.stop('SIGKILL');
      const down = await fetch(`${server.url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'degraded', store: 'redis', storeOk: false });
    } finally {
      await redis.restart();
      await server.close();
      await store.close();
    }
  });

  it('answers 404 for unknown paths when no page handler is given, with security headers on every response', async () => {
    const server = await startServer({ store: SqliteStore.open(dataDir, { logger: silentLogger }), packs: packSource(choicePack()) });
    try {
      const res = await fetch(`${server.url}/nowhere`);
      expect(res.status).toBe(404);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // Scripts from the app's own origin only (no inline script, no eval), connections to it and the public URL.
      expect(csp).toContain("script-src 'self';");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(csp).toContain("connect-src 'self' http://test ws://test;");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect((await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')).toBe(csp);
    } finally {
      await server.close();
    }
  });
});

describe('content security policy of pages', () => {
  it('gives each page a fresh script nonce, on the response and on the request Next.js renders from', async () => {
    const server = await startServer({
      store: new MemoryStore(),
      packs: packSource(choicePack()),
      requestHandler: (req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(String(req.headers['content-security-policy']));
      },
    });
    try {
      const fetchPage = async () => {
        const res = await fetch(`${server.url}/host`, { headers: { 'content-security-policy': "script-src 'unsafe-inline'" } });
        return { header: res.headers.get('content-security-policy') ?? '', seen: await res.text() };
      };
      const a = await fetchPage();
      const b = await fetchPage();
      // The page renderer sees the server's policy, never one the client sent.
      expect(a.seen).toBe(a.header);
      const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]{24})' 'strict-dynamic';/.exec(a.header)?.[1];
      expect(nonce).toBeDefined();
      expect(b.header).not.toContain(nonce);
      expect(a.header).not.toContain('unsafe-eval');
      expect(a.header).toContain("connect-src 'self' http://test ws://test;");
      // The API and /healthz carry no nonce.
      expect((await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')).not.toContain('nonce');
    } finally {
      await server.close();
    }
  });
});

describe('unknown events', () => {
  it('acks an unknown event with event/unknown, ignores one without an ack, and the socket keeps working', async () => {
    const server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack()) });
    try {
      const socket = await server.client();
      const emit = (socket.emit as (e: string, ...args: unknown[]) => void).bind(socket);
      emit('player:dance', { steps: 3 });
      const ack = await new Promise<unknown>((resolve) => emit('player:dance', { steps: 3 }, resolve));
      expect(ack).toEqual({ ok: false, error: 'event/unknown', message: expect.stringContaining('player:dance') as unknown });
      // Inherited names are not events either.
      expect(await new Promise<unknown>((resolve) => emit('toString', {}, resolve))).toMatchObject({ ok: false, error: 'event/unknown' });
      ok(await call(socket, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
    } finally {
      await server.close();
    }
  });
});

describe('confusable nicknames', () => {
  it('refuses "Аnn" with a Cyrillic А as taken next to "Ann", and accepts "Anne"', async () => {
    const server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack()) });
    try {
      const created = ok(await call(await server.client(), 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
      const join = async (nickname: string) => call(await server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname });
      ok(await join('Ann'));
      expect(await join('\u0410nn')).toMatchObject({ ok: false, error: 'nickname/taken' });
      expect(await join('\u0430NN')).toMatchObject({ ok: false, error: 'nickname/taken' });
      ok(await join('Anne'));
    } finally {
      await server.close();
    }
  });
});
