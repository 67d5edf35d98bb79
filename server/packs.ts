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

/** The version of a pack's content: the first hex digits of the SHA-256 of its stored spec. */
export function packVersion(spec: PackSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, SNAPSHOT_HASH_CHARS);
}

/** A save's precondition: the version the editor started from, or `null` for "the pack must not exist yet". */
export type SavePrecondition = { readonly ifMatch: string | null };

/** Result of `PackLibrary.upload`. */
export type UploadResult =
  | { ok: true; id: string; replaced: boolean; version: string }
  | { ok: false; errors: { path: string; message: string }[] }
  | { ok: false; conflict: true; current: string | null; errors: { path: string; message: string }[] };

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
  /** Saves of one pack id run one after another in this process, so a version check and its write cannot interleave. */
  private readonly saving = new Map<string, Promise<unknown>>();

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
    const ref = `${spec.id}.${packVersion(spec)}`;
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

  /** The current version of pack `id` (see `packVersion`), or null when there is none. */
  async version(id: string): Promise<string | null> {
    const spec = await this.spec(id);
    return spec ? packVersion(spec) : null;
  }

  /**
   * Validates and keeps an uploaded pack, replacing an uploaded pack with the same id (`replaced`); returns its
   * errors (with field paths) when invalid. Games already created keep the questions they were created with.
   * With a precondition (the studio's version check) the save happens only if the stored pack is still the
   * version the editor started from (`ifMatch`), or does not exist yet (`ifMatch: null`); otherwise nothing is
   * written and the result says `conflict` with the current version.
   */
  async upload(raw: unknown, precondition?: SavePrecondition): Promise<UploadResult> {
    const result = compilePack(raw);
    if (!result.ok) return result;
    const id = result.spec.id;
    if (this.builtinSpec(id)) {
      return { ok: false, errors: [{ path: 'id', message: `"${id}" is the id of a built-in pack; choose another id` }] };
    }
    const run = async (): Promise<UploadResult> => {
      const existing = (await this.store.getDoc(PACK_COLLECTION, id)) as PackSpec | null;
      const current = existing ? packVersion(existing) : null;
      if (precondition && precondition.ifMatch !== current) {
        const message =
          current === null
            ? `Pack "${id}" no longer exists (it was deleted elsewhere); nothing was saved. Save it again as a new pack.`
            : precondition.ifMatch === null
              ? `A pack with the id "${id}" already exists; nothing was saved. Choose another id, or open that pack to edit it.`
              : `Pack "${id}" was changed elsewhere (another tab or another instructor) since you opened it; nothing was saved. Reload it to see the other changes, then edit again.`;
        return { ok: false, conflict: true, current, errors: [{ path: '', message }] };
      }
      await this.store.putDoc(PACK_COLLECTION, id, result.spec);
      this.compiled.set(id, result.pack);
      return { ok: true, id, replaced: existing !== null, version: packVersion(result.spec) };
    };
    const previous = this.saving.get(id) ?? Promise.resolve();
    const mine = previous.then(run, run);
    this.saving.set(id, mine);
    try {
      return await mine;
    } finally {
      if (this.saving.get(id) === mine) this.saving.delete(id);
    }
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
