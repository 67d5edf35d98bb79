/**
 * Hot frames of a V8 CPU profile (as written by `--cpu-prof`, e.g. by
 * `npm run bench:load -- --cpu-prof DIR`): the functions with the most self
 * time and the most total (inclusive) time.
 *
 *   npx tsx scripts/bench/load/hot-frames.ts DIR/CPU.….cpuprofile [--top 30] [--filter text]
 *     [--timeline MS]     busy time per MS-long slice (find the spikes)
 *     [--window FROM:TO]  only samples between FROM and TO ms after the profile started
 *     [--at FROM:TO]      only samples between FROM and TO on the monotonic clock in µs (the profile's own clock; the
 *                         load bench lists its worst stalls this way with --cpu-prof)
 *     [--stretches MS]    every stretch of MS ms or more without an idle sample (a stall, or turns back to back),
 *                         with the project's own frames, GC and writev inside it (or those matching --filter)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string' }, filter: { type: 'string' }, timeline: { type: 'string' }, window: { type: 'string' }, at: { type: 'string' }, stretches: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: tsx scripts/bench/load/hot-frames.ts FILE.cpuprofile [--top N] [--filter TEXT] [--timeline MS] [--window FROM:TO | --at FROM_US:TO_US] [--stretches MS]\n');
  process.exit(2);
}
const top = Number(values.top ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const root = path.resolve(__dirname, '../../..');
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const where = f.url ? `${f.url.replace(/^file:\/\//, '').replace(`${root}/`, '')}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'} ${where}`.trim();
};

// --at takes the monotonic clock in µs, as the profile's own timestamps and the load bench's stall list.
const [from, to] = values.at
  ? (values.at.split(':').map((us) => (Number(us) - profile.startTime) / 1000) as [number, number])
  : ((values.window ?? '0:Infinity').split(':').map(Number) as [number, number]);
const slice = Number(values.timeline ?? 0);
const busyBySlice = new Map<number, number>();
const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
let at = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i] ?? 0) / 1000;
  at += dt;
  if (at < from || at > to) return;
  all += dt;
  const node = byId.get(id);
  if (!node) return;
  const name = node.callFrame.functionName;
  if (slice > 0 && name !== '(idle)' && name !== '(program)') {
    const k = Math.floor(at / slice);
    busyBySlice.set(k, (busyBySlice.get(k) ?? 0) + dt);
  }
  self.set(label(node), (self.get(label(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const key = label(byId.get(cur) as ProfileNode);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + dt);
  }
});

const idle = (self.get('(idle)') ?? 0) + (self.get('(program)') ?? 0);
const print = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  const rows = [...m.entries()].filter(([k]) => !values.filter || k.includes(values.filter)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, ms] of rows) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms ${((ms / all) * 100).toFixed(1).padStart(5)}%  ${k}\n`);
};
process.stdout.write(`${file}: ${(all / 1000).toFixed(2)} s sampled, ${(idle / 1000).toFixed(2)} s idle or (program)\n`);
if (slice > 0) {
  process.stdout.write(`\nbusy ms per ${slice} ms slice (from the profile's start)\n`);
  for (const [k, ms] of [...busyBySlice.entries()].sort((a, b) => a[0] - b[0])) {
    if (ms >= slice * 0.2) process.stdout.write(`${String(k * slice).padStart(8)} ms ${ms.toFixed(0).padStart(6)} ${'#'.repeat(Math.round((ms / slice) * 40))}\n`);
  }
}
print('self time', self);
print('total time (inclusive)', total);

// Stretches without an idle sample: where the event loop never waited, so nothing else (a ping, a timer) got a turn
// unless the stretch was several turns back to back.
const stretchMs = Number(values.stretches ?? 0);
if (stretchMs > 0) {
  // By default the project's own frames (not node_modules), the garbage collector and socket writes.
  const shown = (key: string) =>
    values.filter ? key.includes(values.filter) : (/\.(ts|tsx) ?:/.test(key) && !key.includes('node_modules')) || key.startsWith('(garbage collector)') || key.startsWith('writev');
  process.stdout.write(`\nbusy stretches of ${stretchMs} ms or more, with ${values.filter ? `the frames matching "${values.filter}"` : "the project's own frames, GC and writev"} (inclusive share)\n`);
  let t = 0;
  let cur: { start: number; end: number; ids: number[] } | null = null;
  const stretches: { start: number; end: number; ids: number[] }[] = [];
  profile.samples.forEach((id, i) => {
    t += (profile.timeDeltas[i] ?? 0) / 1000;
    if (t < from || t > to) return;
    if (byId.get(id)?.callFrame.functionName === '(idle)') {
      if (cur) stretches.push(cur);
      cur = null;
      return;
    }
    cur ??= { start: t, end: t, ids: [] };
    cur.end = t;
    cur.ids.push(id);
  });
  for (const r of stretches.filter((r) => r.end - r.start >= stretchMs)) {
    const share = new Map<string, number>();
    for (const id of r.ids) {
      const seen = new Set<string>();
      for (let c: number | undefined = id; c !== undefined; c = parent.get(c)) {
        const key = label(byId.get(c) as ProfileNode);
        if (seen.has(key) || !shown(key)) continue;
        seen.add(key);
        share.set(key, (share.get(key) ?? 0) + 1);
      }
    }
    process.stdout.write(`\n${r.start.toFixed(0).padStart(8)} ms  ${(r.end - r.start).toFixed(0)} ms busy\n`);
    for (const [k, n] of [...share.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
      process.stdout.write(`   ${((n / r.ids.length) * 100).toFixed(0).padStart(3)}%  ${k}\n`);
    }
  }
}
