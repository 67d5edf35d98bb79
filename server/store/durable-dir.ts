import { promises as fs } from 'node:fs';
import path from 'node:path';

const SAFE_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * JSON documents in a directory, one file each, written atomically
 * (temp file, fsync, rename, fsync of the directory) so a crash leaves
 * either the old document or the new one, never half of one.
 */
export class DurableDir {
  constructor(private readonly root: string) {}

  private file(kind: string, id: string): string {
    if (!SAFE_ID.test(kind) || !SAFE_ID.test(id) || id.startsWith('.')) throw new Error(`unsafe document id ${kind}/${id}`);
    return path.join(this.root, kind, `${id}.json`);
  }

  async put(kind: string, id: string, doc: unknown): Promise<void> {
    const target = this.file(kind, id);
    const dir = path.dirname(target);
    await fs.mkdir(dir, { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(doc));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async get(kind: string, id: string): Promise<unknown> {
    try {
      return JSON.parse(await fs.readFile(this.file(kind, id), 'utf8')) as unknown;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /** Removes a document durably (the directory is synced); no-op when absent. */
  async delete(kind: string, id: string): Promise<void> {
    const target = this.file(kind, id);
    try {
      await fs.unlink(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    const dirHandle = await fs.open(path.dirname(target), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async list(kind: string): Promise<unknown[]> {
    if (!SAFE_ID.test(kind)) throw new Error(`unsafe collection ${kind}`);
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.root, kind));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const docs = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map((n) => this.get(kind, n.slice(0, -'.json'.length))),
    );
    return docs.filter((d) => d !== null);
  }
}
