import type { ErrorCode } from '@/engine/protocol';

/** An expected refusal, acked to the client with its code. Anything else is `internal`. */
export class GameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Default messages for each code, shown to people. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  'room/not-found': 'No game with that code is running.',
  'room/full': 'This game is full.',
  'room/locked': 'The host has locked this game; no new players can join.',
  'auth/forbidden': 'You are not allowed to do that.',
  'phase/not-allowed': 'That is not possible at this point of the game.',
  'answer/late': 'Time was up before your answer arrived.',
  'answer/duplicate': 'You already answered this question.',
  'answer/stale-question': 'That question is no longer open.',
  'payload/invalid': 'The request was malformed.',
  'protocol/mismatch': 'This page is out of date; reload it.',
  'nickname/taken': 'Someone in this game already has that name.',
  'player/kicked': 'The host removed you from this game.',
  'pack/not-found': 'No quiz pack with that id.',
  'class/not-found': 'No class with that id.',
  'rate/limited': 'Too many requests; slow down.',
  'event/unknown': 'The server does not know that event.',
  'store/unavailable': 'The server cannot save right now; try again in a moment.',
  'internal': 'Something went wrong on the server.',
};

/** Shorthand for throwing a {@link GameError} with its default message. */
export function fail(code: ErrorCode, message = ERROR_MESSAGES[code]): never {
  throw new GameError(code, message);
}
