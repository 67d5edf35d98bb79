/** What a phone remembers across reloads: its seat in a game and an answer not yet confirmed. */
import type { AnswerPayload } from '@/engine/protocol';
import { hasStrings, readStored, removeStored, writeStored } from '../lib/storage';

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

export const loadSeat = (): Seat | null => readStored(SEAT_KEY, isSeat);
export const saveSeat = (seat: Seat): void => writeStored(SEAT_KEY, seat);
export const clearSeat = (): void => {
  removeStored(SEAT_KEY);
  removeStored(PENDING_KEY);
};

export const loadPending = (roomId: string): PendingAnswer | null => {
  const p = readStored(PENDING_KEY, isPending);
  return p && p.roomId === roomId ? p : null;
};
export const savePending = (p: PendingAnswer): void => writeStored(PENDING_KEY, p);
export const clearPending = (): void => removeStored(PENDING_KEY);
