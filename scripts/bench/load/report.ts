/** Prints a load run as plain-text tables (the JSON file has everything). */
import type { LoopDelay } from './messages';
import type { LoadResult } from './run';
import { fmtMB, fmtMs, type Summary } from './stats';

/** Stalls listed with where to find them in the CPU profile (with --cpu-prof). */
const STALLS_LISTED = 6;
const row = (label: string, s: Summary, gen?: LoopDelay) =>
  `  ${label.padEnd(34)} ${fmtMs(s.p50).padStart(9)} ${fmtMs(s.p99).padStart(9)} ${fmtMs(s.max).padStart(9)}   n=${String(s.n).padEnd(6)}${gen ? ` generator loop p99 ${fmtMs(gen.p99)} max ${fmtMs(gen.max)}` : ''}`;

/** The worst generator loop delay over the windows whose label passes `pick`. */
function worst(loop: Record<string, LoopDelay>, pick: (label: string) => boolean): LoopDelay | undefined {
  const ds = Object.entries(loop).filter(([k]) => pick(k)).map(([, d]) => d);
  return ds.length ? { p99: Math.max(...ds.map((d) => d.p99)), max: Math.max(...ds.map((d) => d.max)) } : undefined;
}

/** The human-readable summary of a run. */
export function formatReport(r: LoadResult): string {
  const o = r.options;
  const lines: string[] = [];
  lines.push(
    `gradflow load: ${o.students} students, ${o.clusterWorkers > 0 ? `one server with GRADFLOW_WORKERS=${o.clusterWorkers}` : `${o.processes} process(es)`}, store ${o.store}, ${o.rounds} round(s) (spread ${o.spreadMs} ms + burst), ${r.generator.processes} generator process(es), server ${o.server}, ${o.uniqueAnswers ? 'every answer a distinct string' : 'answers in the written forms a class uses'}`,
  );
  lines.push(`machine: ${r.machine.nproc} × ${r.machine.model}, ${r.machine.ramGB} GB RAM, node ${r.machine.node}; load average start ${r.load.start.toFixed(2)}, mean ${r.load.mean.toFixed(2)}, max ${r.load.max.toFixed(2)}`);
  lines.push('');
  lines.push(
    `join: ${r.join.joined}/${o.students} joined in ${fmtMs(r.join.allMs)} from ${o.addresses} source address(es) (${r.join.failed} failed; ${r.join.rateLimitedRetries} joins answered rate/limited and retried)`,
  );
  lines.push(`  ${''.padEnd(34)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'max'.padStart(9)}`);
  const g = r.generator.loop;
  const qs = (pattern: string) => new Set(r.questions.filter((q) => pattern === '' || q.pattern === pattern).map((q) => String(q.index)));
  const inWindow = (kind: string, set: Set<string>) => (k: string) => k.startsWith(`${kind}:`) && set.has(k.slice(kind.length + 1));
  const all = qs('');
  lines.push(row('join (connect → ack)', r.join.each, g.join));
  lines.push(row('lock fan-out (first broadcast)', r.fanout.lock, g.lock));
  lines.push(row('question fan-out (send → receipt)', r.fanout.question, worst(g, inWindow('answering', all))));
  lines.push(row('reveal fan-out', r.fanout.reveal, worst(g, inWindow('revealing', all))));
  lines.push(row('verdict (reveal send → player:me)', r.fanout.verdict, worst(g, inWindow('revealing', all))));
  lines.push(row('leaderboard fan-out', r.fanout.leaderboard, worst(g, (k) => k.startsWith('between:') && k !== 'between:0')));
  lines.push(row('final fan-out', r.fanout.final, worst(g, (k) => k === `between:${r.questions.length}`)));
  lines.push(row('answer ack, spread', r.ack.spread, worst(g, inWindow('answering', qs('spread')))));
  lines.push(row('answer ack, burst', r.ack.burst, worst(g, inWindow('answering', qs('burst')))));
  lines.push('');
  lines.push('per question:');
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  for (const q of r.questions) {
    lines.push(
      `  q${String(q.index).padEnd(2)} ${q.type.padEnd(10)} ${q.pattern.padEnd(6)} fan-out p99 ${fmtMs(q.fanout.p99).padStart(8)}  ack p50 ${fmtMs(q.ack.p50).padStart(8)} p99 ${fmtMs(q.ack.p99).padStart(8)}  verdict p99 ${fmtMs(q.verdict.p99).padStart(8)}${q.drainMs !== null ? `  burst drained in ${fmtMs(q.drainMs)}` : ''}`,
    );
    lines.push(
      `      generator loop p99/max: answering ${fmtMs(g[`answering:${q.index}`]?.p99 ?? Number.NaN)}/${fmtMs(g[`answering:${q.index}`]?.max ?? Number.NaN)}, revealing ${fmtMs(g[`revealing:${q.index}`]?.p99 ?? Number.NaN)}/${fmtMs(g[`revealing:${q.index}`]?.max ?? Number.NaN)}\n` +
        `      server: answering ${fmtMs(q.answering.wallMs)} busy ${pct(q.answering.utilization)} CPU ${fmtMs(q.answering.cpuMs)} worst loop delay ${fmtMs(q.answering.delayMaxMs)}; revealing ${fmtMs(q.revealing.wallMs)} busy ${pct(q.revealing.utilization)} CPU ${fmtMs(q.revealing.cpuMs)} worst loop delay ${fmtMs(q.revealing.delayMaxMs)}`,
    );
  }
  const windows = Object.entries(r.serverWindows);
  if (windows.length > 0) {
    const boards = windows.filter(([k]) => k.startsWith('leaderboard:')).map(([, w]) => w.delayMaxMs);
    const named = windows.filter(([k]) => !k.startsWith('leaderboard:')).map(([k, w]) => `${k} ${fmtMs(w.delayMaxMs)}`);
    if (boards.length > 0) named.push(`leaderboards ${fmtMs(Math.min(...boards))}–${fmtMs(Math.max(...boards))}`);
    const everyWindow = [...windows.map(([, w]) => w.delayMaxMs), ...r.questions.flatMap((q) => [q.answering.delayMaxMs, q.revealing.delayMaxMs])];
    lines.push(`  server worst loop delay outside questions: ${named.join(', ')}; worst in the whole run ${fmtMs(Math.max(...everyWindow))}`);
    if (r.options.cpuProfDir) {
      // Where to look in the profile: each window's worst stall, longest first.
      const all = [...windows, ...r.questions.flatMap((q) => [[`answering:${q.index}`, q.answering] as const, [`revealing:${q.index}`, q.revealing] as const])];
      lines.push(`  the worst stalls in the CPU profiles in ${r.options.cpuProfDir} (npx tsx scripts/bench/load/hot-frames.ts CPU.*.<pid>.0.*.cpuprofile --at FROM:TO):`);
      for (const [k, w] of [...all].sort((a, b) => b[1].delayMaxMs - a[1].delayMaxMs).slice(0, STALLS_LISTED)) {
        lines.push(`    ${k.padEnd(14)} ${fmtMs(w.delayMaxMs).padStart(8)}  pid ${w.pid} --at ${Math.round(w.worstStallEndUs - w.delayMaxMs * 1000)}:${Math.round(w.worstStallEndUs)}`);
      }
    }
  }
  lines.push('');
  lines.push(`messages: ${r.messages.expectedPerStudent} expected per student; lost ${r.messages.lost}, duplicated ${r.messages.duplicated}, unexpected ${r.messages.unexpected}; answers refused ${r.ack.refused}`);
  for (const e of r.messages.examples) lines.push(`  e.g. ${e}`);
  if (r.primary) lines.push(`primary (pid ${r.primary.pid}, routes connections to the workers): CPU total ${(r.primary.cpuMs / 1000).toFixed(2)} s, peak RSS ${fmtMB(r.primary.peakRss)}`);
  for (const s of r.servers) {
    lines.push(
      `${r.primary ? `worker ${s.index} (pid ${s.pid}): ${s.students} sockets opened (students, and the host's on one)` : `server ${s.index}: ${s.students} students`}; heap idle ${fmtMB(s.idle.heapUsed)} → joined ${fmtMB(s.joined.heapUsed)} → end ${fmtMB(s.end.heapUsed)}; RSS joined ${fmtMB(s.joined.rss)}, peak ${fmtMB(s.peakRss)}; CPU join ${(s.cpu.joinMs / 1000).toFixed(2)} s, game ${(s.cpu.gameMs / 1000).toFixed(2)} s, total ${(s.cpu.totalMs / 1000).toFixed(2)} s`,
    );
  }
  lines.push(`live heap (after a full GC) per connected student: ${(r.heapPerStudent / 1024).toFixed(1)} KB`);
  lines.push(`generators: ${r.generator.processes} process(es), worst own event-loop p99 in any window ${fmtMs(r.generator.loopP99Max)}`);
  lines.push(`generator CPU ${(r.generator.cpuMs / 1000).toFixed(2)} s${r.redis ? `; redis CPU ${(r.redis.cpuMs / 1000).toFixed(2)} s, memory ${fmtMB(r.redis.usedMemory)}` : ''}; run took ${(r.durationMs / 1000).toFixed(1)} s`);
  lines.push('');
  lines.push(r.ok ? 'OK: every student joined, answered and got every message exactly once.' : `FAILED:\n${r.errors.map((e) => `  - ${e}`).join('\n')}`);
  return lines.join('\n');
}

/** The stores of several runs side by side: ack, burst drain, reveal and verdict latencies, and the burst ack p99 against the last run's. */
export function formatComparison(results: readonly LoadResult[]): string {
  const drain = (r: LoadResult) => Math.max(...r.questions.map((q) => q.drainMs ?? Number.NEGATIVE_INFINITY));
  const rows: [string, (r: LoadResult) => number][] = [
    ['answer ack, spread p50', (r) => r.ack.spread.p50],
    ['answer ack, spread p99', (r) => r.ack.spread.p99],
    ['answer ack, burst p50', (r) => r.ack.burst.p50],
    ['answer ack, burst p99', (r) => r.ack.burst.p99],
    ['burst drained (slowest burst)', drain],
    ['reveal fan-out p50', (r) => r.fanout.reveal.p50],
    ['reveal fan-out p99', (r) => r.fanout.reveal.p99],
    ['verdict p50', (r) => r.fanout.verdict.p50],
    ['verdict p99', (r) => r.fanout.verdict.p99],
  ];
  const lines = [`stores side by side (${results[0]?.options.students ?? 0} students each, one run after the other):`];
  lines.push(`  ${''.padEnd(32)}${results.map((r) => r.options.store.padStart(10)).join('')}`);
  for (const [label, get] of rows) lines.push(`  ${label.padEnd(32)}${results.map((r) => fmtMs(get(r)).padStart(10)).join('')}`);
  const base = results[results.length - 1];
  if (base) {
    for (const r of results.slice(0, -1)) {
      const ratio = r.ack.burst.p99 / base.ack.burst.p99;
      lines.push(`  burst ack p99: ${r.options.store} is ${Math.round(ratio * 100)}% of ${base.options.store}'s (${ratio <= 1.2 ? 'within' : 'over'} the 20% target)`);
    }
  }
  return lines.join('\n');
}
