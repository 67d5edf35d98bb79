/** Error names node-redis uses when Redis cannot be reached. */
const OUTAGE_NAMES = new Set(['ClientOfflineError', 'ClientClosedError', 'SocketClosedUnexpectedlyError', 'ConnectionTimeoutError', 'ReconnectStrategyError']);
const OUTAGE_MESSAGE = /ECONNREFUSED|ECONNRESET|EPIPE|offline|client is closed|socket closed/i;

/** True when an error means the store is unreachable (nothing was recorded; the client may retry). */
export function isStoreOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return OUTAGE_NAMES.has(err.name) || OUTAGE_MESSAGE.test(err.message);
}
