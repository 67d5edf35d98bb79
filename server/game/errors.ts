import { ERROR_MESSAGES, type ErrorCode } from '@/engine/protocol-constants';

/** An expected refusal, acked to the client with its code. Anything else is `internal`. */
export class GameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Shorthand for throwing a {@link GameError} with its default message (the engine's one table of error wording). */
export function fail(code: ErrorCode, message = ERROR_MESSAGES[code]): never {
  throw new GameError(code, message);
}
