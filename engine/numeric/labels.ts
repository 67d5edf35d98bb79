/**
 * Short value labels for drawing a network with values: weights on edges,
 * inputs, biases and targets at the nodes while a question is open, and
 * after the reveal the forward value n and the backward value ∂E/∂n in every
 * neuron. Pure; the phone and the projector call it with what they received.
 */
import { parseNetwork, neuronId } from '../network';
import { inputEdgeId, neuronEdgeId } from '../paths';
import { evaluateNetwork, withEvaluation } from './evaluate';
import { formatNumber } from './number-answer';
import type { Rational } from './rational';
import { rToNumber } from './rational';
import { pairKey, parseValues } from './values';

/** Significant digits of a drawn value. */
export const LABEL_DIGITS = 3;

/** Labels by edge id (`n3-n6`, `x1-n1`) and node id (`n3`, `x1`); a node may have several lines. */
export interface ValueLabels {
  readonly edges: Readonly<Record<string, string>>;
  readonly nodes: Readonly<Record<string, readonly string[]>>;
}

/** When the labels are drawn: during the question (givens only) or at the reveal (forward and backward values too). */
export type LabelStage = 'question' | 'reveal';

function short(r: Rational): string {
  return formatNumber(rToNumber(r), LABEL_DIGITS);
}

function vector(v: readonly Rational[]): string {
  return v.length === 1 ? short(v[0] as Rational) : `(${v.map(short).join(', ')})`;
}

/**
 * Labels for a network spec and a values spec as they travel to phones, or
 * null when either does not validate (the drawing then shows no values).
 * Never includes a forward or backward value at the `question` stage, since
 * those may be the answer.
 * @example valueLabels(view.network, view.numeric.values, 'question')?.edges['n3-n6'] // 'w = -1'
 */
export function valueLabels(networkSpec: unknown, valuesSpec: unknown, stage: LabelStage): ValueLabels | null {
  const parsedNet = parseNetwork(networkSpec);
  if (!parsedNet.ok) return null;
  const net = parsedNet.network;
  const parsed = parseValues(net, valuesSpec);
  if (!parsed.ok) return null;
  const values = parsed.values;
  const edges: Record<string, string> = {};
  for (const e of net.edges) edges[neuronEdgeId(e.from, e.to)] = `w = ${short(values.weight.get(pairKey(e.from, e.to)) as Rational)}`;
  for (const c of net.inputs) edges[inputEdgeId(c.input, c.neuron)] = `v = ${vector(values.inputWeight.get(pairKey(c.input, c.neuron)) ?? [])}`;
  const nodes: Record<string, string[]> = {};
  for (const l of net.inputIndices) nodes[`x${l}`] = [vector(values.input.get(l) ?? [])];
  for (const id of net.neurons) {
    const lines: string[] = [];
    const b = values.bias.get(id) as Rational;
    if (b.num !== 0n) lines.push(`b = ${short(b)}`);
    const y = values.target.get(id);
    if (y) lines.push(`y = ${short(y)}`);
    nodes[neuronId(id)] = lines;
  }
  if (stage === 'reveal') {
    const r = evaluateNetwork(net, values);
    if (r.ok) {
      withEvaluation(r.evaluation, (ev) => {
        for (const id of net.neurons) {
          const n = formatNumber(ev.arith.toNumber(ev.n.get(id) as never), LABEL_DIGITS);
          const g = formatNumber(ev.arith.toNumber(ev.dEdn.get(id) as never), LABEL_DIGITS);
          nodes[neuronId(id)] = [`n = ${n}`, `∂E/∂n = ${g}`, ...(nodes[neuronId(id)] ?? [])];
        }
      });
    }
  }
  return { edges, nodes };
}
