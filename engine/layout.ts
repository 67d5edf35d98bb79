/**
 * Deterministic layered 2-D layout for drawing a network as SVG: E at the
 * top, neuron layers below it numbered from the loss (layer 1 feeds E), the
 * network inputs at the bottom — so the gradient "walks upwards" the page in
 * reverse, from E down to the inputs. Coordinates are abstract units with y
 * pointing down (SVG convention): one unit between neighbours and between rows.
 */
import type { Network } from './network';
import { inputId, neuronId, parseInputId, parseNeuronId, predecessorsOf, successorsOf } from './network';
import { inputEdgeId, lossEdgeId, neuronEdgeId } from './paths';
import type { Rng } from './rng';
import { createRng } from './rng';

/** Horizontal distance between neighbouring nodes in a row. */
export const LAYOUT_NODE_SPACING = 1;
/** Vertical distance between rows. */
export const LAYOUT_ROW_SPACING = 1;
/** Empty border around the drawing. */
export const LAYOUT_MARGIN = 0.5;
/** Barycentre sweeps (each one down and one up) used to reduce crossings. */
export const LAYOUT_SWEEPS = 12;
/** Above this many drawn edges, crossings are not counted (quadratic) and the last sweep is kept. */
export const LAYOUT_MAX_COUNTED_EDGES = 3_000;
/** Above this many drawn edges, the adjacent-swap refinement (many recounts) is skipped. */
export const LAYOUT_MAX_TRANSPOSE_EDGES = 400;
/** Most passes of the adjacent-swap refinement. */
export const LAYOUT_TRANSPOSE_PASSES = 8;
/** Extra seeded random starting orders tried (small networks only). */
export const LAYOUT_RESTARTS = 6;
/** Seed of the restarts, so a layout is a pure function of the network. */
const LAYOUT_SEED = 0x1a70;

/** The id of the loss node in a layout. */
export const LOSS_NODE_ID = 'E';

/** What a drawn node is. */
export type LayoutNodeKind = 'loss' | 'neuron' | 'input';

/** A drawn node. */
export interface LayoutNode {
  /** `E`, `n3` or `x1`. */
  readonly id: string;
  readonly kind: LayoutNodeKind;
  /** Neuron or input index; `null` for E. */
  readonly index: number | null;
  readonly x: number;
  readonly y: number;
  /** Row numbered from the loss: E is 0, neuron layers 1…L, inputs L + 1. */
  readonly layer: number;
  /** Plain-text label (`n_3`, `x_1`, `E`, or the spec's `labels` hint). */
  readonly label: string;
  /** LaTeX label (`n_{3}`, `x_{1}`, `E`, or the hint). */
  readonly latex: string;
}

/** A drawn edge, in the forward direction. */
export interface LayoutEdge {
  /** Edge id as in `allEdgeIds`: `n3-n6`, `n6-E`, `x2-n2`. */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: LayoutNodeKind;
}

/** A complete layout. */
export interface NetworkLayout {
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly width: number;
  readonly height: number;
  /** Number of neuron layers L. */
  readonly layers: number;
  /** Edge crossings in the computed order (`null` when not counted: too many edges). */
  readonly crossings: number | null;
}

/** Layer of every neuron, numbered from the loss. */
function assignLayers(net: Network): Map<number, number> {
  const layer = new Map<number, number>();
  const hint = net.spec.layers;
  if (hint) {
    hint.forEach((row, i) => row.forEach((id) => layer.set(parseNeuronId(id) as number, i + 1)));
    return layer;
  }
  // Longest path to E: a neuron sits one row below the highest-numbered neuron it feeds.
  const order = net.topologicalOrder;
  for (let i = order.length - 1; i >= 0; i--) {
    const k = order[i] as number;
    let l = 1;
    for (const s of successorsOf(net, k)) l = Math.max(l, (layer.get(s) as number) + 1);
    layer.set(k, l);
  }
  // Neurons fed only by network inputs drop to the bottom row, next to their inputs.
  const bottom = Math.max(1, ...layer.values());
  for (const k of net.neurons) {
    if (predecessorsOf(net, k).length === 0 && (net.inputsOfNeuron.get(k)?.length ?? 0) > 0)
      layer.set(k, bottom);
  }
  return layer;
}

/**
 * Lays a network out in rows (E on top, inputs at the bottom), ordering each
 * row by barycentre sweeps to reduce edge crossings. Deterministic; respects
 * the spec's `layers` (rows; their order is the starting order) and `positions` (fixed points) hints.
 * @example layoutNetwork(getBuiltinNetwork('week09-net1')!).nodes.find((n) => n.id === 'E')?.y // 0.5
 */
export function layoutNetwork(net: Network): NetworkLayout {
  const layerOf = assignLayers(net);
  const L = Math.max(1, ...layerOf.values());
  const inputRow = L + 1;
  const hinted = net.spec.layers !== undefined;

  // Rows of node ids: 0 = E, 1..L neurons, L + 1 inputs.
  const rows: string[][] = Array.from({ length: L + 2 }, () => []);
  (rows[0] as string[]).push(LOSS_NODE_ID);
  if (hinted) {
    net.spec.layers?.forEach((row, i) => (rows[i + 1] as string[]).push(...row));
  } else {
    for (const k of net.neurons) (rows[layerOf.get(k) as number] as string[]).push(neuronId(k));
  }
  for (const l of net.inputIndices) (rows[inputRow] as string[]).push(inputId(l));

  const rowOf = new Map<string, number>();
  rows.forEach((row, r) => row.forEach((id) => rowOf.set(id, r)));

  const edges: LayoutEdge[] = [
    ...net.inputs.map((c): LayoutEdge => ({
      id: inputEdgeId(c.input, c.neuron),
      from: inputId(c.input),
      to: neuronId(c.neuron),
      kind: 'input',
    })),
    ...net.edges.map((e): LayoutEdge => ({
      id: neuronEdgeId(e.from, e.to),
      from: neuronId(e.from),
      to: neuronId(e.to),
      kind: 'neuron',
    })),
    ...net.outputs.map((o): LayoutEdge => ({
      id: lossEdgeId(o),
      from: neuronId(o),
      to: LOSS_NODE_ID,
      kind: 'loss',
    })),
  ];

  // Neighbours above (towards E) and below (towards the inputs) of each node.
  const above = new Map<string, string[]>();
  const below = new Map<string, string[]>();
  for (const id of rowOf.keys()) {
    above.set(id, []);
    below.set(id, []);
  }
  for (const e of edges) {
    (above.get(e.from) as string[]).push(e.to);
    (below.get(e.to) as string[]).push(e.from);
  }

  const maxCount = Math.max(...rows.map((r) => r.length));
  // Dense node numbering so crossing counts run on typed arrays.
  const nodeIndex = new Map<string, number>();
  rows.forEach((row) => row.forEach((id) => nodeIndex.set(id, nodeIndex.size)));
  const rowAt = new Float64Array(nodeIndex.size);
  for (const [id, i] of nodeIndex) rowAt[i] = rowOf.get(id) as number;
  const segA = Int32Array.from(edges, (e) => nodeIndex.get(e.from) as number);
  const segB = Int32Array.from(edges, (e) => nodeIndex.get(e.to) as number);
  const xOf = (order: string[][]): Float64Array => {
    const x = new Float64Array(nodeIndex.size);
    for (const row of order) {
      const offset = (maxCount - row.length) / 2;
      row.forEach(
        (id, i) => (x[nodeIndex.get(id) as number] = LAYOUT_MARGIN + (offset + i) * LAYOUT_NODE_SPACING),
      );
    }
    return x;
  };
  const countCrossings = (order: string[][]): number => countSegmentCrossings(xOf(order), rowAt, segA, segB);

  const counted = edges.length <= LAYOUT_MAX_COUNTED_EDGES;
  const refine = edges.length <= LAYOUT_MAX_TRANSPOSE_EDGES;
  const reorder = (current: string[][], r: number, neighbours: Map<string, string[]>): string[][] => {
    const x = xOf(current);
    const at = (id: string): number => x[nodeIndex.get(id) as number] as number;
    const row = current[r] as string[];
    const keyed = row.map((id, i) => {
      const ns = neighbours.get(id) as string[];
      const bary = ns.length > 0 ? ns.reduce((acc, n) => acc + at(n), 0) / ns.length : at(id);
      return { id, bary, i };
    });
    keyed.sort((p, q) => p.bary - q.bary || p.i - q.i);
    const next = current.map((rw) => [...rw]);
    next[r] = keyed.map((k) => k.id);
    return next;
  };
  /** Barycentre sweeps from a starting order, then adjacent swaps that strictly help. */
  const optimise = (start: string[][]): { order: string[][]; crossings: number | null } => {
    let order = start;
    let best = start;
    let bestCrossings = counted ? countCrossings(start) : null;
    for (let sweep = 0; sweep < LAYOUT_SWEEPS && (bestCrossings === null || bestCrossings > 0); sweep++) {
      for (let r = 1; r <= inputRow; r++) order = reorder(order, r, above);
      for (let r = inputRow; r >= 1; r--) order = reorder(order, r, below);
      if (counted) {
        const c = countCrossings(order);
        if (c < (bestCrossings as number)) {
          best = order;
          bestCrossings = c;
        }
      } else if (!hinted) {
        best = order;
      }
    }
    // Barycentres tie often (all outputs hang from E), which can stall the sweeps.
    if (refine && bestCrossings !== null && bestCrossings > 0) {
      best = best.map((row) => [...row]);
      let improved = true;
      for (let pass = 0; improved && pass < LAYOUT_TRANSPOSE_PASSES; pass++) {
        improved = false;
        for (let r = 1; r <= inputRow; r++) {
          const row = best[r] as string[];
          for (let i = 0; i + 1 < row.length; i++) {
            [row[i], row[i + 1]] = [row[i + 1] as string, row[i] as string];
            const c = countCrossings(best);
            if (c < bestCrossings) {
              bestCrossings = c;
              improved = true;
            } else {
              [row[i], row[i + 1]] = [row[i + 1] as string, row[i] as string];
            }
          }
        }
      }
    }
    return { order: best, crossings: bestCrossings };
  };
  // The given order (hint or index order) first; then seeded restarts, each kept only if strictly better.
  let { order: best, crossings: bestCrossings } = optimise(rows.map((r) => [...r]));
  if (refine) {
    const rng = createRng(LAYOUT_SEED);
    for (let restart = 0; restart < LAYOUT_RESTARTS && (bestCrossings as number) > 0; restart++) {
      const start = rows.map((r, i) => (i === 0 ? [...r] : shuffled(rng, r)));
      const tried = optimise(start);
      if ((tried.crossings as number) < (bestCrossings as number)) {
        best = tried.order;
        bestCrossings = tried.crossings;
      }
    }
  }

  const x = xOf(best);
  const hints = net.spec.positions ?? {};
  const labels = net.spec.labels ?? {};
  const nodes: LayoutNode[] = [];
  best.forEach((row, r) => {
    for (const id of row) {
      const fixed = hints[id];
      const kind: LayoutNodeKind = r === 0 ? 'loss' : r === inputRow ? 'input' : 'neuron';
      const index = kind === 'loss' ? null : kind === 'input' ? parseInputId(id) : parseNeuronId(id);
      const sub = index === null ? '' : String(index);
      const defaultLabel = kind === 'loss' ? 'E' : `${id[0] as string}_${sub}`;
      const defaultLatex = kind === 'loss' ? 'E' : `${id[0] as string}_{${sub}}`;
      nodes.push({
        id,
        kind,
        index,
        x: fixed ? fixed.x : (x[nodeIndex.get(id) as number] as number),
        y: fixed ? fixed.y : LAYOUT_MARGIN + r * LAYOUT_ROW_SPACING,
        layer: r,
        label: labels[id] ?? defaultLabel,
        latex: labels[id] ?? defaultLatex,
      });
    }
  });
  const width = Math.max(...nodes.map((n) => n.x)) + LAYOUT_MARGIN;
  const height = Math.max(...nodes.map((n) => n.y)) + LAYOUT_MARGIN;
  // With fixed positions the computed crossing count no longer describes the drawing.
  const crossings = Object.keys(hints).length > 0 ? null : bestCrossings;
  return { nodes, edges, width, height, layers: L, crossings };
}

function shuffled(rng: Rng, items: readonly string[]): string[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

/** Number of pairs of segments (drawn edges) that cross at a point interior to both. */
function countSegmentCrossings(x: Float64Array, y: Float64Array, a: Int32Array, b: Int32Array): number {
  let crossings = 0;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const a1 = a[i] as number;
    const b1 = b[i] as number;
    const x1 = x[a1] as number;
    const y1 = y[a1] as number;
    const x2 = x[b1] as number;
    const y2 = y[b1] as number;
    for (let j = i + 1; j < n; j++) {
      const a2 = a[j] as number;
      const b2 = b[j] as number;
      if (a1 === a2 || a1 === b2 || b1 === a2 || b1 === b2) continue;
      const x3 = x[a2] as number;
      const y3 = y[a2] as number;
      const x4 = x[b2] as number;
      const y4 = y[b2] as number;
      const d1 = Math.sign((x4 - x3) * (y1 - y3) - (y4 - y3) * (x1 - x3));
      const d2 = Math.sign((x4 - x3) * (y2 - y3) - (y4 - y3) * (x2 - x3));
      if (d1 * d2 >= 0) continue;
      const d3 = Math.sign((x2 - x1) * (y3 - y1) - (y2 - y1) * (x3 - x1));
      const d4 = Math.sign((x2 - x1) * (y4 - y1) - (y2 - y1) * (x4 - x1));
      if (d3 * d4 < 0) crossings++;
    }
  }
  return crossings;
}
