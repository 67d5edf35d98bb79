import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PackLibrary } from '../packs';
import { readJson, sendJson } from './json';

const PACK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The JSON API under /api: packs (list, download, preview, upload). Returns false when the path is not ours. */
export function createApi(deps: { packs: PackLibrary }) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'api') return false;
    const method = req.method ?? 'GET';

    if (parts[1] === 'packs') {
      if (parts.length === 2 && method === 'GET') {
        sendJson(res, 200, await deps.packs.list());
        return true;
      }
      if (parts.length === 2 && method === 'POST') {
        const body = await readJson(req);
        if (!body.ok) {
          sendJson(res, body.status, { ok: false, errors: [{ path: '', message: body.message }] });
          return true;
        }
        const result = await deps.packs.upload(body.value);
        sendJson(res, result.ok ? 201 : 422, result);
        return true;
      }
      const id = parts[2];
      if (id && PACK_ID.test(id) && method === 'GET') {
        const spec = await deps.packs.spec(id);
        const pack = spec ? await deps.packs.get(id) : null;
        if (!spec || !pack) {
          sendJson(res, 404, { error: 'pack/not-found' });
          return true;
        }
        if (parts.length === 3) {
          sendJson(res, 200, spec, { 'content-disposition': `attachment; filename="${id}.json"` });
          return true;
        }
        if (parts.length === 4 && parts[3] === 'preview') {
          // What students will see: every question's public view (never its key).
          sendJson(res, 200, { id: pack.id, title: pack.title, questions: pack.questions.map((q, i) => q.view(i, 0)) });
          return true;
        }
      }
    }
    sendJson(res, 404, { error: 'not-found' });
    return true;
  };
}
