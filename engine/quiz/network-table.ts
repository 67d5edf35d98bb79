/**
 * The networks of a live game, sent once per client session instead of with
 * every question (docs/PROTOCOL.md, "Networks of a game"): every distinct
 * drawable network of a pack's questions under a stable content id, and the
 * live form of a question, which names a network of that table by id.
 * Computed once per compiled pack (kept per pack object), never per message.
 */
import type { LiveQuestion, NetworkTable, PublicQuestion } from '../protocol';
import type { RuntimePack } from './runtime';

/** A game's network table and how its questions refer to it. */
export interface GameNetworks {
  /** Every distinct network the pack's questions draw, by id (what the join and attach acks carry). */
  readonly table: NetworkTable;
  /**
   * The question as a live game sends it: `network: null` and its `networkId`
   * when its network is in the table; else its network inline with `networkId: null`
   * (a student's own random network), or neither when there is nothing to draw.
   */
  live(question: PublicQuestion): LiveQuestion;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * JSON with every object's keys sorted, so equal networks read the same whatever order their keys were written in.
 * @example canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** A 53-bit hash of a string (cyrb53), in base 36: short, and the same in every process. */
function contentHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The id of a network: `n` and the hash of its canonical JSON (`-2`, `-3`, … after it in the unlikely case of a clash in one table). */
function networkIdOf(json: string, taken: ReadonlyMap<string, string>): string {
  const base = `n${contentHash(json)}`;
  let id = base;
  for (let k = 2; taken.has(id) && taken.get(id) !== json; k++) id = `${base}-${k}`;
  return id;
}

/** Builds the table of one pack: the networks of its questions as the room sees them (seed 0), in question order. */
export function buildGameNetworks(pack: RuntimePack): GameNetworks {
  const table: Record<string, unknown> = {};
  /** id → canonical JSON, and back. */
  const jsonOf = new Map<string, string>();
  const idOfJson = new Map<string, string>();
  /** The network objects the questions hand out, by identity: the usual lookup, no JSON per message. */
  const idOfObject = new WeakMap<object, string>();
  pack.questions.forEach((q, index) => {
    const network = q.view(index, 0).network;
    if (network === null || typeof network !== 'object') return;
    const json = canonicalJson(network);
    let id = idOfJson.get(json);
    if (id === undefined) {
      id = networkIdOf(json, jsonOf);
      jsonOf.set(id, json);
      idOfJson.set(json, id);
      table[id] = network;
    }
    idOfObject.set(network, id);
  });
  const idOf = (network: unknown): string | null => {
    if (network === null || typeof network !== 'object') return null;
    const known = idOfObject.get(network);
    if (known !== undefined) return known;
    // Another object: a student's own generated network, or (rarely) an equal copy of one in the table.
    return idOfJson.size === 0 ? null : (idOfJson.get(canonicalJson(network)) ?? null);
  };
  return {
    table,
    live: (question) => {
      const id = idOf(question.network);
      return id === null ? { ...question, networkId: null } : { ...question, network: null, networkId: id };
    },
  };
}

const cache = new WeakMap<RuntimePack, GameNetworks>();

/**
 * The network table of a compiled pack, built on first use and kept with the
 * pack object (the server keeps one compiled pack per snapshot, so once per game's pack).
 */
export function gameNetworks(pack: RuntimePack): GameNetworks {
  let built = cache.get(pack);
  if (!built) {
    built = buildGameNetworks(pack);
    cache.set(pack, built);
  }
  return built;
}
