/**
 * Runs in the browser before the app's own code (Next.js `instrumentation-client`).
 * zod v4 probes whether eval works by calling `Function("")` when it builds its first
 * object schema, to compile a faster parser. The content security policy allows no
 * eval (server/app.ts), so Chromium would report that probe as a violation on every
 * page that parses a network; jitless mode never probes. The server keeps zod's
 * compiled parsers.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
