/**
 * Test support for assignments: the production app factory on port 0 with the
 * reports, assignments and packs APIs composed as server/index.ts does, on a
 * clock the test steps, plus a small HTTP client.
 */
import { DEFAULT_LIMITS, type Limits } from '../app';
import { ClassRegistry } from '../classes';
import type { Clock } from '../game/room-clock';
import { createApi } from '../http/api';
import { InstructorAuth } from '../instructor';
import { PackLibrary } from '../packs';
import { memoryJoinLimiters } from '../rate-limit';
import { composeApis, createReportsApi } from '../reports/api';
import type { TestResponse } from '../reports/test-server';
import type { Store } from '../store/types';
import { startServer, TEST_INSTRUCTOR_KEY, type TestServer } from '../test-support/harness';
import { createAssignmentsApi } from './api';

/** A running server with every API, on the test's clock. */
export interface AssignmentsTestServer {
  readonly url: string;
  readonly server: TestServer;
  /** A request; `auth` goes as a Bearer token; a string `body` is sent as text/csv, anything else as JSON. */
  fetch(path: string, init?: { auth?: string; method?: string; body?: unknown }): Promise<TestResponse>;
  close(): Promise<void>;
}

/** Starts the app with the built-in packs (Week 09) and every API. */
export async function startAssignmentsServer(opts: { store: Store; clock: Clock; limits?: Partial<Limits> }): Promise<AssignmentsTestServer> {
  const instructor = InstructorAuth.fixed(TEST_INSTRUCTOR_KEY);
  const now = () => opts.clock.now();
  const classes = new ClassRegistry(opts.store, now);
  const packs = new PackLibrary(opts.store);
  const joinLimiters = memoryJoinLimiters({ ...DEFAULT_LIMITS, ...opts.limits }, now);
  const assignments = createAssignmentsApi({ store: opts.store, classes, packs, instructor, now, joins: joinLimiters.joinsPerRoom });
  const server = await startServer({
    store: opts.store,
    packs,
    clock: opts.clock,
    joinLimiters,
    api: composeApis(
      createReportsApi({ store: opts.store, classes, instructor, failedJoinLookups: joinLimiters.failedJoinsPerIp, assignmentEntries: assignments.leaderboardEntries }),
      assignments.handle,
      createApi({ packs, instructor }),
    ),
  });
  return {
    url: server.url,
    server,
    fetch: async (path, init = {}) => {
      const headers: Record<string, string> = {};
      if (init.auth !== undefined) headers.authorization = `Bearer ${init.auth}`;
      const text = typeof init.body === 'string';
      if (init.body !== undefined) headers['content-type'] = text ? 'text/csv' : 'application/json';
      const res = await fetch(server.url + path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        body: init.body === undefined ? undefined : text ? (init.body as string) : JSON.stringify(init.body),
      });
      const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
      return { status: res.status, text: body, headers: res.headers, json: () => JSON.parse(body) as unknown };
    },
    close: () => server.close(),
  };
}
