/**
 * Seeded random values for a network (per-student variants, property tests):
 * weights and input weights in tenths from −1 to 1 (never 0), inputs in
 * tenths from −1 to 1, biases in tenths from −0.5 to 0.5, targets 0 or 1.
 * Tenths keep every value short to read on a phone and exact as a fraction.
 */
import type { Rng } from '../rng';
import type { Network } from '../network';
import type { Rational } from './rational';
import { rational } from './rational';
import type { Activation, NetworkValues } from './values';
import { DEFAULT_ACTIVATION, freezeValues, pairKey } from './values';

/** Options for `randomValues`. */
export interface RandomValuesOptions {
  /** Activation of each neuron (default: `activation` for all). */
  readonly activations?: ReadonlyMap<number, Activation>;
  /** Activation when `activations` does not name a neuron (default sigmoid). */
  readonly activation?: Activation;
  /** Input dimension D (default 1). */
  readonly dimension?: number;
}

/** Largest weight magnitude picked, in tenths. */
export const RANDOM_WEIGHT_TENTHS = 10;
/** Largest bias magnitude picked, in tenths. */
export const RANDOM_BIAS_TENTHS = 5;

function tenths(rng: Rng, max: number, nonZero: boolean): Rational {
  for (;;) {
    const k = rng.int(-max, max);
    if (!nonZero || k !== 0) return rational(BigInt(k), 10n);
  }
}

/**
 * Values for every part of the network, deterministic given the RNG state.
 * @example randomValues(net1, createRng(7), { activation: 'relu' })
 */
export function randomValues(net: Network, rng: Rng, options: RandomValuesOptions = {}): NetworkValues {
  const D = options.dimension ?? 1;
  const fallback = options.activation ?? DEFAULT_ACTIVATION;
  const activation = new Map<number, Activation>(net.neurons.map((id) => [id, options.activations?.get(id) ?? fallback]));
  const input = new Map<number, Rational[]>();
  for (const l of net.inputIndices) input.set(l, Array.from({ length: D }, () => tenths(rng, 10, false)));
  const inputWeight = new Map<string, Rational[]>();
  for (const c of net.inputs) inputWeight.set(pairKey(c.input, c.neuron), Array.from({ length: D }, () => tenths(rng, RANDOM_WEIGHT_TENTHS, true)));
  const weight = new Map<string, Rational>();
  for (const e of net.edges) weight.set(pairKey(e.from, e.to), tenths(rng, RANDOM_WEIGHT_TENTHS, true));
  const bias = new Map<number, Rational>(net.neurons.map((id) => [id, tenths(rng, RANDOM_BIAS_TENTHS, false)]));
  const target = new Map<number, Rational>(net.outputs.map((o) => [o, rational(BigInt(rng.int(0, 1)))]));
  return freezeValues(net, { dimension: D, activation, input, inputWeight, weight, bias, target }, fallback);
}
