/**
 * Facts about targets that questions and variants need: how many factors
 * the paths from E to a target have (shortest and longest), the target's
 * depth, and every target of a kind in a network.
 */
import type { Target } from '../types';
import { assertNever } from '../types';
import type { Network } from '../network';
import { isOutput, successorsOf } from '../network';
import { anchorNeurons } from '../paths';

/** Shortest and longest path from each neuron up to E, in neurons (an output alone is 1). */
interface PathLengths {
  readonly shortest: ReadonlyMap<number, number>;
  readonly longest: ReadonlyMap<number, number>;
}

const lengthCache = new WeakMap<Network, PathLengths>();

function pathLengths(net: Network): PathLengths {
  const cached = lengthCache.get(net);
  if (cached) return cached;
  const shortest = new Map<number, number>();
  const longest = new Map<number, number>();
  for (let i = net.topologicalOrder.length - 1; i >= 0; i--) {
    const k = net.topologicalOrder[i] as number;
    let lo = isOutput(net, k) ? 1 : Number.POSITIVE_INFINITY;
    let hi = isOutput(net, k) ? 1 : 0;
    for (const s of successorsOf(net, k)) {
      lo = Math.min(lo, (shortest.get(s) as number) + 1);
      hi = Math.max(hi, (longest.get(s) as number) + 1);
    }
    shortest.set(k, lo);
    longest.set(k, hi);
  }
  const lengths = { shortest, longest };
  lengthCache.set(net, lengths);
  return lengths;
}

/** Fewest and most factors in one path's product from E to the target (the target must be in the network). */
export function factorRange(net: Network, target: Target): { readonly min: number; readonly max: number } {
  const { shortest, longest } = pathLengths(net);
  const extra = target.kind === 'neuron' ? 0 : 1;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const a of anchorNeurons(net, target)) {
    min = Math.min(min, (shortest.get(a) ?? Number.POSITIVE_INFINITY) + extra);
    max = Math.max(max, (longest.get(a) ?? 0) + extra);
  }
  return { min, max };
}

/**
 * Depth of a target: the most factors in any path's product from E to it
 * (a neuron in layer k, numbered from the loss, has depth k).
 * @example targetDepth(net1, { kind: 'weight', from: 2, to: 5 }) // 3
 */
export function targetDepth(net: Network, target: Target): number {
  return factorRange(net, target).max;
}

/** Every target of one kind in a network, in a stable order (neurons, edges and inputs ascending). */
export function targetsOfKind(net: Network, kind: Target['kind']): Target[] {
  switch (kind) {
    case 'neuron':
      return net.neurons.map((neuron) => ({ kind, neuron }));
    case 'weight':
      return net.edges.map((e) => ({ kind, from: e.from, to: e.to }));
    case 'inputWeight':
      return net.inputs.map((c) => ({ kind, input: c.input, neuron: c.neuron }));
    case 'input':
      return net.inputIndices.map((input) => ({ kind, input }));
    case 'shared':
      return [...net.shared.keys()].sort().map((name) => ({ kind, name }));
    default:
      return assertNever(kind);
  }
}
