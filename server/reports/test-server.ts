/**
 * Test support for the reports: the production app factory on port 0 with
 * the reports API wired in as server/index.ts does, plus a small HTTP client.
 */
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { DEFAULT_LIMITS, type App } from '../app';
import { memoryJoinLimiters, type JoinLimiters } from '../rate-limit';
import { ClassRegistry } from '../classes';
import type { PackSource } from '../game/ports';
import type { Clock } from '../game/room-clock';
import { InstructorAuth } from '../instructor';
import type { Store } from '../store/types';
import { call, next, ok, startServer, TEST_INSTRUCTOR_KEY, type Client } from '../test-support/harness';
import { createReportsApi } from './api';

/** An HTTP response as tests read it. `text` keeps a leading byte-order mark. */
export interface TestResponse {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  json(): unknown;
}

/** A running test server with the reports API. */
export interface ReportsTestServer {
  readonly url: string;
  readonly app: App;
  client(): Promise<Client>;
  /** GET/POST a path; `auth` is sent as a Bearer token. */
  fetch(path: string, init?: { auth?: string; method?: string; body?: unknown }): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Starts the app with the reports API on a free port (the shared harness, plus an HTTP client). */
export async function startReportsServer(opts: { store: Store; packs: PackSource; clock?: Clock; joinLimiters?: JoinLimiters }): Promise<ReportsTestServer> {
  const instructor = InstructorAuth.fixed(TEST_INSTRUCTOR_KEY);
  const now = opts.clock ? () => (opts.clock as Clock).now() : () => Date.now();
  const joinLimiters = opts.joinLimiters ?? memoryJoinLimiters(DEFAULT_LIMITS, now);
  const server = await startServer({
    ...opts,
    joinLimiters,
    api: createReportsApi({ store: opts.store, classes: new ClassRegistry(opts.store, now), instructor, failedJoinLookups: joinLimiters.failedJoinsPerIp }),
  });
  return {
    url: server.url,
    app: server.app,
    client: () => server.client(),
    fetch: async (path, init = {}) => {
      const headers: Record<string, string> = {};
      if (init.auth !== undefined) headers.authorization = `Bearer ${init.auth}`;
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(server.url + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      // fetch's text() would drop a byte-order mark; the CSV tests look for it.
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      return { status: res.status, text, headers: res.headers, json: () => JSON.parse(text) as unknown };
    },
    close: () => server.close(),
  };
}

/** A joined student. */
export interface TestStudent {
  readonly socket: Client;
  readonly nickname: string;
  readonly roomId: string;
  readonly playerId: string;
  readonly playerToken: string;
  readonly memberToken: string | null;
}

/** Joins a game with a fresh socket. */
export async function joinGame(server: ReportsTestServer, code: string, nickname: string, memberToken?: string): Promise<TestStudent> {
  const socket = await server.client();
  const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code, nickname, ...(memberToken ? { memberToken } : {}) }));
  return { socket, nickname, roomId: joined.roomId, playerId: joined.playerId, playerToken: joined.playerToken, memberToken: joined.memberToken };
}

/** Resolves when every student has their verdict on question `index` (sent after its reveal). */
export function verdicts(students: readonly TestStudent[], index: number): Promise<unknown[]> {
  return Promise.all(students.map((s) => next(s.socket, 'player:me', (me) => me.result?.questionIndex === index)));
}

/** Resolves when every student sees question `index` open. */
export function opened(students: readonly TestStudent[], index: number): Promise<unknown[]> {
  return Promise.all(students.map((s) => next(s.socket, 'room:state', (v) => v.phase === 'question' && v.questionIndex === index)));
}
