/**
 * A drawing of a draft that may be invalid while it is edited: the layout
 * needs a valid network, so for drawing only, edges that repeat or would
 * close a cycle are left out (and reported), and neurons with no path to E
 * are drawn as if they fed E through a hidden edge. The validator still
 * reports every problem; this only keeps the picture on screen.
 */
import type { Edge } from '../types';
import type { NetworkSpec } from '../network';
import { networkFromParts } from '../network';
import { lossEdgeId, neuronEdgeId } from '../paths';
import type { DraftNetwork } from './draft';
import { draftToSpec } from './draft';

/** The spec to draw and what the drawing leaves out. */
export interface DraftDrawing {
  readonly spec: NetworkSpec;
  /** Loss edges `n4-E` that exist only in the drawing (neurons on no path to E); do not draw them. */
  readonly hiddenEdges: ReadonlySet<string>;
  /** Edges of the draft left out of the drawing (self-loops, repeats, edges closing a cycle). */
  readonly leftOut: readonly string[];
}

function reaches(succ: ReadonlyMap<number, readonly number[]>, from: number, to: number): boolean {
  const stack = [from];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const cur = stack.pop() as number;
    if (cur === to) return true;
    if (seen.has(cur)) continue;
    seen.add(cur);
    stack.push(...(succ.get(cur) ?? []));
  }
  return false;
}

/**
 * The spec to draw for a draft, or null when even that cannot be drawn (no neurons).
 * @example drawableDraft(draft)?.hiddenEdges // Set { 'n4-E' } while n4 feeds nothing
 */
export function drawableDraft(d: DraftNetwork): DraftDrawing | null {
  if (d.neurons.length === 0) return null;
  const known = new Set(d.neurons);
  const succ = new Map<number, number[]>(d.neurons.map((n) => [n, []]));
  const edges: Edge[] = [];
  const leftOut: string[] = [];
  const seen = new Set<string>();
  for (const e of d.edges) {
    const id = neuronEdgeId(e.from, e.to);
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to || seen.has(id) || reaches(succ, e.to, e.from)) {
      leftOut.push(id);
      continue;
    }
    seen.add(id);
    (succ.get(e.from) as number[]).push(e.to);
    edges.push(e);
  }
  const outputs = new Set(d.outputs.filter((o) => known.has(o)));
  // Neurons that reach no output get a hidden edge to E.
  const hidden = new Set<string>();
  const reachE = new Set<number>();
  const pred = new Map<number, number[]>(d.neurons.map((n) => [n, []]));
  for (const e of edges) (pred.get(e.to) as number[]).push(e.from);
  const stack = [...outputs];
  while (stack.length > 0) {
    const cur = stack.pop() as number;
    if (reachE.has(cur)) continue;
    reachE.add(cur);
    stack.push(...(pred.get(cur) ?? []));
  }
  for (const n of d.neurons) {
    if (!reachE.has(n)) {
      outputs.add(n);
      hidden.add(lossEdgeId(n));
    }
  }
  const seenInput = new Set<string>();
  const inputs = d.inputs.filter((c) => {
    const key = `${c.input}-${c.neuron}`;
    if (!known.has(c.neuron) || seenInput.has(key)) return false;
    seenInput.add(key);
    return true;
  });
  const built = networkFromParts({ name: d.name.trim() || 'unnamed', neurons: d.neurons, inputs, edges, outputs: [...outputs] });
  if (!built.ok) return null;
  const spec = draftToSpec({ ...d, edges, inputs, outputs: [...outputs] });
  delete spec.shared;
  if (!spec.name.trim()) spec.name = 'unnamed';
  return { spec, hiddenEdges: hidden, leftOut };
}
