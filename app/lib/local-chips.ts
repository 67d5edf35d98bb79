/**
 * The tappable symbols of a local-derivative question, generated from the
 * network around the neuron differentiated: `g'(z_i)` and `g'(z_k)` of the
 * neurons feeding i, the weights into i
 * (neuron weights and input weights), the neurons and inputs feeding i; for
 * `∂E/∂n_o`, every output n_o, every target y_o and the number 2. Every
 * incoming edge is offered, not only the one asked, so the chips never give
 * the answer away.
 */
import type { LocalAsk, LocalSymbol } from '@/engine/expr/local-symbols';
import { askNeuron, renderSymbol, symbolKey } from '@/engine/expr/local-symbols';
import type { Network } from '@/engine/network';

/** One chip: what it inserts, how it looks and how it is read aloud. */
export interface SymbolChip {
  /** Stable key, e.g. `w_{2,5}`. */
  readonly key: string;
  /** Text inserted into the answer (the engine reads it as one symbol). */
  readonly text: string;
  readonly latex: string;
  readonly label: string;
  readonly group: 'slope' | 'weight' | 'value' | 'loss';
}

function spoken(s: LocalSymbol): string {
  switch (s.kind) {
    case 'gPrime':
      return `g prime of z${s.neuron}`;
    case 'weight':
      return `weight w ${s.from},${s.to}`;
    case 'inputWeight':
      return `component d of input weight v ${s.input},${s.neuron}`;
    case 'neuron':
      return `output n${s.neuron}`;
    case 'input':
      return `component d of input x${s.input}`;
    case 'target':
      return `target y${s.output}`;
    default:
      return renderSymbol(s, 'text');
  }
}

function chip(s: LocalSymbol, group: SymbolChip['group']): SymbolChip {
  return { key: symbolKey(s), text: renderSymbol(s, 'text'), latex: renderSymbol(s, 'latex'), label: spoken(s), group };
}

/**
 * The chips for a local question, in rows: g'(z_i) and g'(z_k) of the neurons feeding i; the weights into i; the
 * neurons and inputs feeding i. For ∂E/∂n_o: the outputs, their targets and 2.
 * @example localChips(net1, { kind: 'weight', from: 2, to: 5 }).map((c) => c.text) // ["g'(z_5)", 'w_{2,5}', '(v_{…})_d'…, 'n_2', …]
 */
export function localChips(net: Network, ask: LocalAsk): SymbolChip[] {
  const i = askNeuron(ask);
  if (i === null) {
    return [
      ...net.outputs.map((o) => chip({ kind: 'neuron', neuron: o }, 'loss')),
      ...net.outputs.map((o) => chip({ kind: 'target', output: o }, 'loss')),
      { key: '2', text: '2', latex: '2', label: 'two', group: 'loss' },
    ];
  }
  const preds = net.predecessors.get(i) ?? [];
  const inputs = net.inputsOfNeuron.get(i) ?? [];
  return [
    chip({ kind: 'gPrime', neuron: i }, 'slope'),
    ...preds.map((k) => chip({ kind: 'gPrime', neuron: k }, 'slope')),
    ...preds.map((k) => chip({ kind: 'weight', from: k, to: i }, 'weight')),
    ...inputs.map((l) => chip({ kind: 'inputWeight', input: l, neuron: i }, 'weight')),
    ...preds.map((k) => chip({ kind: 'neuron', neuron: k }, 'value')),
    ...inputs.map((l) => chip({ kind: 'input', input: l }, 'value')),
  ];
}
