/**
 * Network generators: fully connected layered networks (for "how many paths /
 * factors for a neuron in layer k" questions and benchmarks) and seeded random
 * DAGs (for variants and property tests). Every generated network is valid:
 * every neuron reaches E.
 */
import type { Edge } from './types';
import { createRng } from './rng';
import type { Rng } from './rng';
import type { InputConnection, Network } from './network';
import { MAX_NEURONS, networkFromPartsOrThrow, neuronId } from './network';

/**
 * How layers are numbered. `from-loss` (the lecture's convention): layer 1 is
 * the output layer feeding E, layer L the one taking the network inputs.
 * `from-input`: layer 1 takes the inputs, layer L feeds E.
 */
export const LAYER_NUMBERINGS = ['from-loss', 'from-input'] as const;

/** A layer numbering convention (see `LAYER_NUMBERINGS`). */
export type LayerNumbering = (typeof LAYER_NUMBERINGS)[number];

/** A layered network with its layers. */
export interface LayeredNetwork {
  readonly network: Network;
  /** The numbering used for `layers` and `layerOf`. */
  readonly numbering: LayerNumbering;
  /** `layers[j - 1]` lists the neurons of layer j (ascending) in this numbering. */
  readonly layers: readonly (readonly number[])[];
  /** Neuron → its layer number in this numbering. */
  readonly layerOf: ReadonlyMap<number, number>;
}

/**
 * A fully connected layered network. `widths[j - 1]` is the width of layer j
 * in the chosen numbering, so with `from-loss` `widths[0]` is the output
 * layer. Neurons are numbered `n1, n2, …` from the input side, left to right;
 * each input-side neuron `n_i` takes its own input `x_i`; every neuron of the
 * layer nearest the loss is an output.
 * @example layeredNetwork([2, 3, 2], { numbering: 'from-loss' }) // outputs n6, n7; inputs into n1, n2
 */
export function layeredNetwork(
  widths: readonly number[],
  options: { readonly numbering: LayerNumbering; readonly name?: string },
): LayeredNetwork {
  if (widths.length === 0) throw new RangeError('a layered network needs at least one layer');
  if (widths.some((w) => !Number.isInteger(w) || w < 1))
    throw new RangeError('layer widths must be positive integers');
  const totalNeurons = widths.reduce((a, b) => a + b, 0);
  if (totalNeurons > MAX_NEURONS)
    throw new RangeError(`at most ${MAX_NEURONS} neurons (asked for ${totalNeurons})`);
  const numbering = options.numbering;
  // Physical rows from the input side (row 0) to the loss side.
  const rowWidths = numbering === 'from-input' ? [...widths] : [...widths].reverse();
  const rows: number[][] = [];
  let next = 1;
  for (const w of rowWidths) {
    const row: number[] = [];
    for (let i = 0; i < w; i++) row.push(next++);
    rows.push(row);
  }
  const edges: Edge[] = [];
  for (let r = 0; r + 1 < rows.length; r++) {
    for (const from of rows[r] as number[])
      for (const to of rows[r + 1] as number[]) edges.push({ from, to });
  }
  const bottom = rows[0] as number[];
  const top = rows[rows.length - 1] as number[];
  const inputs: InputConnection[] = bottom.map((neuron, i) => ({ input: i + 1, neuron }));
  const layersFromLoss = [...rows].reverse();
  const network = networkFromPartsOrThrow({
    name: options.name ?? `Layered ${describeWidths(widths)} (${numbering})`,
    // Explicit so that a single layer (no edges) is still a network.
    neurons: rows.flat(),
    inputs,
    edges,
    outputs: top,
    hints: { layers: layersFromLoss.map((row) => row.map(neuronId)) },
  });
  const layers = numbering === 'from-loss' ? layersFromLoss : rows;
  const layerOf = new Map<number, number>();
  layers.forEach((row, j) => row.forEach((id) => layerOf.set(id, j + 1)));
  return { network, numbering, layers, layerOf };
}

/** Short description of layer widths: `2, 3, 2` or `100 layers × 100`. */
function describeWidths(widths: readonly number[]): string {
  const first = widths[0] as number;
  if (widths.length > 1 && widths.every((w) => w === first)) return `${widths.length} layers × ${first}`;
  return widths.length <= 8
    ? widths.join(', ')
    : `${widths.slice(0, 8).join(', ')}, … (${widths.length} layers)`;
}

/** Options for `randomNetwork`. */
export interface RandomNetworkOptions {
  /** Total neurons (≥ depth). */
  readonly neurons: number;
  /** Number of layers (≥ 1). */
  readonly depth: number;
  /** Probability of each edge between adjacent layers, in [0, 1]. */
  readonly density: number;
  /** Probability of each edge skipping one or more layers (including input → higher layer), in [0, 1]. */
  readonly skipConnections: number;
  /** Number of network inputs (≥ 1). */
  readonly inputs: number;
  /** Number of neurons in the layer nearest the loss, all outputs (≥ 1). */
  readonly outputs: number;
  /** Probability that a neuron below the top layer also feeds E directly, in [0, 1]. Default 0. */
  readonly innerOutputs?: number;
  /** Shuffle neuron numbers so they do not follow the layers. Default false. */
  readonly shuffleIds?: boolean;
  /** Display name; defaults to one naming the seed. */
  readonly name?: string;
}

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1]`);
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * A random layered DAG, deterministic given the seed and always valid:
 * every neuron reaches E, every neuron above the bottom layer has an input
 * neuron, every input feeds something and every bottom neuron is fed by an input.
 * @example randomNetwork(7, { neurons: 8, depth: 3, density: 0.5, skipConnections: 0.1, inputs: 2, outputs: 2 })
 */
export function randomNetwork(seed: number, options: RandomNetworkOptions): Network {
  const { neurons, depth, density, skipConnections, inputs, outputs } = options;
  const innerOutputs = options.innerOutputs ?? 0;
  for (const [name, v] of Object.entries({ neurons, depth, inputs, outputs })) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  if (neurons > MAX_NEURONS) throw new RangeError(`at most ${MAX_NEURONS} neurons`);
  checkProbability('density', density);
  checkProbability('skipConnections', skipConnections);
  checkProbability('innerOutputs', innerOutputs);
  if (depth === 1 ? neurons !== outputs : neurons < outputs + depth - 1) {
    throw new RangeError('need neurons ≥ outputs + depth − 1 (and neurons = outputs for depth 1)');
  }
  const rng = createRng(seed);

  // Row widths from the input side; the top row holds the outputs.
  const widths = new Array<number>(depth).fill(1);
  widths[depth - 1] = outputs;
  for (let spare = neurons - outputs - (depth - 1); spare > 0; spare--) widths[rng.int(0, depth - 2)]! += 1;
  const ids = Array.from({ length: neurons }, (_, i) => i + 1);
  if (options.shuffleIds) shuffle(rng, ids);
  const rows: number[][] = [];
  let k = 0;
  for (const w of widths) rows.push(ids.slice(k, (k += w)));

  const succ = new Map<number, Set<number>>(ids.map((id) => [id, new Set()]));
  const hasPred = new Set<number>();
  const link = (from: number, to: number): void => {
    (succ.get(from) as Set<number>).add(to);
    hasPred.add(to);
  };
  for (let r = 0; r < depth; r++) {
    for (let s = r + 1; s < depth; s++) {
      const p = s === r + 1 ? density : skipConnections;
      if (p === 0) continue;
      for (const from of rows[r] as number[])
        for (const to of rows[s] as number[]) if (rng.next() < p) link(from, to);
    }
  }
  const outputSet = new Set<number>(rows[depth - 1]);
  for (let r = 0; r < depth - 1; r++) {
    for (const id of rows[r] as number[])
      if (innerOutputs > 0 && rng.next() < innerOutputs) outputSet.add(id);
  }
  // Repairs: everything below the top feeds something (or is an output); everything above the bottom is fed.
  for (let r = 0; r < depth - 1; r++) {
    for (const id of rows[r] as number[]) {
      if ((succ.get(id) as Set<number>).size === 0 && !outputSet.has(id))
        link(id, rng.pick(rows[r + 1] as number[]));
    }
  }
  for (let r = 1; r < depth; r++) {
    for (const id of rows[r] as number[]) if (!hasPred.has(id)) link(rng.pick(rows[r - 1] as number[]), id);
  }

  // Inputs: x_l feeds bottom neurons (each bottom neuron fed at least once, each input used), plus skip inputs.
  const bottom = rows[0] as number[];
  const conn = new Map<number, Set<number>>();
  const feed = (input: number, neuron: number): void => {
    let set = conn.get(input);
    if (!set) conn.set(input, (set = new Set()));
    set.add(neuron);
  };
  for (let l = 1; l <= inputs; l++) feed(l, bottom[(l - 1) % bottom.length] as number);
  for (const id of bottom) {
    if (![...conn.values()].some((set) => set.has(id))) feed(rng.int(1, inputs), id);
  }
  for (let l = 1; l <= inputs; l++) {
    for (const id of bottom) if (rng.next() < density / 4) feed(l, id);
    for (let r = 1; r < depth; r++)
      for (const id of rows[r] as number[]) if (rng.next() < skipConnections / 4) feed(l, id);
  }

  const edges: Edge[] = [];
  for (const [from, tos] of succ) for (const to of tos) edges.push({ from, to });
  const inputConnections: InputConnection[] = [];
  for (const [input, set] of conn) for (const neuron of set) inputConnections.push({ input, neuron });
  return networkFromPartsOrThrow({
    name: options.name ?? `Random network (seed ${seed})`,
    neurons: [...ids].sort((a, b) => a - b),
    inputs: inputConnections,
    edges,
    outputs: [...outputSet],
    hints: { layers: [...rows].reverse().map((row) => row.map(neuronId)) },
  });
}
