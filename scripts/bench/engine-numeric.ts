/**
 * Engine benchmark, numeric part (`npm run bench:engine`, third script):
 * what numeric questions cost the server. Times grading a typed number
 * (read, compare, diagnose) on every numeric question of the built-in Week 09
 * part 2 pack, building one student's own values (seeded draws until every
 * mistake is told apart), analysing the deep network's 16-path gradient, and
 * compiling the whole pack. Timings use performance.now().
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BUILTIN_PACKS, WEEK09_PART2_PACK_ID, compilePackOrThrow } from '../../engine/quiz/pack';
import type { RuntimeQuestion } from '../../engine/quiz/runtime';

/** Timed grades per question, after warm-up. */
const GRADES = 20_000;
/** Untimed grades first (JIT). */
const WARMUP = 2_000;
/** Students whose own values are built (fresh seeds, so nothing is cached). */
const STUDENTS = 2_000;
/** Timed compilations of the whole pack. */
const COMPILES = 20;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function us(ms: number): string {
  return `${(ms * 1000).toFixed(1)} µs`;
}

function timeEach(n: number, fn: (i: number) => void): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const spec = BUILTIN_PACKS.find((p) => p.id === WEEK09_PART2_PACK_ID);
if (!spec) throw new Error('no Week 09 part 2 pack');

console.log(`numeric engine benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);

const compiles = timeEach(COMPILES, () => compilePackOrThrow(spec));
console.log(`compile the Week 09 part 2 pack (9 questions, keys, mistakes, variant check): p50 ${us(quantile(compiles, 0.5))}, max ${us(compiles.at(-1) as number)}`);

const pack = compilePackOrThrow(spec).pack;
const numeric = pack.questions.filter((q): q is RuntimeQuestion => q.type === 'numeric');
console.log('\ngrading one typed number (right, a mistake, unrelated, unreadable — in turn):');
for (const q of numeric) {
  const key = q.key(0).text;
  const answers = [key, String(Number(key) / 2), '123.456', 'abc'];
  for (let i = 0; i < WARMUP; i++) q.grade({ kind: 'numeric', text: answers[i % 4] as string }, 0);
  const t = timeEach(GRADES, (i) => q.grade({ kind: 'numeric', text: answers[i % 4] as string }, 0));
  const total = t.reduce((a, b) => a + b, 0);
  console.log(`  ${q.id.padEnd(16)} p50 ${us(quantile(t, 0.5)).padStart(9)}  p99 ${us(quantile(t, 0.99)).padStart(9)}  ${Math.round(GRADES / (total / 1000)).toLocaleString('en')} grades/s`);
}

const own = numeric.find((q) => q.hasVariants);
if (own) {
  let seed = 1_000_000;
  const t = timeEach(STUDENTS, () => own.key(seed++));
  console.log(`\nbuilding one student's own values (${own.id}, ${STUDENTS} fresh seeds): p50 ${us(quantile(t, 0.5))}, p99 ${us(quantile(t, 0.99))}, max ${us(t.at(-1) as number)}, total ${(t.reduce((a, b) => a + b, 0)).toFixed(0)} ms`);
}
