import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from './logger';
import { SqliteStore } from './store/sqlite';
import { RedisStore } from './store/redis';
import { startServer } from './test-support/harness';
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
      expect(csp).not.toMatch(/https?:/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect((await fetch(`${server.url}/healthz`)).headers.get('content-security-policy')).toBe(csp);
    } finally {
      await server.close();
    }
  });
});
