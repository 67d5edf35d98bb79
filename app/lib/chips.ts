/**
 * The tappable atoms of a gradient-expression question, generated from the
 * network: `∂E/∂n_o` for every output, `∂n_k/∂n_i` for every edge, and the
 * target's local factor(s). Every edge of the network is offered, not only
 * those on a path to the target, so the chips never give the answer away.
 */
import { atomKey, inputAtom, inputWeightAtom, lossAtom, neuronAtom, sharedAtom, weightAtom } from '@/engine/atoms';
import type { Network } from '@/engine/network';
import { neuronsFedByInput } from '@/engine/network';
import { renderAtom, renderQuantity } from '@/engine/render';
import type { Atom, Quantity, Target } from '@/engine/types';

/** One chip: what it inserts, how it looks and how it is read aloud. */
export interface AtomChip {
  /** Stable atom key, e.g. `E/n6`. */
  readonly key: string;
  /** Text inserted into the answer, e.g. `∂E/∂n_6` (the parser reads it as one atom). */
  readonly text: string;
  /** LaTeX shown on the chip. */
  readonly latex: string;
  /** Accessible name, e.g. "derivative of E with respect to n6". */
  readonly label: string;
  /** Which row the chip belongs to. */
  readonly group: 'loss' | 'edge' | 'local';
}

function spoken(q: Quantity): string {
  switch (q.kind) {
    case 'loss':
      return 'E';
    case 'neuron':
      return `n${q.neuron}`;
    case 'weight':
      return `w ${q.from},${q.to}`;
    case 'inputWeight':
      return `component d of v ${q.input},${q.neuron}`;
    case 'input':
      return `component d of x${q.input}`;
    case 'shared':
      return `shared weight w ${q.name}`;
  }
}

function chip(atom: Atom, group: AtomChip['group']): AtomChip {
  return {
    key: atomKey(atom),
    text: renderAtom(atom, 'text'),
    latex: renderAtom(atom, 'latex'),
    label: `derivative of ${spoken(atom.of)} with respect to ${spoken(atom.wrt)}`,
    group,
  };
}

/** The local factor(s) at the bottom of a path to the target (none for a neuron target). */
function localAtoms(net: Network, target: Target): Atom[] {
  switch (target.kind) {
    case 'neuron':
      return [];
    case 'weight':
      return [weightAtom(target.from, target.to)];
    case 'inputWeight':
      return [inputWeightAtom(target.input, target.neuron)];
    case 'input':
      return neuronsFedByInput(net, target.input).map((n) => inputAtom(n, target.input));
    case 'shared':
      return (net.shared.get(target.name) ?? []).map((u) => sharedAtom(u.neuron, target.name));
  }
}

/**
 * The chips for a question: outputs first, then edges from the loss side
 * down (the order the gradient walks), then the target's local factors.
 * @example answerChips(net1, { kind: 'neuron', neuron: 4 }).map((c) => c.text)[0] // '∂E/∂n_6'
 */
export function answerChips(net: Network, target: Target): AtomChip[] {
  const depth = new Map<number, number>();
  net.topologicalOrder.forEach((n, i) => depth.set(n, i));
  const edges = [...net.edges].sort(
    (a, b) => (depth.get(b.to) ?? 0) - (depth.get(a.to) ?? 0) || a.to - b.to || a.from - b.from,
  );
  return [
    ...net.outputs.map((o) => chip(lossAtom(o), 'loss')),
    ...edges.map((e) => chip(neuronAtom(e.to, e.from), 'edge')),
    ...localAtoms(net, target).map((a) => chip(a, 'local')),
  ];
}

/** The left-hand side `∂E/∂target` in LaTeX. */
export function lhsLatex(target: Target): string {
  return `\\frac{\\partial E}{\\partial ${renderQuantity(target, 'latex')}}`;
}
