/** Error names node-redis uses when Redis cannot be reached, and the SQLite store's own. */
const OUTAGE_NAMES = new Set([
  'ClientOfflineError',
  'ClientClosedError',
  'SocketClosedUnexpectedlyError',
  'ConnectionTimeoutError',
  'ReconnectStrategyError',
  'StoreUnavailableError',
]);
const OUTAGE_MESSAGE = /ECONNREFUSED|ECONNRESET|EPIPE|offline|client is closed|socket closed/i;

/** The store cannot take the request (a full or read-only data directory); nothing was written. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** True when an error means the store is unreachable (nothing was recorded; the client may retry). */
export function isStoreOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return OUTAGE_NAMES.has(err.name) || OUTAGE_MESSAGE.test(err.message);
}
