/**
 * The host console's session, outside React: the HostView (roster, settings,
 * progress, join URL) and the latest RoomView, both from the server, and the
 * host token, kept in localStorage so a reload (or a crashed laptop)
 * re-attaches to the room. React reads it through `useSyncExternalStore`
 * (`use-host.ts`); the screen is chosen by `host-screen.ts`.
 */
import type { RoomSettings } from '@/engine/game/phases';
import type { HostCommand, HostView, InboundPayload, NetworkTable, ProgressView, RoomView } from '@/engine/protocol';
import type { ClassChoice } from '../classes/_components/class-picker';
import { clockOffset } from '../lib/clock';
import { NO_NETWORKS, resolveHostView, resolveRoom } from '../lib/network-table';
import { PROTOCOL_VERSION, errorText } from '../lib/protocol-client';
import { SessionStore, type Scheduler, type Transport } from '../lib/session-kit';
import { hasStrings, readStored, removeStored, writeStored, type KeyValueStorage } from '../lib/storage';

/** The localStorage key of the host's seat. */
export const HOST_KEY = 'gradflow.host';
/** Pause before retrying an attach after a transient failure. */
export const ATTACH_RETRY_MS = 1500;
/** Told when a stored room is gone or the host token no longer opens it. */
export const GAME_GONE_TEXT = 'That game is no longer running.';

/** What a host console remembers to re-attach. */
export interface HostSeat {
  readonly roomId: string;
  readonly hostToken: string;
}

const isHostSeat = (v: unknown): v is HostSeat => hasStrings(v, ['roomId', 'hostToken']);

/** Everything the host screens render from. */
export interface HostState {
  readonly stage: 'setup' | 'attaching' | 'running';
  readonly session: HostSeat | null;
  /** The latest console view and room view, their question's network resolved from {@link networks}. */
  readonly view: HostView | null;
  readonly room: RoomView | null;
  /** The game's networks by id, from the create or attach ack (`host:state` never repeats them). */
  readonly networks: NetworkTable;
  readonly progress: ProgressView | null;
  /** serverNow − the local clock when the last room view arrived. */
  readonly offset: number;
  /** Shown on the setup screen: why the console is back there. */
  readonly notice: string | null;
}

/** The state before anything is known: the pack setup. */
export const INITIAL_HOST_STATE: HostState = {
  stage: 'setup',
  session: null,
  view: null,
  room: null,
  networks: NO_NETWORKS,
  progress: null,
  offset: 0,
  notice: null,
};

type Action =
  | { type: 'attaching'; session: HostSeat }
  /** A console view: from an ack (with the session and the game's networks) or a `host:state` event. */
  | { type: 'view'; view: HostView; receivedAt: number; session?: HostSeat; networks?: NetworkTable }
  | { type: 'room'; room: RoomView; receivedAt: number }
  | { type: 'progress'; progress: ProgressView }
  | { type: 'left'; notice: string | null };

function newer(current: RoomView | null, next: RoomView): boolean {
  return !current || current.roomId !== next.roomId || next.serverNow >= current.serverNow;
}

/** The session's state transitions, pure. */
function reduceHost(s: HostState, a: Action): HostState {
  switch (a.type) {
    case 'attaching':
      return { ...INITIAL_HOST_STATE, stage: 'attaching', session: a.session };
    case 'view': {
      const session = a.session ?? s.session;
      if (!session) return s;
      const networks = a.networks ?? s.networks;
      const view = resolveHostView(a.view, networks);
      const room = newer(s.room, view.room) ? view.room : s.room;
      const progress = view.progress ?? (room?.phase === 'question' ? s.progress : null);
      return {
        ...s,
        stage: 'running',
        session,
        view,
        room,
        networks,
        progress,
        offset: room === view.room ? clockOffset(room.serverNow, a.receivedAt) : s.offset,
        notice: null,
      };
    }
    case 'room': {
      if (s.stage !== 'running' || !newer(s.room, a.room)) return s;
      const progress = a.room.phase === 'question' && s.progress?.questionIndex === a.room.questionIndex ? s.progress : null;
      return { ...s, room: resolveRoom(a.room, s.networks), progress, offset: clockOffset(a.room.serverNow, a.receivedAt) };
    }
    case 'progress':
      return s.stage === 'running' ? { ...s, progress: a.progress } : s;
    case 'left':
      return { ...INITIAL_HOST_STATE, notice: a.notice };
  }
}

/** What a {@link HostSession} runs on. */
export interface HostSessionOptions {
  readonly transport: Transport;
  readonly scheduler: Scheduler;
  /** Where the host seat is kept (the page's localStorage by default). */
  readonly storage?: KeyValueStorage;
}

/**
 * The host console's session. {@link start} listens to the transport and
 * re-attaches a stored room: on start and on every reconnect. A room that is
 * gone, a refused token or another protocol version forgets the seat and
 * returns to setup; any other failure retries after {@link ATTACH_RETRY_MS}.
 * Views that arrive out of order are dropped (the newer `serverNow` wins);
 * live progress is kept only for the question it counts. The game's network
 * table comes with the create or attach ack and is kept until the next one;
 * `host:state` and `room:state` name networks by id, resolved from it.
 */
export class HostSession extends SessionStore<HostState> {
  private readonly transport: Transport;
  private readonly storage: (() => KeyValueStorage) | undefined;
  private attaching = false;
  private subscriptions: (() => void)[] = [];

  constructor(options: HostSessionOptions) {
    super(INITIAL_HOST_STATE, options.scheduler);
    this.transport = options.transport;
    const storage = options.storage;
    this.storage = storage ? () => storage : undefined;
  }

  private dispatch(action: Action): void {
    this.update(reduceHost(this.state, action));
  }

  /** Listens to the server and re-attaches the stored room. Calling it again restarts. */
  start(): void {
    this.stop();
    const t = this.transport;
    this.subscriptions = [
      t.on('connect', () => void this.attach()),
      t.on('host:state', (view) => this.dispatch({ type: 'view', view, receivedAt: this.scheduler.now() })),
      t.on('room:state', (room) => this.dispatch({ type: 'room', room, receivedAt: this.scheduler.now() })),
      t.on('host:progress', (progress) => this.dispatch({ type: 'progress', progress })),
    ];
    const session = readStored(HOST_KEY, isHostSeat, this.storage);
    if (session) this.dispatch({ type: 'attaching', session });
    void this.attach();
  }

  /** Stops listening and cancels a pending retry. */
  stop(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions = [];
    this.clearTimers();
  }

  /**
   * Creates a room (inside a class when `inClass` is given, with the
   * instructor key that guards it) and attaches to it; resolves with the
   * message to show, or null.
   */
  async create(packId: string, settings: Partial<RoomSettings>, inClass: ClassChoice | null = null): Promise<string | null> {
    const ack = await this.transport.request('host:create', {
      protocol: PROTOCOL_VERSION,
      packId,
      settings,
      ...(inClass ? { classId: inClass.classId, instructorKey: inClass.instructorKey } : {}),
    });
    if (!ack.ok) return errorText(ack.error, ack.message);
    const session = { roomId: ack.data.roomId, hostToken: ack.data.hostToken };
    writeStored(HOST_KEY, session, this.storage);
    this.dispatch({ type: 'view', view: ack.data.host, receivedAt: this.scheduler.now(), session, networks: ack.data.networks });
    return null;
  }

  /** Sends a host command; resolves with the message to show, or null once acknowledged. */
  async command<E extends HostCommand>(event: E, payload: InboundPayload<E>): Promise<string | null> {
    const ack = await this.transport.request(event, payload);
    return ack.ok ? null : errorText(ack.error, ack.message);
  }

  /** Forgets the room on this computer and returns to setup (the game keeps running on the server). */
  leave(): void {
    removeStored(HOST_KEY, this.storage);
    this.dispatch({ type: 'left', notice: null });
  }

  private async attach(): Promise<void> {
    const session = this.state.session;
    if (!session || this.attaching || !this.transport.connected) return;
    this.attaching = true;
    const ack = await this.transport.request('host:attach', {
      protocol: PROTOCOL_VERSION,
      roomId: session.roomId,
      hostToken: session.hostToken,
    });
    this.attaching = false;
    if (ack.ok) {
      const { networks, ...view } = ack.data;
      this.dispatch({ type: 'view', view, receivedAt: this.scheduler.now(), session, networks });
    } else if (ack.error === 'room/not-found' || ack.error === 'auth/forbidden' || ack.error === 'protocol/mismatch') {
      removeStored(HOST_KEY, this.storage);
      this.dispatch({ type: 'left', notice: ack.error === 'protocol/mismatch' ? errorText(ack.error, ack.message) : GAME_GONE_TEXT });
    } else {
      this.later(() => void this.attach(), ATTACH_RETRY_MS);
    }
  }
}
