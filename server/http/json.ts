import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest JSON request body accepted (a quiz pack), in bytes. */
export const MAX_BODY_BYTES = 512 * 1024;

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Reads a JSON body up to {@link MAX_BODY_BYTES}; returns an error message instead of throwing. */
export function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false; status: number; message: string }> {
  return new Promise((resolve) => {
    let size = 0;
    const chunks: Buffer[] = [];
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        resolve({ ok: false, status: 413, message: `Body larger than ${MAX_BODY_BYTES / 1024} KiB.` });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch (err) {
        resolve({ ok: false, status: 400, message: `Body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
      }
    });
    req.on('error', () => {
      if (!done) resolve({ ok: false, status: 400, message: 'Request body could not be read.' });
      done = true;
    });
  });
}
