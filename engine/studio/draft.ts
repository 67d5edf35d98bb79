/**
 * The studio's editor model: a network being edited (a `DraftNetwork`), every
 * edit as a pure function returning a new draft, and the conversion to and
 * from the network interchange format. No React, no I/O: the studio pages and
 * the tests drive the same functions.
 *
 * A draft may be invalid while it is being edited (a neuron with no path to E,
 * a cycle imported from a file); `validateDraft` in validate.ts says where.
 */
import type { Edge } from '../types';
import type { InputConnection, NetworkSpec, SharedWeightSpec } from '../network';
import { MAX_INDEX, SHARED_NAME_PATTERN, inputId, neuronId, parseInputId, parseNeuronId } from '../network';
import type { LayerNumbering } from '../generators';

/** A network being edited. Arrays keep the author's order (messages name positions in it). */
export interface DraftNetwork {
  /** Display name (1–200 characters once saved). */
  readonly name: string;
  /** Every neuron, in the order they were added. */
  readonly neurons: readonly number[];
  /** Input connections `x_input → n_neuron`. */
  readonly inputs: readonly InputConnection[];
  /** Neuron edges `n_from → n_to`, forward. */
  readonly edges: readonly Edge[];
  /** Neurons feeding E. */
  readonly outputs: readonly number[];
  /** How the studio numbers layers in labels and formula questions. */
  readonly numbering: LayerNumbering;
  /** Shared weights: one weight on several edges (edge ids `n1-n2`, `x1-n1`). */
  readonly shared?: readonly SharedWeightSpec[];
}

/** Drops the shared-weight uses whose edge no longer exists (and weights left with no use). */
function pruneShared(d: DraftNetwork): DraftNetwork {
  if (!d.shared) return d;
  const ids = new Set([
    ...d.edges.map((e) => `n${e.from}-n${e.to}`),
    ...d.inputs.map((c) => `x${c.input}-n${c.neuron}`),
  ]);
  const shared = d.shared.map((w) => ({ name: w.name, uses: w.uses.filter((u) => ids.has(u)) })).filter((w) => w.uses.length > 0);
  if (shared.length === 0) {
    const { shared: _dropped, ...rest } = d;
    return rest;
  }
  return { ...d, shared };
}

/**
 * Puts the shared weight `w_{name}` on an edge (`n1-n2` or `x1-n1`), or takes
 * it off when it is there; a weight with no use left disappears. An edge
 * carrying another shared weight moves to this one.
 */
export function toggleSharedUse(d: DraftNetwork, name: string, edge: string): EditResult {
  if (!SHARED_NAME_PATTERN.test(name)) return fail(`a shared weight is named by 1 to 8 lowercase letters (e.g. "hh" for w_{hh})`);
  const exists =
    d.edges.some((e) => `n${e.from}-n${e.to}` === edge) || d.inputs.some((c) => `x${c.input}-n${c.neuron}` === edge);
  if (!exists) return fail(`${edge} is not an edge of this network`);
  const shared = [...(d.shared ?? [])];
  const i = shared.findIndex((w) => w.name === name);
  const on = i >= 0 && (shared[i] as SharedWeightSpec).uses.includes(edge);
  const cleared = shared.map((w) => ({ name: w.name, uses: w.uses.filter((u) => u !== edge) }));
  if (!on) {
    if (i >= 0) cleared[i] = { name, uses: [...(cleared[i] as SharedWeightSpec).uses, edge] };
    else cleared.push({ name, uses: [edge] });
  }
  return ok(pruneShared({ ...d, shared: cleared }));
}

/** A network with one neuron n1, fed by x1, feeding E: the smallest valid start. */
export function blankDraft(name = 'New network'): DraftNetwork {
  return { name, neurons: [1], inputs: [{ input: 1, neuron: 1 }], edges: [], outputs: [1], numbering: 'from-loss' };
}

/** The next free neuron number (one more than the largest). */
export function nextNeuron(d: DraftNetwork): number {
  return d.neurons.reduce((m, n) => Math.max(m, n), 0) + 1;
}

/** The next free input number (one more than the largest). */
export function nextInput(d: DraftNetwork): number {
  return d.inputs.reduce((m, c) => Math.max(m, c.input), 0) + 1;
}

/** Why an edit cannot be made, or the new draft. */
export type EditResult = { readonly ok: true; readonly draft: DraftNetwork } | { readonly ok: false; readonly error: string };

function ok(draft: DraftNetwork): EditResult {
  return { ok: true, draft };
}

function fail(error: string): EditResult {
  return { ok: false, error };
}

function hasNeuron(d: DraftNetwork, n: number): boolean {
  return d.neurons.includes(n);
}

/**
 * Adds a new neuron (numbered `nextNeuron`), optionally feeding `feeds` so it
 * is on a path to E at once.
 */
export function addNeuron(d: DraftNetwork, feeds?: number): EditResult {
  const id = nextNeuron(d);
  if (id > MAX_INDEX) return fail(`neuron numbers stop at ${MAX_INDEX}`);
  if (feeds !== undefined && !hasNeuron(d, feeds)) return fail(`${neuronId(feeds)} does not exist`);
  return ok({
    ...d,
    neurons: [...d.neurons, id],
    edges: feeds === undefined ? d.edges : [...d.edges, { from: id, to: feeds }],
  });
}

/** Removes a neuron with every edge, input connection and output mark that touches it. */
export function removeNeuron(d: DraftNetwork, n: number): EditResult {
  if (!hasNeuron(d, n)) return fail(`${neuronId(n)} does not exist`);
  return ok(
    pruneShared({
      ...d,
      neurons: d.neurons.filter((m) => m !== n),
      edges: d.edges.filter((e) => e.from !== n && e.to !== n),
      inputs: d.inputs.filter((c) => c.neuron !== n),
      outputs: d.outputs.filter((o) => o !== n),
    }),
  );
}

/**
 * Connects `n_a` and `n_b`, or disconnects them when an edge already joins
 * them (either way round): the "tap two neurons" gesture. A new edge goes
 * `from → to` as tapped; the validator reports a cycle it closes.
 */
export function toggleEdge(d: DraftNetwork, from: number, to: number): EditResult {
  if (!hasNeuron(d, from)) return fail(`${neuronId(from)} does not exist`);
  if (!hasNeuron(d, to)) return fail(`${neuronId(to)} does not exist`);
  if (from === to) return fail(`${neuronId(from)} cannot feed itself (tap two different neurons)`);
  const joined = (e: Edge): boolean => (e.from === from && e.to === to) || (e.from === to && e.to === from);
  if (d.edges.some(joined)) return ok(pruneShared({ ...d, edges: d.edges.filter((e) => !joined(e)) }));
  return ok({ ...d, edges: [...d.edges, { from, to }] });
}

/** Reverses the edge `n_from → n_to`. */
export function reverseEdge(d: DraftNetwork, from: number, to: number): EditResult {
  const i = d.edges.findIndex((e) => e.from === from && e.to === to);
  if (i < 0) return fail(`there is no edge ${neuronId(from)} → ${neuronId(to)}`);
  return ok(pruneShared({ ...d, edges: d.edges.map((e, j) => (j === i ? { from: to, to: from } : e)) }));
}

/** Marks `n` as feeding E, or unmarks it. */
export function toggleOutput(d: DraftNetwork, n: number): EditResult {
  if (!hasNeuron(d, n)) return fail(`${neuronId(n)} does not exist`);
  return ok({
    ...d,
    outputs: d.outputs.includes(n) ? d.outputs.filter((o) => o !== n) : [...d.outputs, n],
  });
}

/** Adds a new network input `x_{next}` (a d-dimensional vector) feeding `n`. */
export function addInput(d: DraftNetwork, n: number): EditResult {
  if (!hasNeuron(d, n)) return fail(`${neuronId(n)} does not exist`);
  const input = nextInput(d);
  if (input > MAX_INDEX) return fail(`input numbers stop at ${MAX_INDEX}`);
  return ok({ ...d, inputs: [...d.inputs, { input, neuron: n }] });
}

/** Connects input `x_l` to `n`, or disconnects it when already connected. */
export function toggleInputConnection(d: DraftNetwork, input: number, n: number): EditResult {
  if (!hasNeuron(d, n)) return fail(`${neuronId(n)} does not exist`);
  if (!d.inputs.some((c) => c.input === input)) return fail(`${inputId(input)} does not exist`);
  const same = (c: InputConnection): boolean => c.input === input && c.neuron === n;
  if (d.inputs.some(same)) return ok(pruneShared({ ...d, inputs: d.inputs.filter((c) => !same(c)) }));
  return ok({ ...d, inputs: [...d.inputs, { input, neuron: n }] });
}

/** Removes input `x_l` and all its connections. */
export function removeInput(d: DraftNetwork, input: number): EditResult {
  if (!d.inputs.some((c) => c.input === input)) return fail(`${inputId(input)} does not exist`);
  return ok(pruneShared({ ...d, inputs: d.inputs.filter((c) => c.input !== input) }));
}

/** Renames the network. */
export function renameDraft(d: DraftNetwork, name: string): EditResult {
  return ok({ ...d, name });
}

/** Chooses how layers are numbered (from the loss, as in the lecture, or from the input). */
export function setNumbering(d: DraftNetwork, numbering: LayerNumbering): EditResult {
  return ok({ ...d, numbering });
}

/**
 * Renumbers neurons 1…N by layer from the input side (row nearest the inputs
 * first) and inputs 1…M by their first neuron, keeping the order inside each
 * layer. `layers` are the rows numbered from the loss, as the layout gives them.
 */
export function renumberByLayers(d: DraftNetwork, layers: readonly (readonly number[])[]): EditResult {
  const order = [...layers].reverse().flat();
  const missing = d.neurons.filter((n) => !order.includes(n));
  const map = new Map<number, number>();
  [...order.filter((n) => hasNeuron(d, n)), ...missing].forEach((n, i) => map.set(n, i + 1));
  const m = (n: number): number => map.get(n) as number;
  const inputOrder = [...new Set([...d.inputs].sort((a, b) => m(a.neuron) - m(b.neuron)).map((c) => c.input))];
  const inputMap = new Map(inputOrder.map((l, i) => [l, i + 1]));
  return ok({
    ...d,
    neurons: [...d.neurons].map(m).sort((a, b) => a - b),
    edges: d.edges.map((e) => ({ from: m(e.from), to: m(e.to) })),
    inputs: d.inputs.map((c) => ({ input: inputMap.get(c.input) as number, neuron: m(c.neuron) })),
    outputs: d.outputs.map(m),
    ...(d.shared
      ? {
          shared: d.shared.map((w) => ({
            name: w.name,
            uses: w.uses.map((u) => {
              const ne = /^n(\d+)-n(\d+)$/.exec(u);
              if (ne) return `n${m(Number(ne[1]))}-n${m(Number(ne[2]))}`;
              const ie = /^x(\d+)-n(\d+)$/.exec(u);
              return ie ? `x${inputMap.get(Number(ie[1])) as number}-n${m(Number(ie[2]))}` : u;
            }),
          })),
        }
      : {}),
  });
}

/** The draft in the network interchange format (with an explicit `neurons` list). */
export function draftToSpec(d: DraftNetwork): NetworkSpec {
  const spec: NetworkSpec = {
    name: d.name,
    neurons: d.neurons.map(neuronId),
    inputs: d.inputs.map((c) => ({ input: inputId(c.input), neuron: neuronId(c.neuron) })),
    edges: d.edges.map((e) => ({ from: neuronId(e.from), to: neuronId(e.to) })),
    outputs: d.outputs.map(neuronId),
  };
  if (d.shared && d.shared.length > 0) spec.shared = d.shared.map((w) => ({ name: w.name, uses: [...w.uses] }));
  return spec;
}

/**
 * A draft from a network spec that has passed the shape check
 * (`networkSpecSchema`). Malformed ids refuse the whole import with one
 * message each, so nothing is half-loaded; graph problems (cycles, …) load and
 * are shown by the validator at their elements. Without `neurons`, the
 * neurons are the endpoints of edges, outputs and inputs.
 */
export function draftFromSpec(
  spec: Pick<NetworkSpec, 'name' | 'neurons' | 'inputs' | 'edges' | 'outputs' | 'shared'>,
  numbering: LayerNumbering = 'from-loss',
): { ok: true; draft: DraftNetwork } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const neuron = (id: string, where: string): number => {
    const n = parseNeuronId(id);
    if (n === null) errors.push(`${where}: ${JSON.stringify(id)} is not a neuron id (write e.g. "n3")`);
    return n ?? 0;
  };
  const input = (id: string, where: string): number => {
    const n = parseInputId(id);
    if (n === null) errors.push(`${where}: ${JSON.stringify(id)} is not an input id (write e.g. "x1")`);
    return n ?? 0;
  };
  const edges = spec.edges.map((e, i) => ({ from: neuron(e.from, `edges[${i}].from`), to: neuron(e.to, `edges[${i}].to`) }));
  const inputs = spec.inputs.map((c, i) => ({ input: input(c.input, `inputs[${i}].input`), neuron: neuron(c.neuron, `inputs[${i}].neuron`) }));
  const outputs = spec.outputs.map((o, i) => neuron(o, `outputs[${i}]`));
  const listed = spec.neurons?.map((id, i) => neuron(id, `neurons[${i}]`));
  if (errors.length > 0) return { ok: false, errors };
  const neurons = listed ?? [
    ...new Set([...edges.flatMap((e) => [e.from, e.to]), ...outputs, ...inputs.map((c) => c.neuron)]),
  ].sort((a, b) => a - b);
  const draft: DraftNetwork = { name: spec.name, neurons: [...new Set(neurons)], inputs, edges, outputs, numbering };
  return { ok: true, draft: spec.shared ? { ...draft, shared: spec.shared.map((w) => ({ name: w.name, uses: [...w.uses] })) } : draft };
}
