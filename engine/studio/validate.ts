/**
 * Live validation of a draft with the engine's own messages
 * (`networkFromParts`, the same rules as `parseNetwork`), each attached to
 * the element it is about so the studio can show it there.
 */
import type { Network } from '../network';
import { MAX_NAME_LENGTH, networkFromParts, neuronId } from '../network';
import { inputEdgeId, lossEdgeId, neuronEdgeId } from '../paths';
import { MAX_DRAWN_EDGES, MAX_DRAWN_NEURONS } from '../quiz/graph-question';
import type { DraftNetwork } from './draft';

/** What a validation message is about. */
export type DraftElement =
  | { readonly kind: 'network' }
  | { readonly kind: 'name' }
  | { readonly kind: 'neuron'; readonly neuron: number }
  /** A drawn edge by its id (`n3-n6`, `x1-n1`, `n6-E`), as in `allEdgeIds`. */
  | { readonly kind: 'edge'; readonly id: string }
  | { readonly kind: 'input'; readonly input: number };

/** One problem of a draft. `blocking` problems stop it from being saved; others are warnings. */
export interface DraftIssue {
  readonly element: DraftElement;
  readonly message: string;
  readonly blocking: boolean;
}

/** The validation of a draft: the built network when valid, and every issue. */
export interface DraftValidation {
  readonly network: Network | null;
  readonly issues: readonly DraftIssue[];
  /** False when the network is too big to draw on a phone (only count questions can use it). */
  readonly drawable: boolean;
}

const CYCLE = /^cycle: (.*) \(a network must be acyclic\)$/;
const NO_PATH = /^n(\d+) has no path to E/;
const AT_INDEX = /^(edges|inputs|outputs)\[(\d+)\]/;
const AT_SHARED_USE = /^shared\[(\d+)\]\.uses\[(\d+)\]/;

function elementsOf(d: DraftNetwork, message: string): DraftElement[] {
  const cycle = CYCLE.exec(message);
  if (cycle) {
    const ids = (cycle[1] as string).split(' → ').map((s) => Number(s.slice(1)));
    const out: DraftElement[] = [];
    for (let i = 0; i + 1 < ids.length; i++) {
      out.push({ kind: 'neuron', neuron: ids[i] as number });
      out.push({ kind: 'edge', id: neuronEdgeId(ids[i] as number, ids[i + 1] as number) });
    }
    return out;
  }
  const noPath = NO_PATH.exec(message);
  if (noPath) return [{ kind: 'neuron', neuron: Number(noPath[1]) }];
  const use = AT_SHARED_USE.exec(message);
  if (use) {
    const id = d.shared?.[Number(use[1])]?.uses[Number(use[2])];
    if (id !== undefined) return [{ kind: 'edge', id }];
  }
  const at = AT_INDEX.exec(message);
  if (at) {
    const i = Number(at[2]);
    if (at[1] === 'edges') {
      const e = d.edges[i];
      if (e) return [{ kind: 'edge', id: neuronEdgeId(e.from, e.to) }];
    } else if (at[1] === 'inputs') {
      const c = d.inputs[i];
      if (c) return [{ kind: 'edge', id: inputEdgeId(c.input, c.neuron) }];
    } else {
      const o = d.outputs[i];
      if (o !== undefined) return [{ kind: 'edge', id: lossEdgeId(o) }];
    }
  }
  return [{ kind: 'network' }];
}

/**
 * Validates a draft: runs the engine's network validation and attaches each
 * message to its element (a cycle to its neurons and edges, "no path to E" to
 * the neuron, a duplicate edge to the edge), then adds the drawing limit for
 * phones as a warning naming it.
 * @example validateDraft(blankDraft()).issues // []
 */
export function validateDraft(d: DraftNetwork): DraftValidation {
  const issues: DraftIssue[] = [];
  const name = d.name.trim();
  if (name.length === 0) issues.push({ element: { kind: 'name' }, message: 'the network needs a name', blocking: true });
  else if (name.length > MAX_NAME_LENGTH)
    issues.push({ element: { kind: 'name' }, message: `the name is longer than ${MAX_NAME_LENGTH} characters`, blocking: true });
  const built = networkFromParts({
    name: name || 'unnamed',
    neurons: d.neurons,
    inputs: d.inputs,
    edges: d.edges,
    outputs: d.outputs,
    shared: d.shared,
  });
  if (!built.ok) {
    for (const message of built.errors) {
      for (const element of elementsOf(d, message)) issues.push({ element, message, blocking: true });
    }
  }
  const drawable = d.neurons.length <= MAX_DRAWN_NEURONS && d.edges.length <= MAX_DRAWN_EDGES;
  if (!drawable) {
    issues.push({
      element: { kind: 'network' },
      message: `${d.neurons.length} neurons and ${d.edges.length} edges is too big to draw on a phone (at most ${MAX_DRAWN_NEURONS} neurons and ${MAX_DRAWN_EDGES} edges): only count and formula questions can use it`,
      blocking: false,
    });
  }
  const blocking = issues.some((i) => i.blocking);
  return { network: built.ok && !blocking ? built.network : null, issues, drawable };
}

/** The issues attached to one element (for showing them next to it). */
export function issuesAt(v: DraftValidation, element: DraftElement): DraftIssue[] {
  return v.issues.filter((i) => sameElement(i.element, element));
}

/** True when two element references name the same element. */
export function sameElement(a: DraftElement, b: DraftElement): boolean {
  switch (a.kind) {
    case 'network':
    case 'name':
      return b.kind === a.kind;
    case 'neuron':
      return b.kind === 'neuron' && b.neuron === a.neuron;
    case 'edge':
      return b.kind === 'edge' && b.id === a.id;
    case 'input':
      return b.kind === 'input' && b.input === a.input;
  }
}

/** The neuron ids a set of issues is about, as `n3` strings (for highlighting drawn nodes). */
export function flaggedNodeIds(v: DraftValidation): Set<string> {
  const out = new Set<string>();
  for (const i of v.issues) if (i.element.kind === 'neuron') out.add(neuronId(i.element.neuron));
  return out;
}
