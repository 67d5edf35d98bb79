/**
 * Engine benchmark, first half (`npm run bench:engine`): exact path counting on
 * a 100-layer × 100-wide fully connected network, and answer-key generation
 * for the lecture's targets. Prints plain numbers; timings use performance.now().
 */
import { performance } from 'node:perf_hooks';
import type { Target } from '../../engine/types';
import type { Network } from '../../engine/network';
import { getBuiltinNetwork } from '../../engine/builtins';
import { layeredNetwork } from '../../engine/generators';
import { countPaths, pathCountsByNeuron } from '../../engine/paths';
import { answerKey, derivationSteps } from '../../engine/key';
import { parseTarget } from '../../engine/target';

const COUNT_RUNS = 9;
const KEY_ITERATIONS = 5_000;
const KEY_WARMUP = 500;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function ms(x: number): string {
  return `${x.toFixed(3)} ms`;
}

function us(x: number): string {
  return `${(x * 1000).toFixed(1)} µs`;
}

function target(text: string): Target {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

// --- path counting on 100 × 100 -------------------------------------------------
let t0 = performance.now();
const { network: fc, layers } = layeredNetwork(new Array<number>(100).fill(100), { numbering: 'from-loss' });
const buildMs = performance.now() - t0;
const deepest: Target = { kind: 'neuron', neuron: (layers[99] as number[])[0] as number };

t0 = performance.now();
const first = countPaths(fc, deepest);
const firstMs = performance.now() - t0;
if (first !== 100n ** 99n) throw new Error('wrong count for the 100 × 100 network');

const runs: number[] = [];
for (let i = 0; i < COUNT_RUNS; i++) {
  t0 = performance.now();
  countPaths(fc, deepest);
  runs.push(performance.now() - t0);
}
runs.sort((a, b) => a - b);
t0 = performance.now();
pathCountsByNeuron(fc);
const allMs = performance.now() - t0;

console.log('engine-paths benchmark');
console.log(
  `100 × 100 fully connected network: ${fc.neurons.length} neurons, ${fc.edges.length} edges (built in ${ms(buildMs)})`,
);
console.log(`  paths from E to a layer-100 neuron: 100^99 ≈ 1e198 (${first.toString().length} digits)`);
console.log(`  countPaths first call (incl. building the dense index): ${ms(firstMs)}`);
console.log(
  `  countPaths median of ${COUNT_RUNS}: ${ms(quantile(runs, 0.5))} (min ${ms(runs[0] as number)}, max ${ms(runs[runs.length - 1] as number)})`,
);
console.log(`  pathCountsByNeuron (all 10,000 neurons, one pass): ${ms(allMs)}`);

// --- answer keys for the lecture targets ---------------------------------------
const net1 = getBuiltinNetwork('week09-net1') as Network;
const net2 = getBuiltinNetwork('week09-net2') as Network;
const cases: [string, Network, string][] = [
  ['I.1', net1, 'n4'],
  ['I.2', net1, 'w_{2,5}'],
  ['I.3', net1, '(v_{1,1})_d'],
  ['I.4', net1, '(x_2)_d'],
  ['II.1', net2, '(v_{2,2})_d'],
  ['II.2', net2, 'w_{2,4}'],
  ['II.3', net2, 'n1'],
];

console.log(
  `answer keys (answerKey: count + expanded + factored; then derivationSteps), ${KEY_ITERATIONS} iterations each:`,
);
const all: number[] = [];
const allSteps: number[] = [];
for (const [name, net, text] of cases) {
  const t = target(text);
  for (let i = 0; i < KEY_WARMUP; i++) {
    answerKey(net, t);
    derivationSteps(net, t);
  }
  const keyTimes: number[] = [];
  const stepTimes: number[] = [];
  for (let i = 0; i < KEY_ITERATIONS; i++) {
    let s = performance.now();
    answerKey(net, t);
    keyTimes.push(performance.now() - s);
    s = performance.now();
    derivationSteps(net, t);
    stepTimes.push(performance.now() - s);
  }
  keyTimes.sort((a, b) => a - b);
  stepTimes.sort((a, b) => a - b);
  all.push(...keyTimes);
  allSteps.push(...stepTimes);
  console.log(
    `  ${name.padEnd(5)} ${text.padEnd(12)} key p50 ${us(quantile(keyTimes, 0.5))}  p99 ${us(quantile(keyTimes, 0.99))}` +
      `   steps p50 ${us(quantile(stepTimes, 0.5))}  p99 ${us(quantile(stepTimes, 0.99))}`,
  );
}
all.sort((a, b) => a - b);
allSteps.sort((a, b) => a - b);
console.log(
  `  all   key p50 ${us(quantile(all, 0.5))}  p99 ${us(quantile(all, 0.99))}   steps p50 ${us(quantile(allSteps, 0.5))}  p99 ${us(quantile(allSteps, 0.99))}`,
);
