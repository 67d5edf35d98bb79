/** A small bounded least-recently-used cache (a Map keeps insertion order). */

/** A bounded LRU cache. */
export interface Lru<K, V> {
  /** The cached value, marking it most recently used. */
  get(key: K): V | undefined;
  /** Stores a value, evicting the least recently used entry beyond the capacity. */
  set(key: K, value: V): void;
  /** Number of entries held. */
  readonly size: number;
}

/**
 * Creates an LRU cache holding at most `capacity` entries.
 * @example const cache = createLru<number, string>(2); cache.set(1, 'a');
 */
export function createLru<K, V>(capacity: number): Lru<K, V> {
  if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('LRU capacity must be a positive integer');
  const map = new Map<K, V>();
  return {
    get(key) {
      const value = map.get(key);
      if (value === undefined) return undefined;
      map.delete(key);
      map.set(key, value);
      return value;
    },
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      if (map.size > capacity) {
        const oldest = map.keys().next();
        if (!oldest.done) map.delete(oldest.value);
      }
    },
    get size() {
      return map.size;
    },
  };
}
