/**
 * Small, failure-tolerant wrappers over localStorage (private browsing and
 * full quotas throw): a failed write only loses the automatic resume. Each
 * takes the storage to use, the browser's localStorage by default (session
 * tests pass a {@link MemoryStorage}).
 */

/** The part of the Web Storage API these helpers use. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The page's localStorage (throws where there is none; every caller catches). */
const browserStorage = (): KeyValueStorage => window.localStorage;

/** A storage kept in memory, with the same contract as localStorage. */
export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

/** Reads a JSON value and checks its shape, or returns null. */
export function readStored<T>(
  key: string,
  isValid: (value: unknown) => value is T,
  storage: () => KeyValueStorage = browserStorage,
): T | null {
  try {
    const raw = storage().getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return isValid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Writes a JSON value; ignores storage errors. */
export function writeStored(key: string, value: unknown, storage: () => KeyValueStorage = browserStorage): void {
  try {
    storage().setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the session still works until the tab closes.
  }
}

/** Removes a key; ignores storage errors. */
export function removeStored(key: string, storage: () => KeyValueStorage = browserStorage): void {
  try {
    storage().removeItem(key);
  } catch {
    // Nothing to do.
  }
}

/** True when `value` is an object whose listed keys are all strings. */
export function hasStrings<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, string> {
  if (typeof value !== 'object' || value === null) return false;
  const rec = value as Record<string, unknown>;
  return keys.every((k) => typeof rec[k] === 'string');
}

/**
 * A random id for an answer, made once per answer so retries are idempotent.
 * Uses getRandomValues, which (unlike randomUUID) also works on plain-http LAN addresses.
 */
export function newAnswerId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
