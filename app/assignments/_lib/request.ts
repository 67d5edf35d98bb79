/** JSON requests to the assignments API with any method, or a text body (the roster CSV). */
import type { ApiResult } from '../../reports/_lib/fetch-json';

/** A request with an optional Bearer token; an object body goes as JSON, a string as text/csv. */
export async function apiRequest<T>(path: string, opts: { token?: string | null; method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const text = typeof opts.body === 'string';
  if (opts.body !== undefined) headers['content-type'] = text ? 'text/csv' : 'application/json';
  try {
    const res = await fetch(path, {
      method: opts.method ?? (opts.body === undefined ? 'GET' : 'POST'),
      headers,
      body: opts.body === undefined ? undefined : text ? (opts.body as string) : JSON.stringify(opts.body),
      cache: 'no-store',
    });
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

/** A new id for one submission (sent again on a retry so no attempt is used twice). */
export function newSubmissionId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** `2026-11-27T09:00` in the browser's time zone, for a datetime-local input. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
