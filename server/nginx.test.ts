/**
 * The shipped nginx example (docs/deploy/nginx.conf, only its ports substituted) in front of two gradflow
 * processes (the production entry, --no-pages) on one real redis-server: a game through nginx with a
 * WebSocket-only student and one that starts on long-polling and upgrades, each served by another process, and
 * the per-address failed-join limit counting the client nginx names in X-Forwarded-For (GRADFLOW_TRUST_PROXY).
 */
import http from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { answersFor, builtinPack } from '@/scripts/bench/load/answers';
import { startServer, stopChild, type ServerProcess } from '@/scripts/bench/load/processes';
import { connectClient, within, type Connected } from './test-support/clients';
import { call, next, ok, type Client } from './test-support/harness';
import { SHIPPED_NGINX_CONF, configForTest, startNginx, type Nginx } from './test-support/nginx';
import { disposeRedis, freePort, startRedis, type RedisServer } from './test-support/redis-server';

/** Whole tests, on a loaded machine. */
const TEST_TIMEOUT_MS = 90_000;
/** Cookies tried until the second student is hashed to the other process (each try: 1 in 2). */
const MAX_COOKIE_TRIES = 24;
/** The failed join-code lookups one address may make at once (server/app.ts DEFAULT_LIMITS). */
const FAILED_JOIN_BURST = 200;

let redis: RedisServer | undefined;
let nginx: Nginx | undefined;
const servers: ServerProcess[] = [];
const dataDirs: string[] = [];
const sockets: Client[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const redisUrl = redis.url;
  const ports = [await freePort(), await freePort()];
  for (const [index, port] of ports.entries()) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-nginx-data-'));
    dataDirs.push(dataDir);
    // nginx reaches the processes from 127.0.0.1: that is the proxy whose X-Forwarded-For they believe.
    servers.push(await startServer({ index, entry: 'bare', port, dataDir, redisUrl, env: { GRADFLOW_TRUST_PROXY: '127.0.0.1' } }));
  }
  const listen = await freePort();
  nginx = await startNginx((dir, binary) => ({ config: configForTest(readFileSync(SHIPPED_NGINX_CONF, 'utf8'), { listen, upstreams: ports, dir, binary }), port: listen }));
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nginx?.stop();
  await Promise.all(servers.map((s) => stopChild(s.child)));
  await disposeRedis(redis);
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

function proxy(): Nginx {
  if (!nginx) throw new Error('nginx did not start');
  return nginx;
}

/** Connected clients of each process, asked directly (not through nginx). */
async function clientsPerProcess(): Promise<number[]> {
  return Promise.all(servers.map(async (s) => ((await (await fetch(`${s.url}/healthz`)).json()) as { clients: number }).clients));
}

/** Connects through nginx and finds which process took the connection (the one whose client count rose). */
async function connectThroughNginx(opts: Parameters<typeof connectClient>[1]): Promise<Connected & { process: number }> {
  const before = await clientsPerProcess();
  const connected = await connectClient(proxy().url, opts, sockets);
  const after = await clientsPerProcess();
  const rose = after.flatMap((n, i) => (n === (before[i] ?? 0) + 1 ? [i] : []));
  expect(rose).toHaveLength(1);
  return { ...connected, process: rose[0] ?? -1 };
}

/** A GET through nginx from a given loopback address (127.0.0.2, …: another client as nginx sees it). */
function getFrom(localAddress: string, urlPath: string, headers: Record<string, string> = {}): Promise<number> {
  const url = new URL(urlPath, proxy().url);
  return new Promise((resolve, reject) => {
    const req = http.get({ host: url.hostname, port: url.port, path: url.pathname, localAddress, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });
}

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);

it('GET /healthz through nginx, and the page locations hand out the balancing cookie once', async () => {
  const res = await fetch(`${proxy().url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok', store: 'redis', storeOk: true });
  const cookie = /^gradflow_lb=([0-9a-f]{32}); Path=\/; HttpOnly; SameSite=Lax$/.exec(res.headers.get('set-cookie') ?? '');
  expect(cookie).not.toBeNull();
  const again = await fetch(`${proxy().url}/healthz`, { headers: { cookie: `gradflow_lb=${cookie?.[1]}` } });
  expect(again.status).toBe(200);
  expect(again.headers.get('set-cookie')).toBeNull();
});

it('a game through nginx: a WebSocket-only student and a long-polling one that upgrades, on different processes, both get their verdicts', async () => {
  const host = (await connectThroughNginx({ transports: ['websocket'], extraHeaders: { cookie: 'gradflow_lb=host' } })).socket;
  const created = ok(await within('ack', call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'week09' })));

  const ws = await connectThroughNginx({ transports: ['websocket'], extraHeaders: { cookie: 'gradflow_lb=student-ws' } });
  expect(ws.openedOn).toBe('websocket');
  // Each phone has its own cookie, so a hall behind one address still spreads: try cookies until the polling
  // student lands on the other process (the connections that did not stay open, idle).
  let polling: (Connected & { process: number }) | undefined;
  for (let i = 0; i < MAX_COOKIE_TRIES && polling === undefined; i++) {
    const tried = await connectThroughNginx({ transports: ['polling', 'websocket'], extraHeaders: { cookie: `gradflow_lb=student-polling-${i}` } });
    if (tried.process !== ws.process) polling = tried;
  }
  if (!polling) throw new Error(`${MAX_COOKIE_TRIES} cookies all hashed to process ${ws.process}`);
  expect(polling.openedOn).toBe('polling');
  // The long-polling session (several requests, each through nginx to the same process) upgrades to a WebSocket.
  const engine = polling.socket.io.engine;
  if (engine.transport.name !== 'websocket') await within('upgrade', new Promise((resolve) => engine.once('upgrade', resolve)));
  expect(engine.transport.name).toBe('websocket');
  const perProcess = await clientsPerProcess();
  expect(perProcess.every((n) => n > 0)).toBe(true);

  const students = [ws.socket, polling.socket];
  for (const [i, s] of students.entries()) ok(await within('ack', call(s, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: `Student${i}` })));
  const question = answersFor(builtinPack('week09'))[0];
  const right = question?.correct[0];
  const wrong = question?.wrong[0];
  if (!question || !right || !wrong) throw new Error('week09 question 0 has no right and wrong answer');

  const opened = Promise.all(students.map((s) => next(s, 'room:state', phase('question', 0))));
  ok(await within('ack', call(host, 'host:start', {})));
  await within('question at both students', opened);
  const verdicts = Promise.all(students.map((s) => next(s, 'player:me', (me) => me.result?.questionIndex === 0)));
  const reveals = Promise.all(students.map((s) => next(s, 'room:state', phase('reveal', 0))));
  ok(await within('ack', call(ws.socket, 'answer:submit', { questionIndex: 0, answerId: 'ws-q0', answer: right })));
  ok(await within('ack', call(polling.socket, 'answer:submit', { questionIndex: 0, answerId: 'polling-q0', answer: wrong })));
  // Both answered: the question closes itself.
  const [mine, theirs] = await within('verdicts at both students', verdicts);
  expect(mine?.result).toMatchObject({ questionIndex: 0, answered: true, correct: true });
  expect(theirs?.result).toMatchObject({ questionIndex: 0, answered: true, correct: false });
  for (const r of await within('reveal at both students', reveals)) expect(r.reveal).toMatchObject({ answered: 2, correct: 1 });
}, TEST_TIMEOUT_MS);

it('failed join codes count against the client nginx names, over HTTP and sockets, not against nginx', async () => {
  // 127.0.0.2 spends its whole budget; every request reaches nginx from there, and the processes from 127.0.0.1.
  for (let i = 0; i < FAILED_JOIN_BURST; i++) expect(await getFrom('127.0.0.2', '/api/join/999999999')).toBe(404);
  expect(await getFrom('127.0.0.2', '/api/join/999999999')).toBe(429);
  // Naming another address in X-Forwarded-For does not help: nginx appends the real one, and that one counts.
  expect(await getFrom('127.0.0.2', '/api/join/999999999', { 'x-forwarded-for': '198.51.100.9' })).toBe(429);
  // Another client still has its budget (without GRADFLOW_TRUST_PROXY both would be nginx's 127.0.0.1).
  expect(await getFrom('127.0.0.3', '/api/join/999999999')).toBe(404);

  // The socket location forwards the address too: player:join from 127.0.0.2 is limited, from 127.0.0.3 not.
  const limited = (await connectThroughNginx({ transports: ['websocket'], localAddress: '127.0.0.2' })).socket;
  const fresh = (await connectThroughNginx({ transports: ['websocket'], localAddress: '127.0.0.3' })).socket;
  const join = { protocol: PROTOCOL_VERSION, code: '999999999', nickname: 'Guess' };
  expect(await within('ack', call(limited, 'player:join', join))).toMatchObject({ ok: false, error: 'rate/limited' });
  expect(await within('ack', call(fresh, 'player:join', join))).toMatchObject({ ok: false, error: 'room/not-found' });
}, TEST_TIMEOUT_MS);
