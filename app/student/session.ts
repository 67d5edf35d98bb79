/** What a phone remembers across reloads: its seat in a game and an answer not yet confirmed. */
import type { AnswerPayload } from '@/engine/protocol';
import { hasStrings, readStored, removeStored, writeStored, type KeyValueStorage } from '../lib/storage';

const SEAT_KEY = 'gradflow.player';
const PENDING_KEY = 'gradflow.pending';

/** A student's seat: enough to call player:resume. */
export interface Seat {
  readonly roomId: string;
  readonly playerToken: string;
  readonly code: string;
  readonly nickname: string;
}

/** An answer tapped but not yet acknowledged by the server (e.g. while offline). */
export interface PendingAnswer {
  readonly roomId: string;
  readonly questionIndex: number;
  /** Made once when the answer is tapped, so a retry is idempotent. */
  readonly answerId: string;
  readonly answer: AnswerPayload;
}

const isSeat = (v: unknown): v is Seat => hasStrings(v, ['roomId', 'playerToken', 'code', 'nickname']);

const isPending = (v: unknown): v is PendingAnswer => {
  if (!hasStrings(v, ['roomId', 'answerId'])) return false;
  const rec = v as unknown as Record<string, unknown>;
  const answer = rec.answer as Record<string, unknown> | null | undefined;
  return (
    typeof rec.questionIndex === 'number' &&
    typeof answer === 'object' &&
    answer !== null &&
    typeof answer.kind === 'string'
  );
};

/** The seat and the pending answer, kept in `gradflow.player` and `gradflow.pending`. */
export interface SeatStorage {
  loadSeat(): Seat | null;
  saveSeat(seat: Seat): void;
  /** Forgets the seat and its pending answer. */
  clearSeat(): void;
  /** The pending answer, if it belongs to this room. */
  loadPending(roomId: string): PendingAnswer | null;
  savePending(p: PendingAnswer): void;
  clearPending(): void;
}

/** A {@link SeatStorage} over `storage` (the page's localStorage unless given). */
export function seatStorage(storage?: KeyValueStorage): SeatStorage {
  const store = storage ? () => storage : undefined;
  return {
    loadSeat: () => readStored(SEAT_KEY, isSeat, store),
    saveSeat: (seat) => writeStored(SEAT_KEY, seat, store),
    clearSeat: () => {
      removeStored(SEAT_KEY, store);
      removeStored(PENDING_KEY, store);
    },
    loadPending: (roomId) => {
      const p = readStored(PENDING_KEY, isPending, store);
      return p && p.roomId === roomId ? p : null;
    },
    savePending: (p) => writeStored(PENDING_KEY, p, store),
    clearPending: () => removeStored(PENDING_KEY, store),
  };
}
