import { BUILTIN_PACKS, compilePack, type PackSpec } from '@/engine/quiz/pack';
import { createHash } from 'node:crypto';
import type { RuntimePack } from '@/engine/quiz/runtime';
import type { PackSource } from './game/ports';
import type { Store } from './store/types';

/** The store collection that keeps uploaded packs. */
export const PACK_COLLECTION = 'pack';
/** The store collection that keeps the version of a pack each game plays, by snapshot ref. */
export const SNAPSHOT_COLLECTION = 'pack-snapshot';
/** Hex digits of the content hash in a snapshot ref (`<packId>.<hash>`). */
const SNAPSHOT_HASH_CHARS = 16;

/** Summary of a pack for the host's list. */
export interface PackSummary {
  readonly id: string;
  readonly title: string;
  readonly questions: number;
  readonly builtin: boolean;
}

/** Built-in packs first, then packs uploaded by instructors (kept in the store). */
export class PackLibrary implements PackSource {
  private readonly compiled = new Map<string, RuntimePack>();

  constructor(private readonly store: Store) {}

  private builtinSpec(id: string): PackSpec | undefined {
    return BUILTIN_PACKS.find((p) => p.id === id);
  }

  async spec(id: string): Promise<PackSpec | null> {
    return this.builtinSpec(id) ?? ((await this.store.getDoc(PACK_COLLECTION, id)) as PackSpec | null);
  }

  /** The current version of pack `id`, or the exact version a snapshot ref (`<packId>.<hash>`) names. */
  async get(id: string): Promise<RuntimePack | null> {
    const cached = this.compiled.get(id);
    if (cached) return cached;
    const spec = id.includes('.') ? ((await this.store.getDoc(SNAPSHOT_COLLECTION, id)) as PackSpec | null) : await this.spec(id);
    if (!spec) return null;
    const result = compilePack(spec);
    if (!result.ok) return null;
    this.compiled.set(id, result.pack);
    return result.pack;
  }

  /**
   * Keeps the current version of a pack for a new game: its spec is stored
   * under a ref made of the id and a hash of the content (the same content
   * shares one snapshot), so the game plays these questions until it ends,
   * across restarts and processes, whatever is uploaded or deleted meanwhile.
   */
  async snapshot(packId: string): Promise<{ ref: string; pack: RuntimePack } | null> {
    const spec = await this.spec(packId);
    if (!spec) return null;
    const ref = `${spec.id}.${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, SNAPSHOT_HASH_CHARS)}`;
    const known = this.compiled.get(ref);
    if (known) return { ref, pack: known };
    const result = compilePack(spec);
    if (!result.ok) return null;
    if ((await this.store.getDoc(SNAPSHOT_COLLECTION, ref)) === null) await this.store.putDoc(SNAPSHOT_COLLECTION, ref, spec);
    this.compiled.set(ref, result.pack);
    return { ref, pack: result.pack };
  }

  async list(): Promise<PackSummary[]> {
    const uploaded = (await this.store.listDocs(PACK_COLLECTION)) as PackSpec[];
    return [
      ...BUILTIN_PACKS.map((p) => ({ id: p.id, title: p.title, questions: p.questions.length, builtin: true })),
      ...uploaded
        .filter((p) => !this.builtinSpec(p.id))
        .map((p) => ({ id: p.id, title: p.title, questions: p.questions.length, builtin: false })),
    ];
  }

  /** Whether `id` names a built-in pack (which cannot be replaced or deleted). */
  isBuiltin(id: string): boolean {
    return this.builtinSpec(id) !== undefined;
  }

  /**
   * Validates and keeps an uploaded pack, replacing an uploaded pack with the same id (`replaced`); returns its
   * errors (with field paths) when invalid. Games already created keep the questions they were created with.
   */
  async upload(raw: unknown): Promise<{ ok: true; id: string; replaced: boolean } | { ok: false; errors: { path: string; message: string }[] }> {
    const result = compilePack(raw);
    if (!result.ok) return result;
    if (this.builtinSpec(result.spec.id)) {
      return { ok: false, errors: [{ path: 'id', message: `"${result.spec.id}" is the id of a built-in pack; choose another id` }] };
    }
    const replaced = (await this.store.getDoc(PACK_COLLECTION, result.spec.id)) !== null;
    await this.store.putDoc(PACK_COLLECTION, result.spec.id, result.spec);
    this.compiled.set(result.spec.id, result.pack);
    return { ok: true, id: result.spec.id, replaced };
  }

  /** Deletes an uploaded pack; false when there is none with that id. Built-in packs are never deleted. */
  async delete(id: string): Promise<boolean> {
    if (this.builtinSpec(id)) return false;
    const existed = (await this.store.getDoc(PACK_COLLECTION, id)) !== null;
    if (existed) await this.store.deleteDoc(PACK_COLLECTION, id);
    this.compiled.delete(id);
    return existed;
  }
}
