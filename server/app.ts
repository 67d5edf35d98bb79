import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  ERROR_MESSAGES,
  PROTOCOL_VERSION,
  inbound,
  type Ack,
  type ClientToServerEvents,
  type HostCommand,
  type InboundEvent,
  type InboundPayload,
  type ServerToClientEvents,
} from '@/engine/protocol';
import { hashSeed } from '@/engine/rng';
import { ClassRegistry } from './classes';
import { GameError, fail } from './game/errors';
import type { InstructorAuth } from './instructor';
import { memoryJoinLimiters, type BucketSpec, type JoinLimiters, type JoinLimits } from './rate-limit';
import { isStoreOutage } from './store/outage';
import type { PackSource } from './game/ports';
import { systemScheduler, type Clock, type Scheduler } from './game/room-clock';
import { RoomService } from './game/room-service';
import { RecoveryLogAdapter } from './recovery-log';
import { nextTurn, TurnGate } from './turn-gate';
import type { Logger } from './logger';
import type { Store } from './store/types';

/** Largest socket.io message accepted; bigger ones are refused by the transport. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * Default limits: events per socket; failed join-code lookups per address (only failures count: a lecture hall
 * shares one NAT address, and 2,000 students joining a real room must never be throttled); join attempts per room.
 */
export const DEFAULT_LIMITS: Limits = {
  socketEvents: { burst: 40, perSecond: 20 },
  failedJoinsPerIp: { burst: 200, perSecond: 1 },
  joinsPerRoom: { burst: 3000, perSecond: 200 },
};

/** Rate limits of one app. */
export interface Limits extends JoinLimits {
  readonly socketEvents: BucketSpec;
}

/** Security headers on every HTTP response besides the content security policy ({@link contentSecurityPolicy}). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Random bytes in each page's script nonce. */
const NONCE_BYTES = 16;

/**
 * The content security policy. Pages get a fresh `nonce` per request: Next.js reads it from the request's own
 * `content-security-policy` header and puts it on every script it renders, and `'strict-dynamic'` lets those
 * scripts load the app's chunks; no inline script runs without it. Responses that are not pages (the API,
 * /healthz) get the same policy without a nonce. Connections go to the app's own origin (`'self'`, which covers
 * ws:/wss: of that origin) and to the configured public URL. Development adds `'unsafe-eval'` for hot reload.
 */
export function contentSecurityPolicy(opts: { nonce?: string; publicUrl?: string; dev?: boolean }): string {
  const scripts = ["'self'"];
  if (opts.nonce) scripts.push(`'nonce-${opts.nonce}'`, "'strict-dynamic'");
  if (opts.dev) scripts.push("'unsafe-eval'");
  const connect = ["'self'"];
  if (opts.publicUrl) {
    const origin = new URL(opts.publicUrl);
    connect.push(origin.origin, `${origin.protocol === 'https:' ? 'wss:' : 'ws:'}//${origin.host}`);
  }
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    // KaTeX and React set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
/** Longest part of an unknown event's name echoed back in its error message. */
const MAX_EVENT_NAME_SHOWN = 64;
/** How long a dropped connection can be recovered with its rooms and missed events. */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/**
 * Students' events (joins, resumes, answers) whose handler starts in one turn of the event loop; the rest wait for
 * the next turns (server/turn-gate.ts). The turn that reads a burst also decodes every frame that arrived (~20 µs
 * each), so the handlers get a small share: at 2,000 students a burst's longest turn was 37–139 ms with 100 per turn
 * and 36–63 ms with 50, and the burst drained as fast (docs/BENCHMARKS.md, "The big hall, third pass").
 */
export const STUDENT_EVENTS_PER_TURN = 50;

/** Who a socket speaks for, decided by the server on join, resume or attach. */
export type SocketIdentity =
  | { role: 'none' }
  | { role: 'host'; roomId: string }
  | { role: 'player'; roomId: string; playerId: string };

interface SocketData {
  identity: SocketIdentity;
  tokens: number;
  refilledAt: number;
}

type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** What {@link createApp} needs. Tests pass their own; server/index.ts builds them from the environment. */
export interface AppOptions {
  readonly httpServer: HttpServer;
  readonly store: Store;
  readonly packs: PackSource;
  readonly logger: Logger;
  /** The server's clock; timers run on the system scheduler over it unless `scheduler` is given. */
  readonly clock?: Clock;
  /** Clock and timers together (tests step a manual one); wins over `clock`. */
  readonly scheduler?: Scheduler;
  /** Classes and members; one registry shared with the reports API. */
  readonly classes?: ClassRegistry;
  readonly version?: string;
  /** Handles every HTTP request the app does not (the Next.js request handler). */
  readonly requestHandler?: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  /** A socket.io adapter factory for several processes (Redis streams). */
  readonly adapter?: Parameters<AppServer['adapter']>[0];
  /** Base URL for join links; by default taken from each request's Host header. */
  readonly publicUrl?: string;
  /** Rate limits (tests raise them to fuzz quickly). */
  readonly limits?: Partial<Limits>;
  /**
   * The join limiters, to share them with the HTTP API (`GET /api/join/<code>` counts failed lookups in the same
   * budget) or to keep them in Redis for every process; by default in memory, from `limits`.
   */
  readonly joinLimiters?: JoinLimiters;
  /** The client's address for the per-address join limit (server/client-address.ts); by default the socket's peer. */
  readonly clientAddress?: (req: IncomingMessage) => string;
  /** In development Next needs eval for hot reload. */
  readonly dev?: boolean;
  /** Guards class games, reports and classes. */
  readonly instructor: InstructorAuth;
  /** JSON API routes (under /api); answers false for paths it does not own. */
  readonly api?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** The running app: socket.io server, room authority and HTTP routes on one HTTP server. */
export interface App {
  readonly io: AppServer;
  readonly rooms: RoomService;
  readonly classes: ClassRegistry;
  close(): Promise<void>;
}

const hostChannel = (roomId: string) => `h:${roomId}`;
const playerChannel = (roomId: string, playerId: string) => `p:${roomId}:${playerId}`;
/**
 * A room's students are spread over ROOM_SHARDS channels by player id, and a room broadcast goes one shard per turn
 * of the event loop: 2,000 socket writes in one turn were a ~50 ms stall for everything else, and with 8 shards a
 * 5,000-student room still wrote 625 sockets (30–50 ms) a turn. An empty shard costs a lookup.
 */
export const ROOM_SHARDS = 32;
const shardChannel = (roomId: string, shard: number) => `s:${roomId}:${shard}`;
const shardOf = (playerId: string) => hashSeed(playerId) % ROOM_SHARDS;

/**
 * Builds the whole server on an existing HTTP server: `/healthz`, socket.io
 * with typed, validated events, and the room authority.
 */
export function createApp(opts: AppOptions): App {
  const scheduler = opts.scheduler ?? systemScheduler(opts.clock);
  const clock: Clock = scheduler;
  const logger = opts.logger;
  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const { failedJoinsPerIp, joinsPerRoom } = opts.joinLimiters ?? memoryJoinLimiters(limits, () => clock.now());
  const plainPolicy = contentSecurityPolicy({ publicUrl: opts.publicUrl, dev: opts.dev });
  let lastOrigin = opts.publicUrl ?? 'http://localhost:3000';

  const io: AppServer = new Server(opts.httpServer, {
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: true },
    // One process: the recovery log keeps room broadcasts, not per-recipient snapshots (server/recovery-log.ts).
    adapter: opts.adapter ?? RecoveryLogAdapter,
  });

  /** One room broadcast: the host first, then the students one shard per turn (in order, so per socket nothing overtakes). */
  const toRoom = async <E extends 'room:state' | 'room:count'>(roomId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>) => {
    io.to(hostChannel(roomId)).emit(event, ...args);
    for (let k = 0; k < ROOM_SHARDS; k++) {
      if (k > 0) await nextTurn();
      io.to(shardChannel(roomId, k)).emit(event, ...args);
    }
  };

  const classes = opts.classes ?? new ClassRegistry(opts.store, () => clock.now());
  const rooms = new RoomService({
    store: opts.store,
    classes,
    instructor: opts.instructor,
    scheduler,
    logger,
    packs: opts.packs,
    publicUrl: () => opts.publicUrl ?? lastOrigin,
    outbox: {
      roomState: (roomId, view) => toRoom(roomId, 'room:state', view),
      roomCount: (roomId, playerCount) => toRoom(roomId, 'room:count', { roomId, playerCount }),
      playerMe: (roomId, playerId, me) => io.to(playerChannel(roomId, playerId)).emit('player:me', me),
      hostState: (roomId, view) => io.to(hostChannel(roomId)).emit('host:state', view),
      hostProgress: (roomId, progress) => io.to(hostChannel(roomId)).emit('host:progress', progress),
      kick: (roomId, playerId) => {
        io.to(playerChannel(roomId, playerId)).emit('player:kicked');
        io.in(playerChannel(roomId, playerId)).disconnectSockets(true);
      },
    },
  });

  // ---------- HTTP ----------
  opts.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // socket.io answers its own path on this same server.
    if (req.url?.startsWith('/socket.io/')) return;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('content-security-policy', plainPolicy);
    if (!opts.publicUrl && req.headers.host) lastOrigin = `http://${req.headers.host}`;
    if (req.url === '/healthz' || req.url?.startsWith('/healthz?')) {
      void opts.store.ping().then((storeOk) => {
        res.writeHead(storeOk ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(
          JSON.stringify({
            status: storeOk ? 'ok' : 'degraded',
            version: opts.version ?? 'dev',
            store: opts.store.kind,
            storeOk,
            clients: io.engine.clientsCount,
            // Memory in bytes, for the load benchmark's heap per connected student.
            heapUsed: process.memoryUsage().heapUsed,
            rss: process.memoryUsage.rss(),
          }),
        );
      });
      return;
    }
    if (opts.api && req.url?.startsWith('/api/')) {
      void opts.api(req, res).then(
        (handled) => {
          if (!handled && !res.headersSent) res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        },
        (err: unknown) => {
          logger.error('api failed', { url: req.url, error: err instanceof Error ? err : String(err) });
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}');
        },
      );
      return;
    }
    if (opts.requestHandler) {
      // A page: a fresh nonce, on the response and on the request, where Next.js reads it for its scripts.
      const policy = contentSecurityPolicy({ nonce: randomBytes(NONCE_BYTES).toString('base64'), publicUrl: opts.publicUrl, dev: opts.dev });
      res.setHeader('content-security-policy', policy);
      req.headers['content-security-policy'] = policy;
      delete req.headers['content-security-policy-report-only'];
      void Promise.resolve(opts.requestHandler(req, res)).catch((err: unknown) => {
        logger.error('request failed', { url: req.url, error: err instanceof Error ? err : String(err) });
        if (!res.headersSent) res.writeHead(500).end('Internal error');
      });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  });

  // ---------- sockets ----------
  const bind = async (socket: AppSocket, identity: SocketIdentity) => {
    await unbind(socket);
    socket.data.identity = identity;
    if (identity.role === 'none') return;
    if (identity.role === 'host') await socket.join(hostChannel(identity.roomId));
    if (identity.role === 'player') {
      await socket.join([playerChannel(identity.roomId, identity.playerId), shardChannel(identity.roomId, shardOf(identity.playerId))]);
      await rooms.seats.setOnline(identity.roomId, identity.playerId, true);
    }
  };
  const studentGate = new TurnGate(STUDENT_EVENTS_PER_TURN);
  // Presence updates still in flight when the server closes are awaited, so counts stay right across restarts.
  const pending = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    const settled = p.catch(() => undefined).finally(() => pending.delete(settled));
    pending.add(settled);
  };
  const unbind = async (socket: AppSocket) => {
    const identity = socket.data.identity;
    socket.data.identity = { role: 'none' };
    if (identity.role === 'none') return;
    await socket.leave(hostChannel(identity.roomId));
    if (identity.role === 'player') {
      await socket.leave(playerChannel(identity.roomId, identity.playerId));
      await socket.leave(shardChannel(identity.roomId, shardOf(identity.playerId)));
      await rooms.seats.setOnline(identity.roomId, identity.playerId, false);
    }
  };

  const takeToken = (socket: AppSocket): boolean => {
    const now = clock.now();
    const d = socket.data;
    const { burst, perSecond } = limits.socketEvents;
    d.tokens = Math.min(burst, d.tokens + ((now - d.refilledAt) / 1000) * perSecond);
    d.refilledAt = now;
    if (d.tokens < 1) return false;
    d.tokens -= 1;
    return true;
  };

  const requireProtocol = (protocol: number) => {
    if (protocol !== PROTOCOL_VERSION) fail('protocol/mismatch');
  };
  const hostRoom = (socket: AppSocket): string => {
    const id = socket.data.identity;
    if (id.role !== 'host') fail('auth/forbidden');
    return id.roomId;
  };
  const asHost =
    <E extends HostCommand>(action: (roomId: string, p: InboundPayload<E>) => Promise<void>) =>
    async (socket: AppSocket, p: InboundPayload<E>): Promise<null> => {
      await action(hostRoom(socket), p);
      return null;
    };

  // What each event does once its payload is valid. Built once and shared by every socket: closures made per
  // connection were about a third of the heap of a room with thousands of students.
  const handlers: { [E in InboundEvent]: (socket: AppSocket, p: InboundPayload<E>) => Promise<unknown> } = {
    'host:create': async (socket, p) => {
      requireProtocol(p.protocol);
      const created = await rooms.createRoom({ packId: p.packId, settings: p.settings, classId: p.classId, instructorKey: p.instructorKey });
      await bind(socket, { role: 'host', roomId: created.roomId });
      return created;
    },
    'host:attach': async (socket, p) => {
      requireProtocol(p.protocol);
      await rooms.verifyHost(p.roomId, p.hostToken);
      await bind(socket, { role: 'host', roomId: p.roomId });
      return rooms.attachView(p.roomId);
    },
    'host:start': asHost((roomId) => rooms.act(roomId, { type: 'start' })),
    'host:next': asHost((roomId) => rooms.act(roomId, { type: 'next' })),
    'host:skip': asHost((roomId) => rooms.act(roomId, { type: 'skip' })),
    'host:close': asHost((roomId) => rooms.act(roomId, { type: 'close', reason: 'host' })),
    'host:end': asHost((roomId) => rooms.act(roomId, { type: 'end' })),
    'host:extend': asHost<'host:extend'>((roomId, p) => rooms.act(roomId, { type: 'extend', seconds: p.seconds })),
    'host:lock': asHost<'host:lock'>((roomId, p) => rooms.act(roomId, { type: 'lock', locked: p.locked })),
    'host:kick': asHost<'host:kick'>((roomId, p) => rooms.seats.kick(roomId, p.playerId)),
    'host:multiplier': asHost<'host:multiplier'>((roomId, p) => rooms.act(roomId, { type: 'multiplier', multiplier: p.multiplier })),
    'host:leaderboard': asHost<'host:leaderboard'>((roomId, p) => rooms.act(roomId, { type: 'leaderboard', show: p.show })),
    'player:join': async (socket, p) => {
      requireProtocol(p.protocol);
      // Guessing join codes must be impractical (failed lookups per address), and no room can be flooded with
      // fake players (attempts per room). Successful joins cost the address nothing: a hall shares one NAT address.
      const address = opts.clientAddress?.(socket.request) ?? socket.handshake.address;
      if (!(await failedJoinsPerIp.has(address)) || !(await joinsPerRoom.take(p.code.trim()))) fail('rate/limited');
      const joined = await rooms.seats.join(p.code, p.nickname, p.memberToken).catch(async (err: unknown) => {
        if (err instanceof GameError && err.code === 'room/not-found') await failedJoinsPerIp.charge(address);
        throw err;
      });
      await bind(socket, { role: 'player', roomId: joined.roomId, playerId: joined.playerId });
      // The ack's head count includes the student who just joined.
      return { ...joined, room: { ...joined.room, playerCount: await rooms.onlineCount(joined.roomId) } };
    },
    'player:resume': async (socket, p) => {
      requireProtocol(p.protocol);
      const resumed = await rooms.seats.resume(p.roomId, p.playerToken);
      const id = socket.data.identity;
      if (id.role !== 'player' || id.playerId !== resumed.playerId) {
        await bind(socket, { role: 'player', roomId: resumed.roomId, playerId: resumed.playerId });
      }
      return { ...resumed, room: { ...resumed.room, playerCount: await rooms.onlineCount(resumed.roomId) } };
    },
    'answer:submit': async (socket, p) => {
      const id = socket.data.identity;
      if (id.role !== 'player') fail('auth/forbidden');
      return rooms.answers.submit(id.roomId, id.playerId, p);
    },
  };

  /**
   * One wrapper for every inbound event: rate, name, shape, then the handler; every outcome is an ack when the
   * client passed an ack callback. Unknown events count against the socket's rate limit and get `event/unknown`.
   */
  const dispatch = (socket: AppSocket, name: string, payload: unknown, ack: unknown): void => {
    const reply = typeof ack === 'function' ? (ack as (r: Ack<unknown>) => void) : () => undefined;
    if (!takeToken(socket)) return reply({ ok: false, error: 'rate/limited', message: ERROR_MESSAGES['rate/limited'] });
    if (!Object.hasOwn(handlers, name)) {
      const shown = String(name).slice(0, MAX_EVENT_NAME_SHOWN);
      return reply({ ok: false, error: 'event/unknown', message: `Unknown event "${shown}": ${ERROR_MESSAGES['event/unknown']}` });
    }
    const event = name as InboundEvent;
    const parsed = inbound[event].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return reply({ ok: false, error: 'payload/invalid', message: `Malformed ${event}${where}: ${issue?.message ?? 'invalid'}` });
    }
    const handle = () => (handlers[event] as (socket: AppSocket, p: unknown) => Promise<unknown>)(socket, parsed.data);
    // Students' events start at most STUDENT_EVENTS_PER_TURN per turn of the event loop (a class answering at once);
    // the host's commands never wait behind them.
    const wait = event.startsWith('host:') ? null : studentGate.pass();
    (wait ? wait.then(handle) : handle()).then(
      (data) => reply({ ok: true, data }),
      (err: unknown) => {
        if (err instanceof GameError) return reply({ ok: false, error: err.code, message: err.message });
        logger.error('handler failed', { event, error: err instanceof Error ? err : String(err) });
        const code = isStoreOutage(err) ? 'store/unavailable' : 'internal';
        reply({ ok: false, error: code, message: ERROR_MESSAGES[code] });
      },
    );
  };
  // socket.io calls these with `this` set to the socket, so one function serves every connection.
  function onEvent(this: AppSocket, name: string, payload: unknown, ack: unknown): void {
    dispatch(this, name, payload, ack);
  }
  function onDisconnect(this: AppSocket): void {
    const id = this.data.identity;
    if (id.role === 'player') track(rooms.seats.setOnline(id.roomId, id.playerId, false));
  }

  io.on('connection', (socket: AppSocket) => {
    if (!socket.recovered) {
      socket.data.identity = { role: 'none' };
    } else {
      // Recovered: the missed room broadcasts were replayed; the snapshots meant for this socket alone are not in
      // the log (server/recovery-log.ts), so it gets the current ones — the host's on the feed's next beat.
      const identity = socket.data.identity;
      if (identity.role === 'player') {
        const { roomId, playerId } = identity;
        track(
          rooms.seats
            .setOnline(roomId, playerId, true)
            .then(() => rooms.seats.ownView(roomId, playerId))
            .then((me) => {
              if (me && socket.connected) socket.emit('player:me', me);
            }),
        );
      } else if (identity.role === 'host') {
        rooms.markHostStale(identity.roomId);
      }
    }
    socket.data.tokens = limits.socketEvents.burst;
    socket.data.refilledAt = clock.now();
    socket.onAny(onEvent);
    socket.on('disconnect', onDisconnect);
  });

  return {
    io,
    rooms,
    classes,
    close: async () => {
      rooms.close();
      // Closing the transport (not a socket.io disconnect) lets phones reconnect and recover on their own.
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await Promise.all(pending);
    },
  };
}
