/**
 * The packs API as the studio uses it (docs/HTTP_API.md): every write sends
 * the instructor key and a version check (`If-Match` with the version the
 * editor loaded, or `If-None-Match: *` for a new pack), so a second tab can
 * never overwrite the first one's save.
 */
import type { PackSpecInput } from '@/engine/quiz/pack-schema';
import { saveBlob } from '../../lib/save-file';

/** A pack in the list. */
export interface PackListItem {
  readonly id: string;
  readonly title: string;
  readonly questions: number;
  readonly builtin: boolean;
}

/** What a save came to. */
export type SaveOutcome =
  | { readonly kind: 'saved'; readonly version: string }
  | { readonly kind: 'conflict'; readonly message: string; readonly current: string | null }
  | { readonly kind: 'invalid'; readonly errors: readonly { path: string; message: string }[] }
  | { readonly kind: 'refused'; readonly status: number; readonly message: string };

const UNREACHABLE = 'The server could not be reached. Nothing was saved; check the connection and try again.';

function versionOf(res: Response): string | null {
  const tag = res.headers.get('etag');
  const m = tag ? /"([0-9a-f]+)"/.exec(tag) : null;
  return m ? (m[1] as string) : null;
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { message?: unknown; errors?: { message?: unknown }[] } | null;
  if (typeof body?.message === 'string') return body.message;
  const first = body?.errors?.[0]?.message;
  return typeof first === 'string' ? first : `The server answered ${res.status}.`;
}

/** The packs (anyone may list them). */
export async function listPacks(): Promise<{ ok: true; packs: PackListItem[] } | { ok: false; message: string }> {
  try {
    const res = await fetch('/api/packs', { cache: 'no-store' });
    if (!res.ok) return { ok: false, message: await errorMessage(res) };
    return { ok: true, packs: (await res.json()) as PackListItem[] };
  } catch {
    return { ok: false, message: 'The server could not be reached.' };
  }
}

/** A pack's full spec and its version (instructor). */
export async function loadPack(
  id: string,
  key: string,
): Promise<{ ok: true; spec: unknown; version: string | null } | { ok: false; status: number; message: string }> {
  try {
    const res = await fetch(`/api/packs/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
    if (!res.ok) return { ok: false, status: res.status, message: await errorMessage(res) };
    return { ok: true, spec: (await res.json()) as unknown, version: versionOf(res) };
  } catch {
    return { ok: false, status: 0, message: 'The server could not be reached.' };
  }
}

/** Saves a pack: replaces `version` exactly, or creates it when `version` is null (instructor). */
export async function savePack(spec: PackSpecInput, key: string, version: string | null): Promise<SaveOutcome> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  if (version === null) headers['if-none-match'] = '*';
  else headers['if-match'] = `"${version}"`;
  try {
    const res = await fetch('/api/packs', { method: 'POST', headers, body: JSON.stringify(spec), cache: 'no-store' });
    if (res.ok) return { kind: 'saved', version: versionOf(res) ?? '' };
    if (res.status === 412) {
      const body = (await res.json().catch(() => null)) as { current?: string | null; errors?: { message: string }[] } | null;
      return { kind: 'conflict', message: body?.errors?.[0]?.message ?? 'The pack was changed elsewhere; nothing was saved.', current: body?.current ?? null };
    }
    if (res.status === 422) {
      const body = (await res.json().catch(() => null)) as { errors?: { path: string; message: string }[] } | null;
      return { kind: 'invalid', errors: body?.errors ?? [] };
    }
    return { kind: 'refused', status: res.status, message: await errorMessage(res) };
  } catch {
    return { kind: 'refused', status: 0, message: UNREACHABLE };
  }
}

/** Deletes an uploaded pack (instructor). */
export async function deletePack(id: string, key: string): Promise<{ ok: true } | { ok: false; status: number; message: string }> {
  try {
    const res = await fetch(`/api/packs/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
    return res.ok ? { ok: true } : { ok: false, status: res.status, message: await errorMessage(res) };
  } catch {
    return { ok: false, status: 0, message: 'The server could not be reached.' };
  }
}

/** Offers a pack as a JSON file download (export). */
export function downloadJson(name: string, value: unknown): void {
  saveBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), name);
}
