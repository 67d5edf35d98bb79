/**
 * Paths along which the gradient flows from the loss E down to a target:
 * exact counting by dynamic programming over the DAG (bigint), capped
 * enumeration, the factors/atoms of one path's product, and the set of edges
 * that carry gradient (for "highlight the paths" questions).
 *
 * Edge ids name drawn edges in the forward direction: `n3-n6` (neuron edge),
 * `n6-E` (output into the loss), `x2-n2` (network input into a neuron).
 */
import type { Atom, Target } from './types';
import { assertNever } from './types';
import { inputAtom, inputWeightAtom, lossAtom, neuronAtom, sharedAtom, weightAtom } from './atoms';
import type { Network } from './network';
import { neuronsFedByInput, parseInputId, parseNeuronId } from './network';
import { validateTarget } from './target';

/** Paths `enumeratePaths` lists when no cap is given. */
export const DEFAULT_PATH_CAP = 1_000;
/** Largest cap `enumeratePaths` accepts. */
export const MAX_PATH_CAP = 1_000_000;

/**
 * One path from E down to a target: `neurons[0]` is an output neuron, the
 * last entry is the neuron the target belongs to (the neuron itself; `n_i` for
 * `w_{k,i}` and `(v_{l,i})_d`; a neuron fed by `x_l` for `(x_l)_d`).
 */
export interface GradientPath {
  readonly target: Target;
  readonly neurons: readonly number[];
}

/** Result of `enumeratePaths`: the paths found and whether more exist beyond the cap. */
export interface EnumeratedPaths {
  readonly paths: readonly GradientPath[];
  readonly capped: boolean;
}

/** A drawn edge: output → E, neuron → neuron, or input → neuron. */
export type EdgeRef =
  | { readonly kind: 'loss'; readonly neuron: number }
  | { readonly kind: 'neuron'; readonly from: number; readonly to: number }
  | { readonly kind: 'input'; readonly input: number; readonly neuron: number };

/** Edge id of output `n_neuron` feeding the loss: `n6-E`. */
export function lossEdgeId(neuron: number): string {
  return `n${neuron}-E`;
}

/** Edge id of the neuron edge `n_from → n_to`: `n3-n6`. */
export function neuronEdgeId(from: number, to: number): string {
  return `n${from}-n${to}`;
}

/** Edge id of network input `x_input` feeding `n_neuron`: `x2-n2`. */
export function inputEdgeId(input: number, neuron: number): string {
  return `x${input}-n${neuron}`;
}

/** Edge id of any drawn edge. */
export function edgeId(ref: EdgeRef): string {
  switch (ref.kind) {
    case 'loss':
      return lossEdgeId(ref.neuron);
    case 'neuron':
      return neuronEdgeId(ref.from, ref.to);
    case 'input':
      return inputEdgeId(ref.input, ref.neuron);
    default:
      return assertNever(ref);
  }
}

/**
 * Parses an edge id (`n3-n6`, `n6-E`, `x2-n2`), or `null` when malformed.
 * Syntax only: use `allEdgeIds` to check it exists in a network.
 */
export function parseEdgeId(id: string): EdgeRef | null {
  const dash = id.indexOf('-');
  if (dash < 0) return null;
  const left = id.slice(0, dash);
  const right = id.slice(dash + 1);
  const to = parseNeuronId(right);
  if (right === 'E') {
    const neuron = parseNeuronId(left);
    return neuron === null ? null : { kind: 'loss', neuron };
  }
  if (to === null) return null;
  const from = parseNeuronId(left);
  if (from !== null) return { kind: 'neuron', from, to };
  const input = parseInputId(left);
  return input === null ? null : { kind: 'input', input, neuron: to };
}

/**
 * Every drawn edge of a network, for the UI: input edges (by input, neuron),
 * then neuron edges (by from, to), then loss edges (by output).
 */
export function allEdgeIds(net: Network): string[] {
  return [
    ...net.inputs.map((c) => inputEdgeId(c.input, c.neuron)),
    ...net.edges.map((e) => neuronEdgeId(e.from, e.to)),
    ...net.outputs.map(lossEdgeId),
  ];
}

/** Throws a RangeError naming the problem when the target is not in the network. */
export function assertTargetIn(net: Network, target: Target): void {
  const valid = validateTarget(net, target);
  if (!valid.ok) throw new RangeError(valid.error);
}

/**
 * The neurons where paths to the target end (ascending): the neuron itself,
 * `n_i` for `w_{k,i}` and `(v_{l,i})_d`, every neuron fed by `x_l` for `(x_l)_d`,
 * every neuron a use of the shared weight feeds for `w_{name}`.
 */
export function anchorNeurons(net: Network, target: Target): readonly number[] {
  switch (target.kind) {
    case 'shared':
      return (net.shared.get(target.name) ?? []).map((u) => u.neuron);
    case 'neuron':
      return [target.neuron];
    case 'weight':
      return [target.to];
    case 'inputWeight':
      return [target.neuron];
    case 'input':
      return neuronsFedByInput(net, target.input);
    default:
      return assertNever(target);
  }
}

/** Dense (topological position) form of a network, cached per network. */
interface Dense {
  /** Neuron ids in topological order. */
  readonly order: readonly number[];
  readonly pos: ReadonlyMap<number, number>;
  /** CSR successor lists as positions: successors of p are succ[start[p] … start[p+1]). */
  readonly start: Int32Array;
  readonly succ: Int32Array;
  readonly isOutput: Uint8Array;
}

const denseCache = new WeakMap<Network, Dense>();

function dense(net: Network): Dense {
  const cached = denseCache.get(net);
  if (cached) return cached;
  const order = net.topologicalOrder;
  const pos = new Map<number, number>();
  order.forEach((id, i) => pos.set(id, i));
  const start = new Int32Array(order.length + 1);
  const succ = new Int32Array(net.edges.length);
  const isOutput = new Uint8Array(order.length);
  let k = 0;
  order.forEach((id, i) => {
    start[i] = k;
    for (const s of net.successors.get(id) ?? []) succ[k++] = pos.get(s) as number;
    if (net.outputSet.has(id)) isOutput[i] = 1;
  });
  start[order.length] = k;
  const d: Dense = { order, pos, start, succ, isOutput };
  denseCache.set(net, d);
  return d;
}

/** Marks the anchors and everything they feed (positions are topological, so one forward pass suffices). */
function descendants(d: Dense, anchors: readonly number[]): Uint8Array {
  const mark = new Uint8Array(d.order.length);
  let first = d.order.length;
  for (const a of anchors) {
    const p = d.pos.get(a);
    if (p === undefined) continue;
    mark[p] = 1;
    first = Math.min(first, p);
  }
  for (let p = first; p < d.order.length; p++) {
    if (!mark[p]) continue;
    for (let k = d.start[p] as number; k < (d.start[p + 1] as number); k++) mark[d.succ[k] as number] = 1;
  }
  return mark;
}

/** Number of paths from E to each marked neuron, by DP in reverse topological order. */
function countsFromLoss(d: Dense, mark: Uint8Array | null): (bigint | undefined)[] {
  const counts: (bigint | undefined)[] = new Array<bigint | undefined>(d.order.length);
  for (let p = d.order.length - 1; p >= 0; p--) {
    if (mark && !mark[p]) continue;
    let c = d.isOutput[p] ? 1n : 0n;
    for (let k = d.start[p] as number; k < (d.start[p + 1] as number); k++)
      c += counts[d.succ[k] as number] as bigint;
    counts[p] = c;
  }
  return counts;
}

/**
 * Number of paths from E down to the target, exactly, by DP over the DAG:
 * paths(n) = [n is an output] + Σ paths(successor). Linear in the edges, so a
 * 100-layer × 100-wide network (10^198 paths) counts in milliseconds.
 * @example countPaths(net1, { kind: 'inputWeight', input: 1, neuron: 1 }) // 2n
 */
export function countPaths(net: Network, target: Target): bigint {
  assertTargetIn(net, target);
  const d = dense(net);
  const anchors = anchorNeurons(net, target);
  const counts = countsFromLoss(d, descendants(d, anchors));
  let total = 0n;
  for (const a of anchors) total += counts[d.pos.get(a) as number] as bigint;
  return total;
}

/** Number of paths from E to every neuron (one DP pass), e.g. to pick question targets. */
export function pathCountsByNeuron(net: Network): ReadonlyMap<number, bigint> {
  const d = dense(net);
  const counts = countsFromLoss(d, null);
  const out = new Map<number, bigint>();
  for (const id of net.neurons) out.set(id, counts[d.pos.get(id) as number] as bigint);
  return out;
}

/**
 * Lists paths from E to the target, at most `cap` of them. Order: by anchor
 * neuron, then depth-first upwards from it with successors ascending (a path
 * ending at an output comes before its extensions).
 * @example enumeratePaths(net1, { kind: 'neuron', neuron: 4 }).paths[0]?.neurons // [6, 4]
 */
export function enumeratePaths(
  net: Network,
  target: Target,
  options: { readonly cap?: number } = {},
): EnumeratedPaths {
  assertTargetIn(net, target);
  const cap = options.cap ?? DEFAULT_PATH_CAP;
  if (!Number.isInteger(cap) || cap < 0 || cap > MAX_PATH_CAP) {
    throw new RangeError(`path cap must be an integer in 0…${MAX_PATH_CAP}`);
  }
  const paths: GradientPath[] = [];
  let capped = false;
  const emit = (stack: readonly number[]): boolean => {
    if (paths.length >= cap) {
      capped = true;
      return false;
    }
    paths.push({ target, neurons: Object.freeze([...stack].reverse()) });
    return true;
  };
  for (const anchor of anchorNeurons(net, target)) {
    // Iterative DFS: `stack` is the path from the anchor upwards, `next[i]` the successor index to try.
    const stack = [anchor];
    const next = [0];
    if (net.outputSet.has(anchor) && !emit(stack)) return { paths, capped };
    while (stack.length > 0) {
      const top = stack.length - 1;
      const succ = net.successors.get(stack[top] as number) ?? [];
      const i = next[top] as number;
      if (i >= succ.length) {
        stack.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const s = succ[i] as number;
      stack.push(s);
      next.push(0);
      if (net.outputSet.has(s) && !emit(stack)) return { paths, capped };
    }
  }
  return { paths, capped };
}

/**
 * Number of factors in one path's product: one `∂E/∂n_out`, one `∂n_k/∂n_i`
 * per neuron edge, plus one local factor for a weight, input-weight or input target.
 */
export function pathFactors(path: GradientPath): number {
  return path.neurons.length + (path.target.kind === 'neuron' ? 0 : 1);
}

/** The local atom at the bottom of a path for a non-neuron target (`null` for a neuron target). */
export function localAtom(target: Target, neuron: number): Atom | null {
  switch (target.kind) {
    case 'neuron':
      return null;
    case 'weight':
      return weightAtom(target.from, target.to);
    case 'inputWeight':
      return inputWeightAtom(target.input, target.neuron);
    case 'input':
      return inputAtom(neuron, target.input);
    case 'shared':
      return sharedAtom(neuron, target.name);
    default:
      return assertNever(target);
  }
}

/**
 * The atoms of one path's product, from E downwards:
 * `∂E/∂n_out`, `∂n_out/∂n_…`, …, then the local atom for non-neuron targets.
 */
export function pathAtoms(path: GradientPath): Atom[] {
  const ns = path.neurons;
  const first = ns[0];
  if (first === undefined) throw new RangeError('a path has at least one neuron');
  const atoms: Atom[] = [lossAtom(first)];
  for (let i = 1; i < ns.length; i++) atoms.push(neuronAtom(ns[i - 1] as number, ns[i] as number));
  const local = localAtom(path.target, ns[ns.length - 1] as number);
  if (local) atoms.push(local);
  return atoms;
}

/**
 * The edge ids one path uses, from E downwards (loss edge, neuron edges, then
 * the target's own edge if any). A shared weight's path ends with the edge of
 * the use into its last neuron, looked up in `net`.
 */
export function pathEdgeIds(path: GradientPath, net?: Network): string[] {
  const ns = path.neurons;
  const first = ns[0];
  if (first === undefined) throw new RangeError('a path has at least one neuron');
  const ids = [lossEdgeId(first)];
  for (let i = 1; i < ns.length; i++) ids.push(neuronEdgeId(ns[i] as number, ns[i - 1] as number));
  const last = ns[ns.length - 1] as number;
  const t = path.target;
  switch (t.kind) {
    case 'neuron':
      break;
    case 'weight':
      ids.push(neuronEdgeId(t.from, t.to));
      break;
    case 'inputWeight':
      ids.push(inputEdgeId(t.input, t.neuron));
      break;
    case 'input':
      ids.push(inputEdgeId(t.input, last));
      break;
    case 'shared': {
      const use = net?.shared.get(t.name)?.find((u) => u.neuron === last);
      if (use) ids.push(use.edge);
      break;
    }
    default:
      return assertNever(t);
  }
  return ids;
}

/**
 * The edges that carry gradient from E to the target (the union of all its
 * paths), in `allEdgeIds` order. Computed without enumerating paths: an edge
 * is on some path iff its source is reachable from the target's anchor and its
 * head reaches E. Includes the weight's own edge for `w_{k,i}`, `x_l-n_i` for
 * `(v_{l,i})_d`, and every `x_l-n` for `(x_l)_d`.
 * @example gradientEdges(net1, { kind: 'weight', from: 2, to: 5 }) // ['n2-n5', 'n5-n7', 'n7-E']
 */
export function gradientEdges(net: Network, target: Target): string[] {
  assertTargetIn(net, target);
  const d = dense(net);
  const anchors = anchorNeurons(net, target);
  const below = descendants(d, anchors);
  // Backwards reachability from E (every neuron of a validated network reaches E; kept for clarity).
  const reachesE = new Uint8Array(d.order.length);
  for (let p = d.order.length - 1; p >= 0; p--) {
    let r = d.isOutput[p] === 1;
    for (let k = d.start[p] as number; !r && k < (d.start[p + 1] as number); k++)
      r = reachesE[d.succ[k] as number] === 1;
    if (r) reachesE[p] = 1;
  }
  const on = (id: number): boolean => {
    const p = d.pos.get(id);
    return p !== undefined && below[p] === 1 && reachesE[p] === 1;
  };
  const ids: string[] = [];
  switch (target.kind) {
    case 'neuron':
      break;
    case 'weight':
      break;
    case 'inputWeight':
      ids.push(inputEdgeId(target.input, target.neuron));
      break;
    case 'input':
      for (const n of anchors) if (on(n)) ids.push(inputEdgeId(target.input, n));
      break;
    case 'shared':
      for (const c of net.inputs) {
        const id = inputEdgeId(c.input, c.neuron);
        if (net.sharedOfEdge.get(id) === target.name && on(c.neuron)) ids.push(id);
      }
      break;
    default:
      return assertNever(target);
  }
  for (const e of net.edges) {
    const isWeightEdge =
      (target.kind === 'weight' && e.from === target.from && e.to === target.to) ||
      (target.kind === 'shared' && net.sharedOfEdge.get(neuronEdgeId(e.from, e.to)) === target.name && on(e.to));
    if (isWeightEdge || (on(e.from) && on(e.to))) ids.push(neuronEdgeId(e.from, e.to));
  }
  for (const o of net.outputs) if (on(o)) ids.push(lossEdgeId(o));
  return ids;
}
