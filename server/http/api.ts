/**
 * The packs JSON API (docs/HTTP_API.md): anyone may list packs (ids, titles,
 * question counts) and preview their questions as students see them (never a
 * key); downloading a pack's full spec (its answers), uploading, replacing and
 * deleting one need the instructor key (`Authorization: Bearer <key>`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InstructorAuth } from '../instructor';
import type { PackLibrary, SavePrecondition } from '../packs';
import { packVersion } from '../packs';
import { bearerToken } from '../reports/api';
import { readJson, sendJson } from './json';

const PACK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Error codes of the packs API. */
export type PackApiError = 'auth/required' | 'auth/forbidden' | 'pack/not-found' | 'pack/builtin' | 'method/not-allowed' | 'not-found';

/** A version as an entity tag: `"<16 hex digits>"`. */
function etag(version: string): string {
  return `"${version}"`;
}

/**
 * The save precondition of a request: `If-Match: "<version>"` (replace only that version) or
 * `If-None-Match: *` (create only); neither: an unconditional save, as before the studio. A malformed
 * `If-Match` is `invalid`.
 */
function preconditionOf(req: IncomingMessage): SavePrecondition | undefined | 'invalid' {
  const match = req.headers['if-match'];
  const noneMatch = req.headers['if-none-match'];
  if (typeof match === 'string') {
    const m = /^\s*(?:W\/)?"([0-9a-f]{1,64})"\s*$/.exec(match);
    return m ? { ifMatch: m[1] as string } : 'invalid';
  }
  if (typeof noneMatch === 'string' && noneMatch.trim() === '*') return { ifMatch: null };
  return undefined;
}

const MESSAGES = {
  keyMissing: 'Packs are written and downloaded by the instructor: send the instructor key as "Authorization: Bearer <key>".',
  keyWrong: 'That instructor key is not valid.',
  notFound: 'No quiz pack with that id.',
  builtin: 'Built-in packs cannot be deleted.',
} as const;

function sendError(res: ServerResponse, status: number, error: PackApiError, message: string): true {
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="gradflow"' } : {};
  sendJson(res, status, { error, message }, headers);
  return true;
}

function notAllowed(res: ServerResponse, allow: string): true {
  res.setHeader('allow', allow);
  return sendError(res, 405, 'method/not-allowed', `Use ${allow}.`);
}

/** The packs API under /api/packs. Returns false when the path is not ours. */
export function createApi(deps: { packs: PackLibrary; instructor: InstructorAuth }) {
  /** Answers 401/403 and returns false unless the request carries the instructor key. */
  const instructorOnly = (req: IncomingMessage, res: ServerResponse): boolean => {
    const token = bearerToken(req);
    if (!token) return !sendError(res, 401, 'auth/required', MESSAGES.keyMissing);
    if (!deps.instructor.verify(token)) return !sendError(res, 403, 'auth/forbidden', MESSAGES.keyWrong);
    return true;
  };

  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'api') return false;
    const method = req.method ?? 'GET';

    if (parts[1] === 'packs') {
      if (parts.length === 2) {
        if (method === 'GET') {
          sendJson(res, 200, await deps.packs.list());
          return true;
        }
        if (method !== 'POST') return notAllowed(res, 'GET, POST');
        if (!instructorOnly(req, res)) return true;
        const precondition = preconditionOf(req);
        if (precondition === 'invalid') {
          sendJson(res, 400, { ok: false, errors: [{ path: '', message: 'If-Match must be a version as the download gave it in its ETag, e.g. "0123456789abcdef".' }] });
          return true;
        }
        const body = await readJson(req);
        if (!body.ok) {
          sendJson(res, body.status, { ok: false, errors: [{ path: '', message: body.message }] });
          return true;
        }
        const result = await deps.packs.upload(body.value, precondition);
        if (result.ok) {
          const { version, ...rest } = result;
          sendJson(res, result.replaced ? 200 : 201, rest, { etag: etag(version) });
        } else if ('conflict' in result) {
          const { current, ...rest } = result;
          sendJson(res, 412, { ...rest, current }, current === null ? {} : { etag: etag(current) });
        } else {
          sendJson(res, 422, result);
        }
        return true;
      }
      const id = parts[2] ?? '';
      const sub = parts[3];
      if (parts.length > 4 || (sub !== undefined && sub !== 'preview')) return sendError(res, 404, 'not-found', 'No such path.');
      if (!PACK_ID.test(id)) return sendError(res, 404, 'pack/not-found', MESSAGES.notFound);
      if (sub === 'preview') {
        if (method !== 'GET') return notAllowed(res, 'GET');
        const pack = await deps.packs.get(id);
        if (!pack) return sendError(res, 404, 'pack/not-found', MESSAGES.notFound);
        // What students will see: every question's public view (never its key).
        sendJson(res, 200, { id: pack.id, title: pack.title, questions: pack.questions.map((q, i) => q.view(i, 0)) });
        return true;
      }
      if (method !== 'GET' && method !== 'DELETE') return notAllowed(res, 'GET, DELETE');
      if (!instructorOnly(req, res)) return true;
      if (method === 'DELETE') {
        if (deps.packs.isBuiltin(id)) return sendError(res, 409, 'pack/builtin', MESSAGES.builtin);
        if (!(await deps.packs.delete(id))) return sendError(res, 404, 'pack/not-found', MESSAGES.notFound);
        sendJson(res, 200, { ok: true, id });
        return true;
      }
      const spec = await deps.packs.spec(id);
      if (!spec) return sendError(res, 404, 'pack/not-found', MESSAGES.notFound);
      sendJson(res, 200, spec, { 'content-disposition': `attachment; filename="${id}.json"`, etag: etag(packVersion(spec)) });
      return true;
    }
    return sendError(res, 404, 'not-found', 'No such path.');
  };
}
