/** JSON requests to the reports API, with the error body it sends turned into a result. */
import { saveBlob } from '../../lib/save-file';

/** A response: the body, or the API's error. */
export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; error: string; message: string };

/** GET (or POST with `body`) a JSON API path with an optional Bearer token. */
export async function apiJson<T>(path: string, token?: string | null, body?: unknown): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(path, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    const parsed: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: parsed as T };
    const err = (parsed ?? {}) as { error?: unknown; message?: unknown };
    return {
      ok: false,
      status: res.status,
      error: typeof err.error === 'string' ? err.error : 'internal',
      message: typeof err.message === 'string' ? err.message : `The server answered ${res.status}.`,
    };
  } catch {
    return { ok: false, status: 0, error: 'network', message: 'The server could not be reached. Check the connection and try again.' };
  }
}

/** Downloads an authenticated export (the browser cannot add the header to a plain link). */
export async function downloadWithKey(path: string, key: string, fallbackName: string): Promise<string | null> {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
    if (!res.ok) return `The export failed (${res.status}).`;
    const name = /filename="([^"]+)"/u.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
    saveBlob(await res.blob(), name);
    return null;
  } catch {
    return 'The export failed: the server could not be reached.';
  }
}
