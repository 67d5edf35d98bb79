/**
 * The network model: a JSON interchange form (`NetworkSpec`, validated with
 * zod for shape) and an indexed, immutable, validated `Network` built from it.
 *
 * A network is a DAG of neurons `n_i`; network inputs `x_l` feed neurons;
 * output neurons feed the loss E. Every neuron must have a path to E.
 * The spec travels over the wire (server → phones) and is re-parsed there.
 */
import { z } from 'zod';
import type { Edge } from './types';

/** Largest neuron or input index accepted (`n999999`). */
export const MAX_INDEX = 999_999;
/** Most neurons a network may have (a 100 × 100 layered network fits). */
export const MAX_NEURONS = 10_000;
/** Most neuron-to-neuron edges a network may have (a 100 × 100 fully connected network fits). */
export const MAX_EDGES = 1_000_000;
/** Most input connections (`x_l → n_i`) a network may have. */
export const MAX_INPUT_CONNECTIONS = 100_000;
/** Longest network name. */
export const MAX_NAME_LENGTH = 200;
/** Longest optional description. */
export const MAX_DESCRIPTION_LENGTH = 2_000;
/** Longest display label in the `labels` hint. */
export const MAX_LABEL_LENGTH = 40;
/** Validation stops listing problems after this many (and says how many more). */
export const MAX_REPORTED_ERRORS = 50;
/** Most shared weights a network may declare. */
export const MAX_SHARED_WEIGHTS = 26;
/** Most uses (edges) of one shared weight. */
export const MAX_SHARED_USES = 1_000;
/** Longest shared-weight name (`w_{hh}` has the name `hh`). */
export const MAX_SHARED_NAME_LENGTH = 8;
/** A shared-weight name: lowercase letters, e.g. `hh` for `w_{hh}`. */
export const SHARED_NAME_PATTERN = /^[a-z]{1,8}$/;

/** One weight used on several edges (an unrolled recurrent cell): its name and the edges it sits on. */
export const sharedWeightSpecSchema = z.strictObject({
  /** `hh` names the weight `w_{hh}`. */
  name: z.string(),
  /** Edge ids `n3-n6` (a neuron edge) or `x1-n1` (an input connection), each a use of the weight. */
  uses: z.array(z.string()).min(1).max(MAX_SHARED_USES),
});

/** A shared weight in the interchange form. */
export type SharedWeightSpec = z.infer<typeof sharedWeightSpecSchema>;

const pointSchema = z.strictObject({ x: z.number().min(0), y: z.number().min(0) });

/**
 * Zod schema for the shape of the JSON interchange form. Ids are checked as
 * strings here; `parseNetwork` checks their syntax and the graph semantics.
 * @example networkSpecSchema.safeParse(JSON.parse(text))
 */
export const networkSpecSchema = z.strictObject({
  /** Display name, e.g. "Network I". */
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  /** Optional free text for the instructor. */
  description: z.string().max(MAX_DESCRIPTION_LENGTH).optional(),
  /** Optional explicit neuron list; without it the neurons are the endpoints of `edges`. */
  neurons: z.array(z.string()).max(MAX_NEURONS).optional(),
  /** Network inputs: `x_l` feeds neuron `n_i`. An input may feed several neurons. */
  inputs: z.array(z.strictObject({ input: z.string(), neuron: z.string() })).max(MAX_INPUT_CONNECTIONS),
  /** Neuron-to-neuron edges in the forward direction. */
  edges: z.array(z.strictObject({ from: z.string(), to: z.string() })).max(MAX_EDGES),
  /** Output neurons, each feeding the loss E directly. */
  outputs: z.array(z.string()).max(MAX_NEURONS),
  /** Layout hint: fixed positions (layout units, y down) for node ids `n3`, `x1`, `E`. */
  positions: z.record(z.string(), pointSchema).optional(),
  /** Layout hint: display labels for node ids `n3`, `x1`, `E`. */
  labels: z.record(z.string(), z.string().min(1).max(MAX_LABEL_LENGTH)).optional(),
  /** Layout hint: neuron rows numbered from the loss: `layers[0]` is layer 1 (feeds E), left to right. */
  layers: z.array(z.array(z.string())).max(MAX_NEURONS).optional(),
  /** Shared weights: one weight used on several edges (gradient = sum over its uses). */
  shared: z.array(sharedWeightSpecSchema).max(MAX_SHARED_WEIGHTS).optional(),
});

/** The JSON interchange form of a network (see docs/NETWORK_FORMAT.md). */
export type NetworkSpec = z.infer<typeof networkSpecSchema>;

/** Layout hints carried by a spec (all optional). */
export type NetworkHints = Pick<NetworkSpec, 'positions' | 'labels' | 'layers'>;

/** A network input feeding a neuron: `x_input → n_neuron` (carrying the weight vector `v_{input,neuron}`). */
export interface InputConnection {
  readonly input: number;
  readonly neuron: number;
}

/** One use of a shared weight: the edge it sits on, into `neuron`. */
export interface SharedUse {
  /** Edge id: `n3-n6` or `x1-n1`. */
  readonly edge: string;
  /** The neuron the edge feeds (the `t` of the atom `∂n_t/∂w`). */
  readonly neuron: number;
  /** The neuron (or, when `fromInput`, the input index) the edge comes from. */
  readonly source: number;
  readonly fromInput: boolean;
}

/** An indexed, immutable, validated network. Build one with `parseNetwork` or `networkFromParts`. */
export interface Network {
  /** Display name. */
  readonly name: string;
  /** Neuron indices, ascending. */
  readonly neurons: readonly number[];
  /** Distinct network input indices, ascending. */
  readonly inputIndices: readonly number[];
  /** Input connections, sorted by (input, neuron). */
  readonly inputs: readonly InputConnection[];
  /** Neuron edges, sorted by (from, to). */
  readonly edges: readonly Edge[];
  /** Output neurons (those feeding E), ascending. */
  readonly outputs: readonly number[];
  /** All neurons, every edge going from an earlier to a later one (input side first). */
  readonly topologicalOrder: readonly number[];
  /** Neuron → neurons it feeds, ascending. */
  readonly successors: ReadonlyMap<number, readonly number[]>;
  /** Neuron → neurons feeding it, ascending. */
  readonly predecessors: ReadonlyMap<number, readonly number[]>;
  /** Neuron → input indices feeding it, ascending. */
  readonly inputsOfNeuron: ReadonlyMap<number, readonly number[]>;
  /** Input index → neurons it feeds, ascending. */
  readonly neuronsOfInput: ReadonlyMap<number, readonly number[]>;
  /** Output neurons as a set. */
  readonly outputSet: ReadonlySet<number>;
  /** Shared weight name → its uses, sorted by neuron (empty map when the network has none). */
  readonly shared: ReadonlyMap<string, readonly SharedUse[]>;
  /** Edge id → the name of the shared weight on it. */
  readonly sharedOfEdge: ReadonlyMap<string, string>;
  /** The validated spec this network was built from (JSON-serialisable, frozen). */
  readonly spec: NetworkSpec;
}

/** Result of `parseNetwork`: a network, or one message per problem found. */
export type ParseNetworkResult = { ok: true; network: Network } | { ok: false; errors: string[] };

/** Numeric building blocks of a network, e.g. from a generator; validated like a spec. */
export interface NetworkParts {
  readonly name: string;
  readonly description?: string;
  /** Explicit neuron list; defaults to the endpoints of `edges`. */
  readonly neurons?: readonly number[];
  readonly inputs: readonly InputConnection[];
  readonly edges: readonly Edge[];
  readonly outputs: readonly number[];
  readonly hints?: NetworkHints;
  /** Shared weights, as in the spec. */
  readonly shared?: readonly SharedWeightSpec[];
}

const EMPTY: readonly number[] = Object.freeze([]);
const NEURON_ID = /^n([1-9]\d*)$/;
const INPUT_ID = /^x([1-9]\d*)$/;

/** The string id of neuron `i`: `n7`. */
export function neuronId(neuron: number): string {
  return `n${neuron}`;
}

/** The string id of network input `l`: `x2`. */
export function inputId(input: number): string {
  return `x${input}`;
}

/** Parses a neuron id `n7` to 7, or `null` when malformed or out of range. */
export function parseNeuronId(id: string): number | null {
  const m = NEURON_ID.exec(id);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= MAX_INDEX ? n : null;
}

/** Parses an input id `x2` to 2, or `null` when malformed or out of range. */
export function parseInputId(id: string): number | null {
  const m = INPUT_ID.exec(id);
  if (!m) return null;
  const n = Number(m[1]);
  return n <= MAX_INDEX ? n : null;
}

/** Neurons fed by `neuron` (empty when none or unknown). */
export function successorsOf(net: Network, neuron: number): readonly number[] {
  return net.successors.get(neuron) ?? EMPTY;
}

/** Neurons feeding `neuron` (empty when none or unknown). */
export function predecessorsOf(net: Network, neuron: number): readonly number[] {
  return net.predecessors.get(neuron) ?? EMPTY;
}

/** Neurons that network input `x_input` feeds (empty when unknown). */
export function neuronsFedByInput(net: Network, input: number): readonly number[] {
  return net.neuronsOfInput.get(input) ?? EMPTY;
}

/** Network inputs feeding `neuron` (empty when none). */
export function inputsFeeding(net: Network, neuron: number): readonly number[] {
  return net.inputsOfNeuron.get(neuron) ?? EMPTY;
}

/** True when the network has neuron `n_neuron`. */
export function hasNeuron(net: Network, neuron: number): boolean {
  return net.successors.has(neuron);
}

/** True when `n_neuron` feeds the loss E. */
export function isOutput(net: Network, neuron: number): boolean {
  return net.outputSet.has(neuron);
}

function sortedIncludes(sorted: readonly number[], value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * True when `n_from → n_to` is an edge of the network.
 * @example isEdge(net1, 2, 5) // true for Network I
 */
export function isEdge(net: Network, from: number, to: number): boolean {
  return sortedIncludes(successorsOf(net, from), to);
}

/** True when network input `x_input` feeds `n_neuron`. */
export function isInputConnection(net: Network, input: number, neuron: number): boolean {
  return sortedIncludes(neuronsFedByInput(net, input), neuron);
}

/** Canonical spec of a network: sorted inputs, edges and outputs, plus the original hints. */
export function networkToSpec(net: Network): NetworkSpec {
  const { description, positions, labels, layers } = net.spec;
  const spec: NetworkSpec = {
    name: net.name,
    inputs: net.inputs.map((c) => ({ input: inputId(c.input), neuron: neuronId(c.neuron) })),
    edges: net.edges.map((e) => ({ from: neuronId(e.from), to: neuronId(e.to) })),
    outputs: net.outputs.map(neuronId),
  };
  if (description !== undefined) spec.description = description;
  if (net.spec.neurons !== undefined) spec.neurons = net.neurons.map(neuronId);
  if (positions !== undefined) spec.positions = structuredCloneJson(positions);
  if (labels !== undefined) spec.labels = { ...labels };
  if (layers !== undefined) spec.layers = layers.map((row) => [...row]);
  if (net.spec.shared !== undefined) spec.shared = net.spec.shared.map((w) => ({ name: w.name, uses: [...w.uses] }));
  return spec;
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/**
 * Validates an untrusted spec (e.g. `JSON.parse` output) and builds the network,
 * or returns one clear message per problem (malformed id, cycle, duplicate edge,
 * self-loop, unknown neuron, missing output, neuron with no path to E, …).
 * @example
 * const r = parseNetwork({ name: 'tiny', inputs: [{ input: 'x1', neuron: 'n1' }],
 *   edges: [{ from: 'n1', to: 'n2' }], outputs: ['n2'] });
 * if (r.ok) r.network.topologicalOrder; // [1, 2]
 */
export function parseNetwork(spec: unknown): ParseNetworkResult {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return {
      ok: false,
      errors: ['a network spec must be a JSON object with name, inputs, edges and outputs'],
    };
  }
  const shape = networkSpecSchema.safeParse(spec);
  if (!shape.success) {
    const errors = shape.error.issues.map((issue) => {
      const where = formatPath(issue.path);
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}` +
            (where === '' ? ` (allowed: ${Object.keys(networkSpecSchema.shape).join(', ')})` : '')
          : issue.message;
      return where === '' ? message : `${where}: ${message}`;
    });
    return { ok: false, errors: capErrors(errors) };
  }
  const s = shape.data;
  const errors = new ErrorList();

  // 1. Ids: one message per distinct malformed id, naming where it first appears.
  const badIds = new Map<string, { where: string; count: number; kind: 'neuron' | 'input' }>();
  const neuron = (id: string, where: string): number | null => {
    const n = parseNeuronId(id);
    if (n === null) noteBadId(badIds, id, where, 'neuron');
    return n;
  };
  const input = (id: string, where: string): number | null => {
    const n = parseInputId(id);
    if (n === null) noteBadId(badIds, id, where, 'input');
    return n;
  };
  const neurons = s.neurons?.map((id, i) => neuron(id, `neurons[${i}]`));
  const edges = s.edges.map((e, i) => {
    const from = neuron(e.from, `edges[${i}].from`);
    const to = neuron(e.to, `edges[${i}].to`);
    return from === null || to === null ? null : { from, to };
  });
  const inputs = s.inputs.map((c, i) => {
    const l = input(c.input, `inputs[${i}].input`);
    const n = neuron(c.neuron, `inputs[${i}].neuron`);
    return l === null || n === null ? null : { input: l, neuron: n };
  });
  const outputs = s.outputs.map((id, i) => neuron(id, `outputs[${i}]`));
  for (const [id, info] of badIds) errors.push(badIdMessage(id, info));

  return validateAndBuild(
    {
      name: s.name,
      neurons: neurons?.filter((n): n is number => n !== null),
      edges,
      inputs,
      outputs,
      hints: { positions: s.positions, labels: s.labels, layers: s.layers },
      shared: s.shared,
      specSource: 'spec',
      incomplete: badIds.size > 0,
    },
    errors,
    () => s,
  );
}

/**
 * Builds a network from numeric parts (used by generators), with the same
 * semantic validation as `parseNetwork`; the spec is produced lazily.
 */
export function networkFromParts(parts: NetworkParts): ParseNetworkResult {
  let spec: NetworkSpec | undefined;
  const makeSpec = (): NetworkSpec => {
    spec ??= partsToSpec(parts);
    return spec;
  };
  return validateAndBuild(
    {
      name: parts.name,
      neurons: parts.neurons,
      edges: parts.edges,
      inputs: parts.inputs,
      outputs: parts.outputs,
      hints: parts.hints ?? {},
      shared: parts.shared,
      specSource: 'parts',
      incomplete: false,
    },
    new ErrorList(),
    makeSpec,
  );
}

/** Like `networkFromParts`, but throws an Error listing the problems when invalid. */
export function networkFromPartsOrThrow(parts: NetworkParts): Network {
  const r = networkFromParts(parts);
  if (!r.ok) throw new Error(`invalid network "${parts.name}": ${r.errors.join('; ')}`);
  return r.network;
}

/** Like `parseNetwork`, but throws an Error listing the problems when invalid. */
export function parseNetworkOrThrow(spec: unknown): Network {
  const r = parseNetwork(spec);
  if (!r.ok) throw new Error(`invalid network: ${r.errors.join('; ')}`);
  return r.network;
}

function partsToSpec(parts: NetworkParts): NetworkSpec {
  const spec: NetworkSpec = {
    name: parts.name,
    inputs: parts.inputs.map((c) => ({ input: inputId(c.input), neuron: neuronId(c.neuron) })),
    edges: parts.edges.map((e) => ({ from: neuronId(e.from), to: neuronId(e.to) })),
    outputs: parts.outputs.map(neuronId),
  };
  if (parts.description !== undefined) spec.description = parts.description;
  if (parts.neurons !== undefined) spec.neurons = parts.neurons.map(neuronId);
  const h = parts.hints;
  if (h?.positions !== undefined) spec.positions = structuredCloneJson(h.positions);
  if (h?.labels !== undefined) spec.labels = { ...h.labels };
  if (h?.layers !== undefined) spec.layers = h.layers.map((row) => [...row]);
  if (parts.shared !== undefined) spec.shared = parts.shared.map((w) => ({ name: w.name, uses: [...w.uses] }));
  return deepFreeze(spec);
}

function noteBadId(
  bad: Map<string, { where: string; count: number; kind: 'neuron' | 'input' }>,
  id: string,
  where: string,
  kind: 'neuron' | 'input',
): void {
  const seen = bad.get(id);
  if (seen) seen.count++;
  else bad.set(id, { where, count: 1, kind });
}

function badIdMessage(id: string, info: { where: string; count: number; kind: 'neuron' | 'input' }): string {
  const letter = info.kind === 'neuron' ? 'n' : 'x';
  const example = info.kind === 'neuron' ? 'n3' : 'x1';
  const more = info.count > 1 ? ` (and ${info.count - 1} more place${info.count > 2 ? 's' : ''})` : '';
  const sub = new RegExp(`^${letter}_\\{?([1-9]\\d*)\\}?$`).exec(id.trim());
  const hint = sub
    ? `write "${letter}${sub[1]}"`
    : `expected ${letter} followed by a positive integer up to ${MAX_INDEX} without leading zeros, e.g. "${example}"`;
  return `${info.where}: ${JSON.stringify(id)} is not ${info.kind === 'neuron' ? 'a neuron' : 'an input'} id (${hint})${more}`;
}

class ErrorList {
  readonly items: string[] = [];
  push(message: string): void {
    this.items.push(message);
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}

function capErrors(errors: string[]): string[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [...errors.slice(0, MAX_REPORTED_ERRORS), `… and ${rest} more problem${rest > 1 ? 's' : ''}`];
}

interface RawNetwork {
  readonly name: string;
  readonly neurons: readonly number[] | undefined;
  /** Entries that failed id parsing are `null`, keeping spec indices for messages. */
  readonly edges: readonly (Edge | null)[];
  readonly inputs: readonly (InputConnection | null)[];
  readonly outputs: readonly (number | null)[];
  readonly hints: NetworkHints;
  readonly shared: readonly SharedWeightSpec[] | undefined;
  readonly specSource: 'spec' | 'parts';
  /**
   * Some entries were dropped for malformed ids: the neuron set may be
   * incomplete, so "unknown neuron" and "no path to E" messages are held back
   * (they would only echo the id errors).
   */
  readonly incomplete: boolean;
}

const n = neuronId;

function validateAndBuild(
  raw: RawNetwork,
  errors: ErrorList,
  getSpec: () => NetworkSpec,
): ParseNetworkResult {
  // 2. The neuron set: explicit, or the endpoints of the edges.
  const explicit = raw.neurons !== undefined;
  const known = new Set<number>();
  if (raw.neurons !== undefined) {
    for (const id of raw.neurons) {
      if (!isIndex(id)) errors.push(`neurons: ${id} is not a valid neuron index`);
      else if (known.has(id)) errors.push(`neurons: ${n(id)} is listed twice`);
      else known.add(id);
    }
  } else {
    for (const e of raw.edges) {
      if (e && isIndex(e.from) && isIndex(e.to)) {
        known.add(e.from);
        known.add(e.to);
      }
    }
  }
  const unknownWhy = explicit ? 'it is not in "neurons"' : 'no edge touches it';
  if (known.size > MAX_NEURONS) errors.push(`too many neurons: ${known.size} (at most ${MAX_NEURONS})`);
  if (raw.edges.length > MAX_EDGES) errors.push(`too many edges: ${raw.edges.length} (at most ${MAX_EDGES})`);

  // 3. Edges: self-loops, duplicates, unknown endpoints.
  const succ = new Map<number, number[]>();
  const pred = new Map<number, number[]>();
  for (const id of known) {
    succ.set(id, []);
    pred.set(id, []);
  }
  const seenEdges = new Map<number, Set<number>>();
  const selfLoops = new Set<number>();
  raw.edges.forEach((e, i) => {
    if (!e) return;
    if (!isIndex(e.from) || !isIndex(e.to)) {
      errors.push(`edges[${i}]: ${e.from} → ${e.to} is not a pair of valid neuron indices`);
      return;
    }
    if (e.from === e.to) {
      selfLoops.add(e.from);
      errors.push(`edges[${i}]: edge ${n(e.from)} → ${n(e.to)} is a self-loop (a neuron cannot feed itself)`);
      return;
    }
    let row = seenEdges.get(e.from);
    if (!row) seenEdges.set(e.from, (row = new Set()));
    if (row.has(e.to)) {
      // Rare: find the first occurrence only when reporting.
      const first = raw.edges.findIndex((f) => f !== null && f.from === e.from && f.to === e.to);
      errors.push(`edges[${i}]: edge ${n(e.from)} → ${n(e.to)} is listed twice (first at edges[${first}])`);
      return;
    }
    row.add(e.to);
    if (!known.has(e.from) || !known.has(e.to)) {
      if (raw.incomplete) return;
      const missing = [e.from, e.to].filter((id) => !known.has(id));
      errors.push(
        `edges[${i}]: edge ${n(e.from)} → ${n(e.to)} uses unknown neuron ${missing.map(n).join(' and ')} (not in "neurons")`,
      );
      return;
    }
    (succ.get(e.from) as number[]).push(e.to);
    (pred.get(e.to) as number[]).push(e.from);
  });

  // 4. Outputs.
  const outputSet = new Set<number>();
  if (raw.outputs.length === 0) errors.push('outputs is empty: at least one neuron must feed the loss E');
  raw.outputs.forEach((o, i) => {
    if (o === null) return;
    if (!known.has(o)) {
      if (!raw.incomplete) errors.push(`outputs[${i}]: output ${n(o)} does not exist (${unknownWhy})`);
    } else if (outputSet.has(o)) errors.push(`outputs[${i}]: output ${n(o)} is listed twice`);
    else outputSet.add(o);
  });

  // 5. Inputs.
  const inputsOfNeuron = new Map<number, number[]>();
  const neuronsOfInput = new Map<number, number[]>();
  const seenInput = new Map<string, number>();
  raw.inputs.forEach((c, i) => {
    if (!c) return;
    if (!isIndex(c.input) || !isIndex(c.neuron)) {
      errors.push(`inputs[${i}]: ${c.input} → ${c.neuron} is not a valid input connection`);
      return;
    }
    const key = `${c.input},${c.neuron}`;
    const first = seenInput.get(key);
    if (first !== undefined) {
      errors.push(
        `inputs[${i}]: input x${c.input} → ${n(c.neuron)} is listed twice (first at inputs[${first}])`,
      );
      return;
    }
    seenInput.set(key, i);
    if (!known.has(c.neuron)) {
      if (raw.incomplete) return;
      errors.push(`inputs[${i}]: input x${c.input} feeds unknown neuron ${n(c.neuron)} (${unknownWhy})`);
      return;
    }
    pushTo(inputsOfNeuron, c.neuron, c.input);
    pushTo(neuronsOfInput, c.input, c.neuron);
  });

  // 6. Cycles: one message per strongly connected component, naming a cycle in order.
  const inCycle = new Set<number>(selfLoops);
  for (const { cycle, component } of findCycles(known, succ)) {
    errors.push(`cycle: ${[...cycle, cycle[0] as number].map(n).join(' → ')} (a network must be acyclic)`);
    for (const id of component) inCycle.add(id);
  }

  // 7. Every neuron must reach E (walk backwards from the outputs).
  const reaches = new Set<number>(outputSet);
  const stack = [...outputSet];
  while (stack.length > 0) {
    const cur = stack.pop() as number;
    for (const p of pred.get(cur) ?? EMPTY) {
      if (!reaches.has(p)) {
        reaches.add(p);
        stack.push(p);
      }
    }
  }
  if (outputSet.size > 0 && !raw.incomplete) {
    for (const id of [...known].sort((a, b) => a - b)) {
      // A neuron already named in a cycle or self-loop message is not reported again.
      if (!reaches.has(id) && !inCycle.has(id)) {
        errors.push(
          `${n(id)} has no path to E: it is not an output and none of the neurons it feeds leads to one`,
        );
      }
    }
  }

  // 8. Layout hints.
  validateHints(raw.hints, known, new Set(neuronsOfInput.keys()), succ, errors);

  // 9. Shared weights.
  const shared = validateShared(raw.shared, succ, inputsOfNeuron, errors);

  if (!errors.empty) return { ok: false, errors: capErrors(errors.items) };

  const sortNum = (a: number, b: number): number => a - b;
  for (const list of succ.values()) list.sort(sortNum);
  for (const list of pred.values()) list.sort(sortNum);
  for (const list of inputsOfNeuron.values()) list.sort(sortNum);
  for (const list of neuronsOfInput.values()) list.sort(sortNum);
  const neurons = [...known].sort(sortNum);
  const edges: Edge[] = [];
  for (const from of neurons)
    for (const to of succ.get(from) ?? EMPTY) edges.push(Object.freeze({ from, to }));
  const inputIndices = [...neuronsOfInput.keys()].sort(sortNum);
  const inputs: InputConnection[] = [];
  for (const l of inputIndices) {
    for (const neuron of neuronsOfInput.get(l) ?? EMPTY) inputs.push(Object.freeze({ input: l, neuron }));
  }

  let frozenSpec: NetworkSpec | undefined;
  const network: Network = {
    name: raw.name,
    neurons: Object.freeze(neurons),
    inputIndices: Object.freeze(inputIndices),
    inputs: Object.freeze(inputs),
    edges: Object.freeze(edges),
    outputs: Object.freeze([...outputSet].sort(sortNum)),
    topologicalOrder: Object.freeze(topologicalOrder(neurons, succ, pred)),
    successors: freezeLists(succ),
    predecessors: freezeLists(pred),
    inputsOfNeuron: freezeLists(inputsOfNeuron),
    neuronsOfInput: freezeLists(neuronsOfInput),
    outputSet,
    shared: shared.byName,
    sharedOfEdge: shared.ofEdge,
    get spec(): NetworkSpec {
      frozenSpec ??= raw.specSource === 'spec' ? deepFreeze(getSpec()) : getSpec();
      return frozenSpec;
    },
  };
  return { ok: true, network: Object.freeze(network) };
}

const NEURON_EDGE_ID = /^n([1-9]\d*)-n([1-9]\d*)$/;
const INPUT_EDGE_ID = /^x([1-9]\d*)-n([1-9]\d*)$/;

/**
 * Checks the shared weights: names are lowercase letters and unique, every
 * use is an existing edge or input connection, an edge carries at most one
 * shared weight, and one weight feeds a neuron at most once (its uses are the
 * time steps of an unrolled cell).
 */
function validateShared(
  shared: readonly SharedWeightSpec[] | undefined,
  succ: ReadonlyMap<number, readonly number[]>,
  inputsOfNeuron: ReadonlyMap<number, readonly number[]>,
  errors: ErrorList,
): { byName: Map<string, readonly SharedUse[]>; ofEdge: Map<string, string> } {
  const byName = new Map<string, readonly SharedUse[]>();
  const ofEdge = new Map<string, string>();
  (shared ?? []).forEach((w, i) => {
    const where = `shared[${i}]`;
    if (!SHARED_NAME_PATTERN.test(w.name)) {
      errors.push(
        `${where}.name: ${JSON.stringify(w.name)} is not a shared-weight name (1 to ${MAX_SHARED_NAME_LENGTH} lowercase letters, e.g. "hh" for w_{hh})`,
      );
      return;
    }
    if (byName.has(w.name)) {
      errors.push(`${where}.name: shared weight w_{${w.name}} is declared twice`);
      return;
    }
    const uses: SharedUse[] = [];
    const intoNeuron = new Map<number, string>();
    w.uses.forEach((id, j) => {
      const at = `${where}.uses[${j}]`;
      const ne = NEURON_EDGE_ID.exec(id);
      const ie = ne ? null : INPUT_EDGE_ID.exec(id);
      if (!ne && !ie) {
        errors.push(`${at}: ${JSON.stringify(id)} is not an edge id (write "n3-n6" for an edge or "x1-n1" for an input)`);
        return;
      }
      const m = (ne ?? ie) as RegExpExecArray;
      const source = Number(m[1]);
      const neuron = Number(m[2]);
      const exists = ne
        ? (succ.get(source) ?? EMPTY).includes(neuron)
        : (inputsOfNeuron.get(neuron) ?? EMPTY).includes(source);
      if (!exists) {
        errors.push(`${at}: w_{${w.name}} sits on ${id}, which is not an edge of this network`);
        return;
      }
      const other = ofEdge.get(id);
      if (other !== undefined) {
        errors.push(`${at}: edge ${id} already carries shared weight w_{${other}} (an edge has one weight)`);
        return;
      }
      const twice = intoNeuron.get(neuron);
      if (twice !== undefined) {
        errors.push(
          `${at}: w_{${w.name}} feeds ${n(neuron)} twice (${twice} and ${id}); a shared weight is used once per neuron`,
        );
        return;
      }
      intoNeuron.set(neuron, id);
      ofEdge.set(id, w.name);
      uses.push(Object.freeze({ edge: id, neuron, source, fromInput: ie !== null }));
    });
    uses.sort((a, b) => a.neuron - b.neuron);
    byName.set(w.name, Object.freeze(uses));
  });
  return { byName, ofEdge };
}

function isIndex(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_INDEX;
}

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function freezeLists(map: Map<number, number[]>): ReadonlyMap<number, readonly number[]> {
  for (const list of map.values()) Object.freeze(list);
  return map;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Kahn's algorithm; sources in ascending order, then first-ready-first-out. */
function topologicalOrder(
  neurons: readonly number[],
  succ: ReadonlyMap<number, readonly number[]>,
  pred: ReadonlyMap<number, readonly number[]>,
): number[] {
  const indeg = new Map<number, number>();
  const queue: number[] = [];
  for (const id of neurons) {
    const d = pred.get(id)?.length ?? 0;
    indeg.set(id, d);
    if (d === 0) queue.push(id);
  }
  for (let head = 0; head < queue.length; head++) {
    for (const s of succ.get(queue[head] as number) ?? EMPTY) {
      const d = (indeg.get(s) as number) - 1;
      indeg.set(s, d);
      if (d === 0) queue.push(s);
    }
  }
  return queue;
}

/**
 * Finds one cycle per non-trivial strongly connected component (iterative
 * Tarjan), each starting at the component's smallest neuron and following
 * the shortest way back to it.
 */
function findCycles(
  known: ReadonlySet<number>,
  succ: ReadonlyMap<number, readonly number[]>,
): { cycle: number[]; component: number[] }[] {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  const sorted = [...known].sort((a, b) => a - b);
  for (const root of sorted) {
    if (index.has(root)) continue;
    const work: { node: number; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: number; next: number };
      const out = succ.get(frame.node) ?? EMPTY;
      if (frame.next < out.length) {
        const w = out[frame.next++] as number;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.node);
        if (comp.length > 1) components.push(comp);
      }
    }
  }
  return components
    .map((component) => ({ cycle: shortestCycle(new Set(component), succ), component }))
    .sort((a, b) => (a.cycle[0] as number) - (b.cycle[0] as number));
}

function shortestCycle(comp: ReadonlySet<number>, succ: ReadonlyMap<number, readonly number[]>): number[] {
  const start = Math.min(...comp);
  const parent = new Map<number, number>();
  const queue = [start];
  const seen = new Set([start]);
  for (let head = 0; head < queue.length; head++) {
    const cur = queue[head] as number;
    for (const next of [...(succ.get(cur) ?? EMPTY)].sort((a, b) => a - b)) {
      if (next === start) {
        const cycle = [cur];
        let p = cur;
        while (p !== start) {
          p = parent.get(p) as number;
          cycle.push(p);
        }
        return cycle.reverse();
      }
      if (comp.has(next) && !seen.has(next)) {
        seen.add(next);
        parent.set(next, cur);
        queue.push(next);
      }
    }
  }
  return [...comp].sort((a, b) => a - b);
}

function nodeIdKind(id: string, known: ReadonlySet<number>, inputs: ReadonlySet<number>): boolean {
  if (id === 'E') return true;
  const nn = parseNeuronId(id);
  if (nn !== null) return known.has(nn);
  const x = parseInputId(id);
  return x !== null && inputs.has(x);
}

function validateHints(
  hints: NetworkHints,
  known: ReadonlySet<number>,
  inputs: ReadonlySet<number>,
  succ: ReadonlyMap<number, readonly number[]>,
  errors: ErrorList,
): void {
  if (hints.positions) {
    const at = new Map<string, string>();
    for (const [id, p] of Object.entries(hints.positions)) {
      if (!nodeIdKind(id, known, inputs)) {
        errors.push(`positions: ${JSON.stringify(id)} is not a node of this network (use n3, x1 or E)`);
        continue;
      }
      const key = `${p.x},${p.y}`;
      const other = at.get(key);
      if (other !== undefined) errors.push(`positions: ${id} and ${other} are both at (${p.x}, ${p.y})`);
      else at.set(key, id);
    }
  }
  if (hints.labels) {
    for (const id of Object.keys(hints.labels)) {
      if (!nodeIdKind(id, known, inputs)) {
        errors.push(`labels: ${JSON.stringify(id)} is not a node of this network (use n3, x1 or E)`);
      }
    }
  }
  if (hints.layers) {
    const layerOf = new Map<number, number>();
    hints.layers.forEach((row, i) => {
      for (const id of row) {
        const nn = parseNeuronId(id);
        if (nn === null || !known.has(nn)) {
          errors.push(`layers[${i}]: ${JSON.stringify(id)} is not a neuron of this network`);
        } else if (layerOf.has(nn)) {
          errors.push(`layers: ${id} is listed twice`);
        } else {
          layerOf.set(nn, i + 1);
        }
      }
    });
    const missing = [...known].filter((id) => !layerOf.has(id)).sort((a, b) => a - b);
    if (missing.length > 0) {
      errors.push(
        `layers: every neuron must be in a layer; missing ${missing.slice(0, 10).map(n).join(', ')}${missing.length > 10 ? ', …' : ''}`,
      );
    }
    for (const [from, tos] of succ) {
      for (const to of tos) {
        const lf = layerOf.get(from);
        const lt = layerOf.get(to);
        if (lf !== undefined && lt !== undefined && lf <= lt) {
          errors.push(
            `layers: edge ${n(from)} → ${n(to)} goes from layer ${lf} to layer ${lt}; layers are numbered from the loss, so a neuron's layer must be higher than those it feeds`,
          );
        }
      }
    }
  }
}
