import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type JoinResult, type MeView, type RoomView } from '@/engine/protocol';
import { call, ok, type Client } from './harness';

/** Reconnection delays for test phones: quick, so a restart is noticed fast. */
const RECONNECT_DELAY_MS = 100;
const RECONNECT_DELAY_MAX_MS = 500;

/**
 * A student's phone as the real app behaves: it reconnects on its own and,
 * when the connection could not be recovered, resumes its seat with its token.
 */
export class Phone {
  readonly socket: Client;
  joined: JoinResult | null = null;
  room: RoomView | null = null;
  me: MeView | null = null;
  /** How many reconnects recovered the session without a rejoin, and how many needed player:resume. */
  recovered = 0;
  resumed = 0;
  private connects = 0;
  private seatWaiters: (() => void)[] = [];

  constructor(url: string) {
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: RECONNECT_DELAY_MS,
      reconnectionDelayMax: RECONNECT_DELAY_MAX_MS,
      randomizationFactor: 0,
    });
    this.socket.on('room:state', (room) => (this.room = room));
    this.socket.on('player:me', (me) => (this.me = me));
    this.socket.on('connect', () => {
      this.connects++;
      if (this.connects === 1 || !this.joined) return;
      if (this.socket.recovered) {
        this.recovered++;
        this.seated();
        return;
      }
      void this.resume();
    });
  }

  /** Resolves once connected. */
  ready(): Promise<this> {
    if (this.socket.connected) return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve(this));
      this.socket.once('connect_error', reject);
    });
  }

  async join(code: string, nickname: string): Promise<JoinResult> {
    const joined = ok(await call(this.socket, 'player:join', { protocol: PROTOCOL_VERSION, code, nickname }));
    this.joined = joined;
    this.room = joined.room;
    this.me = joined.me;
    return joined;
  }

  private async resume(): Promise<void> {
    if (!this.joined) return;
    const ack = await call(this.socket, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: this.joined.roomId, playerToken: this.joined.playerToken });
    if (!ack.ok) return;
    this.resumed++;
    this.room = ack.data.room;
    this.me = ack.data.me;
    this.seated();
  }

  private seated(): void {
    const waiters = this.seatWaiters;
    this.seatWaiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when the connection is back and the seat is confirmed (recovered or resumed) after `previous`. */
  backOnline(previous: { recovered: number; resumed: number }): Promise<void> {
    if (this.socket.connected && (this.recovered > previous.recovered || this.resumed > previous.resumed)) return Promise.resolve();
    return new Promise((resolve) => this.seatWaiters.push(resolve));
  }

  close(): void {
    this.socket.disconnect();
  }
}
