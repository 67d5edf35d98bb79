/**
 * What a tap on the drawn network names as a question's target: a neuron
 * node `n_i`, an input node `(x_l)_d`, a neuron edge (its weight `w_{k,i}`,
 * or the shared weight on it), an input edge (its input weight
 * `(v_{l,i})_d`, or the shared weight on it). A tap on a loss edge or on E
 * names nothing.
 */
import type { Target } from '../types';
import type { Network } from '../network';
import { parseInputId, parseNeuronId } from '../network';

/**
 * The target of a tap on node or edge `id` (ids as drawn: `n3`, `x1`, `n2-n5`, `x1-n1`).
 * @example targetOfTap(net1, 'edge', 'n2-n5') // { kind: 'weight', from: 2, to: 5 }
 */
export function targetOfTap(net: Network, kind: 'node' | 'edge', id: string): Target | null {
  if (kind === 'node') {
    const n = parseNeuronId(id);
    if (n !== null) return net.successors.has(n) ? { kind: 'neuron', neuron: n } : null;
    const x = parseInputId(id);
    return x !== null && net.neuronsOfInput.has(x) ? { kind: 'input', input: x } : null;
  }
  const shared = net.sharedOfEdge.get(id);
  if (shared !== undefined) return { kind: 'shared', name: shared };
  const ne = /^n(\d+)-n(\d+)$/.exec(id);
  if (ne) return { kind: 'weight', from: Number(ne[1]), to: Number(ne[2]) };
  const ie = /^x(\d+)-n(\d+)$/.exec(id);
  if (ie) return { kind: 'inputWeight', input: Number(ie[1]), neuron: Number(ie[2]) };
  return null;
}
