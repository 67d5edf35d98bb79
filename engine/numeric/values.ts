/**
 * The values format (docs/NETWORK_FORMAT.md, "Values"): concrete inputs,
 * weights, biases, activations and targets for a network, so that forward
 * values and gradients become numbers. Validated with zod for shape, then
 * against the network, every problem reported with its field path.
 */
import { z } from 'zod';
import type { Network } from '../network';
import { isEdge, isInputConnection, neuronId, parseNeuronId, parseInputId } from '../network';
import { parseTarget } from '../target';
import type { Rational } from './rational';
import { R_ZERO, parseRational, rFromNumber, rToNumber } from './rational';

/** Activation functions a neuron may use. */
export const ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'identity'] as const;
/** One activation function. */
export type Activation = (typeof ACTIVATIONS)[number];
/** Activation of every neuron not named otherwise. */
export const DEFAULT_ACTIVATION: Activation = 'sigmoid';

/** Largest input dimension D (the length of every `(x_l)` and `(v_{l,i})` vector). */
export const MAX_DIMENSION = 8;
/** Largest absolute value of any given input, weight, bias or target. */
export const MAX_ABS_GIVEN_VALUE = 1_000;
/** Longest value written as a string (`"-1/8"`). */
export const MAX_VALUE_TEXT = 40;
/** Most neurons of a network with values (larger ones are refused: too big to evaluate and show). */
export const MAX_NUMERIC_NEURONS = 100;
/** Most neuron edges of a network with values. */
export const MAX_NUMERIC_EDGES = 2_000;

const valueSchema = z.union([z.number(), z.string().max(MAX_VALUE_TEXT)]);
const vectorSchema = z.union([valueSchema, z.array(valueSchema).min(1).max(MAX_DIMENSION)]);

/**
 * Zod schema of the values format (shape only; `parseValues` checks it
 * against a network). Numbers may be JSON numbers or strings such as `"-1/8"`.
 */
export const valuesSpecSchema = z.strictObject({
  /** Activation of every neuron not listed in `activations` (default sigmoid). */
  activation: z.enum(ACTIVATIONS).default(DEFAULT_ACTIVATION),
  /** Per neuron (`"n3"`) or per layer numbered from the loss (`"layer2"`). */
  activations: z.record(z.string(), z.enum(ACTIVATIONS)).default({}),
  /** Network inputs `(x_l)`: a number (D = 1) or a vector of D numbers. */
  inputs: z.record(z.string(), vectorSchema).default({}),
  /** Input weight vectors `v_{l,i}`, keyed `"v_{1,1}"` (any target spelling), one per input connection. */
  inputWeights: z.record(z.string(), vectorSchema).default({}),
  /** Weights `w_{k,i}`, keyed `"w_{2,5}"`, one per edge. */
  weights: z.record(z.string(), valueSchema).default({}),
  /** Biases `b_i`, keyed `"n3"`; 0 when omitted. */
  biases: z.record(z.string(), valueSchema).default({}),
  /** Targets y of the squared error, keyed by output neuron `"n6"`, one per output. */
  targets: z.record(z.string(), valueSchema).default({}),
});

/** The values format as written (JSON). */
export type ValuesSpecInput = z.input<typeof valuesSpecSchema>;
/** The values format after defaults. */
export type ValuesSpec = z.output<typeof valuesSpecSchema>;

/** One problem in a values spec: the dotted path to the field and what is wrong. */
export interface ValuesError {
  readonly path: string;
  readonly message: string;
}

/** Validated values, indexed for evaluation; every number exact. */
export interface NetworkValues {
  /** Input dimension D. */
  readonly dimension: number;
  /** Activation of every neuron. */
  readonly activation: ReadonlyMap<number, Activation>;
  /** `(x_l)` by input index, D components each. */
  readonly input: ReadonlyMap<number, readonly Rational[]>;
  /** `v_{l,i}` by `"l,i"`, D components each. */
  readonly inputWeight: ReadonlyMap<string, readonly Rational[]>;
  /** `w_{k,i}` by `"k,i"`. */
  readonly weight: ReadonlyMap<string, Rational>;
  /** `b_i` by neuron (every neuron present, 0 by default). */
  readonly bias: ReadonlyMap<number, Rational>;
  /** `y_o` by output neuron. */
  readonly target: ReadonlyMap<number, Rational>;
  /** The normalised spec (JSON, every entry present, keys canonical: `w2,5`, `v1,1`, `x1`, `n3`), e.g. for phones. */
  readonly spec: ValuesSpec;
}

/** Result of `parseValues`. */
export type ParseValuesResult = { ok: true; values: NetworkValues } | { ok: false; errors: ValuesError[] };

/** `"k,i"` key of a weight or input weight. */
export function pairKey(a: number, b: number): string {
  return `${a},${b}`;
}

/**
 * Layers numbered from the loss: the `layers` hint when the network has one,
 * else 1 for a neuron that feeds no other and 1 + the highest layer it feeds.
 */
export function layersFromLoss(net: Network): ReadonlyMap<number, number> {
  const out = new Map<number, number>();
  const hint = net.spec.layers;
  if (hint) {
    hint.forEach((row, i) => {
      for (const id of row) {
        const n = parseNeuronId(id);
        if (n !== null) out.set(n, i + 1);
      }
    });
    if (out.size === net.neurons.length) return out;
    out.clear();
  }
  for (let p = net.topologicalOrder.length - 1; p >= 0; p--) {
    const id = net.topologicalOrder[p] as number;
    let layer = 1;
    for (const s of net.successors.get(id) ?? []) layer = Math.max(layer, (out.get(s) as number) + 1);
    out.set(id, layer);
  }
  return out;
}

function readValue(raw: string | number, path: string, errors: ValuesError[]): Rational | null {
  let r: Rational | null;
  if (typeof raw === 'number') {
    r = Number.isFinite(raw) ? rFromNumber(raw) : null;
  } else {
    r = parseRational(raw.trim().replace(/\u2212/g, '-'));
  }
  if (r === null) {
    errors.push({ path, message: `${JSON.stringify(raw)} is not a number (write e.g. 0.5, -1.25e-1 or "-1/8")` });
    return null;
  }
  if (Math.abs(rToNumber(r)) > MAX_ABS_GIVEN_VALUE) {
    errors.push({ path, message: `${JSON.stringify(raw)} is too large: values must lie in [-${MAX_ABS_GIVEN_VALUE}, ${MAX_ABS_GIVEN_VALUE}]` });
    return null;
  }
  return r;
}

function readVector(raw: string | number | readonly (string | number)[], path: string, errors: ValuesError[]): Rational[] | null {
  const items = Array.isArray(raw) ? raw : [raw as string | number];
  const out: Rational[] = [];
  let ok = true;
  items.forEach((item, d) => {
    const r = readValue(item, Array.isArray(raw) ? `${path}.${d}` : path, errors);
    if (r === null) ok = false;
    else out.push(r);
  });
  return ok ? out : null;
}

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '').join('.');
}

/** Why a network is too big to evaluate with values, or null. */
export function numericSizeProblem(net: Network): string | null {
  if (net.neurons.length > MAX_NUMERIC_NEURONS) {
    return `the network has ${net.neurons.length} neurons; a network with values may have at most ${MAX_NUMERIC_NEURONS} (MAX_NUMERIC_NEURONS)`;
  }
  if (net.edges.length > MAX_NUMERIC_EDGES) {
    return `the network has ${net.edges.length} edges; a network with values may have at most ${MAX_NUMERIC_EDGES} (MAX_NUMERIC_EDGES)`;
  }
  // One value per weight is the format; a weight tied across edges would need one value for all its uses.
  if (net.shared.size > 0) return `the network declares shared weights (${[...net.shared.keys()].map((n) => `w_{${n}}`).join(', ')}); numeric questions take networks without them`;
  return null;
}

/**
 * Validates untrusted values against a network: every edge needs a weight,
 * every input connection an input weight vector, every input a vector, every
 * output a target; all vectors have the same length D; nothing names a part
 * the network lacks. Errors carry paths under `prefix` (e.g. `weights.w_{2,5}`).
 * @example parseValues(net1, { weights: { 'w_{1,3}': 0.5, … }, … })
 */
export function parseValues(net: Network, raw: unknown, prefix = ''): ParseValuesResult {
  const errors: ValuesError[] = [];
  const size = numericSizeProblem(net);
  if (size !== null) return { ok: false, errors: [{ path: prefix, message: size }] };
  const shape = valuesSpecSchema.safeParse(raw);
  if (!shape.success) {
    return {
      ok: false,
      errors: shape.error.issues.map((i) => ({
        path: join(prefix, ...i.path.map((p) => String(p))),
        message: i.code === 'unrecognized_keys' ? `unknown field ${i.keys.map((k) => JSON.stringify(k)).join(', ')} (allowed: ${Object.keys(valuesSpecSchema.shape).join(', ')})` : i.message.replace(/^Invalid input: /, ''),
      })),
    };
  }
  const spec = shape.data;
  const at = (field: string, key?: string): string => join(prefix, field, key ?? '');

  // Activations.
  const layers = layersFromLoss(net);
  const maxLayer = Math.max(0, ...layers.values());
  const byLayer = new Map<number, Activation>();
  const byNeuron = new Map<number, Activation>();
  for (const [key, act] of Object.entries(spec.activations)) {
    const layer = /^layer([1-9]\d*)$/.exec(key);
    if (layer) {
      const k = Number(layer[1]);
      if (k > maxLayer) errors.push({ path: at('activations', key), message: `the network has layers 1 to ${maxLayer} (numbered from the loss), not ${k}` });
      else byLayer.set(k, act);
      continue;
    }
    const n = parseNeuronId(key);
    if (n === null || !net.successors.has(n)) {
      errors.push({ path: at('activations', key), message: `${JSON.stringify(key)} is not a neuron of this network or a layer (write "n3" or "layer2", layers numbered from the loss)` });
    } else byNeuron.set(n, act);
  }
  const activation = new Map<number, Activation>();
  for (const id of net.neurons) activation.set(id, byNeuron.get(id) ?? byLayer.get(layers.get(id) as number) ?? spec.activation);

  // Inputs, with the dimension D taken from the first.
  let dimension: number | null = null;
  const checkDim = (vec: readonly Rational[], path: string): void => {
    if (dimension === null) dimension = vec.length;
    else if (vec.length !== dimension) errors.push({ path, message: `has ${vec.length} component${vec.length === 1 ? '' : 's'} but the first vector has ${dimension}: every input and input weight vector has the same dimension D` });
  };
  const input = new Map<number, Rational[]>();
  for (const [key, rawVec] of Object.entries(spec.inputs)) {
    const l = parseInputId(key.replace(/^\((.*)\)_d$/, '$1').replace(/_\{?(\d+)\}?$/, '$1'));
    if (l === null || !net.neuronsOfInput.has(l)) {
      errors.push({ path: at('inputs', key), message: `${JSON.stringify(key)} is not an input of this network (inputs: ${net.inputIndices.map((i) => `x${i}`).join(', ') || 'none'})` });
      continue;
    }
    if (input.has(l)) {
      errors.push({ path: at('inputs', key), message: `x${l} is given twice` });
      continue;
    }
    const vec = readVector(rawVec, at('inputs', key), errors);
    if (vec) {
      checkDim(vec, at('inputs', key));
      input.set(l, vec);
    }
  }
  for (const l of net.inputIndices) if (!spec.inputs[`x${l}`] && !input.has(l)) errors.push({ path: at('inputs'), message: `missing input x${l}` });

  const inputWeight = new Map<string, Rational[]>();
  for (const [key, rawVec] of Object.entries(spec.inputWeights)) {
    const t = parseTarget(key);
    if (!t.ok || t.target.kind !== 'inputWeight' || !isInputConnection(net, t.target.input, t.target.neuron)) {
      errors.push({ path: at('inputWeights', key), message: `${JSON.stringify(key)} is not an input weight of this network (write "v_{1,1}" for the input x_1 → n_1)` });
      continue;
    }
    if (inputWeight.has(pairKey(t.target.input, t.target.neuron))) {
      errors.push({ path: at('inputWeights', key), message: `v_{${t.target.input},${t.target.neuron}} is given twice` });
      continue;
    }
    const vec = readVector(rawVec, at('inputWeights', key), errors);
    if (vec) {
      checkDim(vec, at('inputWeights', key));
      inputWeight.set(pairKey(t.target.input, t.target.neuron), vec);
    }
  }
  for (const c of net.inputs) {
    if (!inputWeight.has(pairKey(c.input, c.neuron)) && !errors.some((e) => e.path.startsWith(at('inputWeights', '')))) {
      errors.push({ path: at('inputWeights'), message: `missing v_{${c.input},${c.neuron}} (input x${c.input} feeds ${neuronId(c.neuron)})` });
    }
  }

  const weight = new Map<string, Rational>();
  for (const [key, rawValue] of Object.entries(spec.weights)) {
    const t = parseTarget(key);
    if (!t.ok || t.target.kind !== 'weight' || !isEdge(net, t.target.from, t.target.to)) {
      errors.push({ path: at('weights', key), message: `${JSON.stringify(key)} is not a weight of this network (write "w_{2,5}" for the edge n2 → n5)` });
      continue;
    }
    const k = pairKey(t.target.from, t.target.to);
    if (weight.has(k)) {
      errors.push({ path: at('weights', key), message: `w_{${k}} is given twice` });
      continue;
    }
    const r = readValue(rawValue, at('weights', key), errors);
    if (r) weight.set(k, r);
  }
  const missingWeights = net.edges.filter((e) => !weight.has(pairKey(e.from, e.to)));
  if (missingWeights.length > 0 && !errors.some((e) => e.path.startsWith(at('weights', '')))) {
    const names = missingWeights.slice(0, 10).map((e) => `w_{${e.from},${e.to}}`);
    errors.push({ path: at('weights'), message: `missing ${names.join(', ')}${missingWeights.length > 10 ? `, … (${missingWeights.length} in all)` : ''}: every edge needs a weight` });
  }

  const bias = new Map<number, Rational>(net.neurons.map((id) => [id, R_ZERO]));
  for (const [key, rawValue] of Object.entries(spec.biases)) {
    const n = parseNeuronId(key);
    if (n === null || !bias.has(n)) {
      errors.push({ path: at('biases', key), message: `${JSON.stringify(key)} is not a neuron of this network` });
      continue;
    }
    const r = readValue(rawValue, at('biases', key), errors);
    if (r) bias.set(n, r);
  }

  const target = new Map<number, Rational>();
  for (const [key, rawValue] of Object.entries(spec.targets)) {
    const n = parseNeuronId(key);
    if (n === null || !net.outputSet.has(n)) {
      errors.push({ path: at('targets', key), message: `${JSON.stringify(key)} is not an output neuron (outputs: ${net.outputs.map(neuronId).join(', ')})` });
      continue;
    }
    const r = readValue(rawValue, at('targets', key), errors);
    if (r) target.set(n, r);
  }
  for (const o of net.outputs) if (!target.has(o) && spec.targets[neuronId(o)] === undefined) errors.push({ path: at('targets'), message: `missing the target y_${o} of output ${neuronId(o)}` });

  if (errors.length > 0) return { ok: false, errors };
  const D = dimension ?? 1;
  return { ok: true, values: freezeValues(net, { dimension: D, activation, input, inputWeight, weight, bias, target }, spec.activation) };
}

/** Builds `NetworkValues` (with its normalised spec) from indexed exact values. */
export function freezeValues(
  net: Network,
  v: Omit<NetworkValues, 'spec'>,
  defaultActivation: Activation = DEFAULT_ACTIVATION,
): NetworkValues {
  const show = (r: Rational): string | number => {
    const x = rToNumber(r);
    // A number that prints and reads back as the same fraction stays a number; others stay exact.
    return rFromNumberSafe(x, r) ? x : r.den === 1n ? r.num.toString() : `${r.num}/${r.den}`;
  };
  const activations: Record<string, Activation> = {};
  for (const id of net.neurons) {
    const a = v.activation.get(id) ?? defaultActivation;
    if (a !== defaultActivation) activations[neuronId(id)] = a;
  }
  const spec: ValuesSpec = {
    activation: defaultActivation,
    activations,
    inputs: Object.fromEntries(net.inputIndices.map((l) => [`x${l}`, (v.input.get(l) ?? []).map(show)])),
    inputWeights: Object.fromEntries(net.inputs.map((c) => [`v${pairKey(c.input, c.neuron)}`, (v.inputWeight.get(pairKey(c.input, c.neuron)) ?? []).map(show)])),
    weights: Object.fromEntries(net.edges.map((e) => [`w${pairKey(e.from, e.to)}`, show(v.weight.get(pairKey(e.from, e.to)) ?? R_ZERO)])),
    biases: Object.fromEntries(net.neurons.filter((id) => (v.bias.get(id) ?? R_ZERO).num !== 0n).map((id) => [neuronId(id), show(v.bias.get(id) as Rational)])),
    targets: Object.fromEntries(net.outputs.map((o) => [neuronId(o), show(v.target.get(o) ?? R_ZERO)])),
  };
  return Object.freeze({ ...v, spec });
}

function rFromNumberSafe(x: number, r: Rational): boolean {
  try {
    const back = rFromNumber(x);
    return back.num === r.num && back.den === r.den;
  } catch {
    return false;
  }
}
