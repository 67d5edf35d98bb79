/**
 * Load benchmark (`npm run bench:load -- --students N …`): thousands of
 * students in one room. Starts the production server (P processes; on a
 * real Redis when P > 1; or one with GRADFLOW_WORKERS=N, on Redis), opens N real socket.io-client connections from
 * separate generator processes, locks the room once everyone is in, plays R
 * rounds (each a spread and a burst question, then the leaderboard) as the
 * host, ends the game, prints latencies, CPU and memory, and exits
 * non-zero on any failed join, refused answer, or lost or duplicated message.
 * See docs/BENCHMARKS.md ("Load").
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatComparison, formatReport } from './load/report';
import { DEFAULTS, runLoad, STUDENTS_PER_GENERATOR, type LoadOptions, type LoadResult, type LoadStore } from './load/run';

const USAGE = `usage: npm run bench:load -- --students N [options]

  --students N        students in the room (required)
  --processes P       server processes, each on its own port (default ${DEFAULTS.processes}; P > 1 needs --store redis)
  --workers N         instead: one server with GRADFLOW_WORKERS=N (Node's cluster, sticky) on one port and a real
                      redis-server; every generator connects to that port. CPU, heap, RSS, event-loop figures and
                      students (open sockets) are reported per worker, the primary's CPU and RSS on their own line
  --store S           sqlite | memory | redis (default: sqlite, the embedded default; redis when P > 1 or with --workers)
  --stores A,B        one run per store, one after the other, then a side-by-side table (e.g. sqlite,memory)
  --rounds R          rounds; each is one spread and one burst question (default ${DEFAULTS.rounds})
  --json FILE         also write every number as JSON
  --generators G      generator processes (default: one per ${STUDENTS_PER_GENERATOR} students, at least 2)
  --server E          next (server/index.ts, needs a production build) | bare (server/index.ts --no-pages: sockets and API, no Next.js) (default ${DEFAULTS.server})
  --pack ID           built-in pack to play (default ${DEFAULTS.packId})
  --spread-ms MS      window of the spread pattern (default ${DEFAULTS.spreadMs})
  --correct SHARE     share of right answers, 0..1 (default ${DEFAULTS.correctShare})
  --unique-answers    every typed answer a distinct string (default: the 12 written forms a class uses)
  --concurrency C     connections each worker opens at once (default ${DEFAULTS.concurrency})
  --addresses A       loopback source addresses students come from (default ${DEFAULTS.addresses}; 1 = all on 127.0.0.1, as behind one NAT)
  --timeout MS        longest wait for any expected event (default ${DEFAULTS.eventTimeoutMs})
  --cpu-prof DIR      write a V8 CPU profile of each server process into DIR
  --server-node-args "ARGS"  extra node flags for the server processes`;

function die(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function int(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) die(`--${name} must be an integer ≥ ${min} (got ${JSON.stringify(value)})`);
  return n;
}

const STORES: readonly LoadStore[] = ['sqlite', 'memory', 'redis'];
const isStore = (s: string): s is LoadStore => (STORES as readonly string[]).includes(s);

function parse(argv: string[]): { options: LoadOptions; stores: LoadStore[]; json?: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        students: { type: 'string' },
        processes: { type: 'string' },
        store: { type: 'string' },
        stores: { type: 'string' },
        rounds: { type: 'string' },
        json: { type: 'string' },
        workers: { type: 'string' },
        generators: { type: 'string' },
        server: { type: 'string' },
        pack: { type: 'string' },
        'spread-ms': { type: 'string' },
        correct: { type: 'string' },
        'unique-answers': { type: 'boolean' },
        concurrency: { type: 'string' },
        addresses: { type: 'string' },
        timeout: { type: 'string' },
        'cpu-prof': { type: 'string' },
        'server-node-args': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    die(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.students === undefined) die('--students is required');
  const processes = int(values.processes, 'processes', DEFAULTS.processes);
  const clusterWorkers = int(values.workers, 'workers', DEFAULTS.clusterWorkers, 2);
  if (clusterWorkers > 0 && values.processes !== undefined) die('give --processes or --workers, not both');
  if (values.store !== undefined && values.stores !== undefined) die('give --store or --stores, not both');
  const store = values.store ?? (processes > 1 || clusterWorkers > 0 ? 'redis' : DEFAULTS.store);
  const stores = values.stores === undefined ? [store] : values.stores.split(',').map((x) => x.trim());
  for (const s of stores) if (!isStore(s)) die(`--store must be sqlite, memory or redis (got ${JSON.stringify(s)})`);
  if ((processes > 1 || clusterWorkers > 0) && stores.some((s) => s !== 'redis')) die('several processes share a room only through Redis: use --store redis');
  const server = values.server ?? DEFAULTS.server;
  if (server !== 'next' && server !== 'bare') die(`--server must be next or bare (got ${JSON.stringify(server)})`);
  const correct = values.correct === undefined ? DEFAULTS.correctShare : Number(values.correct);
  if (!(correct >= 0 && correct <= 1)) die('--correct must be between 0 and 1');
  return {
    json: values.json,
    stores: stores as LoadStore[],
    options: {
      students: int(values.students, 'students', 0),
      processes,
      store: stores[0] as LoadStore,
      rounds: int(values.rounds, 'rounds', DEFAULTS.rounds),
      generators: int(values.generators, 'generators', DEFAULTS.generators),
      clusterWorkers,
      server,
      packId: values.pack ?? DEFAULTS.packId,
      spreadMs: int(values['spread-ms'], 'spread-ms', DEFAULTS.spreadMs, 0),
      correctShare: correct,
      uniqueAnswers: values['unique-answers'] ?? false,
      concurrency: int(values.concurrency, 'concurrency', DEFAULTS.concurrency),
      addresses: int(values.addresses, 'addresses', DEFAULTS.addresses),
      eventTimeoutMs: int(values.timeout, 'timeout', DEFAULTS.eventTimeoutMs),
      cpuProfDir: values['cpu-prof'],
      serverNodeArgs: values['server-node-args']?.split(/\s+/).filter(Boolean),
      log: (line) => process.stderr.write(`[load] ${line}\n`),
    },
  };
}

async function main(): Promise<void> {
  const { options, stores, json } = parse(process.argv.slice(2));
  const controller = new AbortController();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort());
  const results: LoadResult[] = [];
  // One store after the other on the same machine, so they never compete for its cores.
  for (const store of stores) {
    if (controller.signal.aborted) break;
    const result = await runLoad({ ...options, store, signal: controller.signal });
    process.stdout.write(`${formatReport(result)}\n\n`);
    results.push(result);
  }
  if (results.length > 1) process.stdout.write(`${formatComparison(results)}\n`);
  if (json) writeFileSync(json, `${JSON.stringify(results.length === 1 ? results[0] : results, null, 2)}\n`);
  process.exit(results.length === stores.length && results.every((r) => r.ok) ? 0 : 1);
}

void main();
