/**
 * "Highlight the paths" answers: the student taps the edges that carry
 * gradient from E to the target. Compared as sets with the key's edges
 * (`gradientEdges`); partial credit is the F1 score of the selection.
 */
import type { Target } from '../types';
import { renderQuantity } from '../render';
import type { Network } from '../network';
import { allEdgeIds, gradientEdges } from '../paths';
import type { CheckResult, Note } from './notes';
import { NOTE_CODES, note } from './notes';
import { MAX_HIGHLIGHT_EDGES } from './limits';

/** Longest edge id read; longer strings are reported as unknown without being echoed in full. */
export const MAX_EDGE_ID_CHARS = 32;

const edgeOrderCache = new WeakMap<Network, ReadonlyMap<string, number>>();

/** Every edge id of the network with its position in `allEdgeIds` order (cached per network). */
function edgeOrder(net: Network): ReadonlyMap<string, number> {
  let order = edgeOrderCache.get(net);
  if (!order) {
    order = new Map(allEdgeIds(net).map((id, i) => [id, i]));
    edgeOrderCache.set(net, order);
  }
  return order;
}

function plural(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/**
 * Checks a set of highlighted edge ids (`n3-n6`, `n6-E`, `x2-n2`) against the
 * edges that carry gradient to the target. Exact match scores 1; otherwise
 * score = F1 = 2·tp / (selected + expected), counting unknown ids as selected.
 * Repeated ids count once. Throws RangeError only for a target not in the network.
 * @example checkHighlight(net1, { kind: 'weight', from: 2, to: 5 }, ['n2-n5', 'n5-n7', 'n7-E']).correct // true
 */
export function checkHighlight(net: Network, target: Target, edgeIds: readonly string[]): CheckResult {
  const expected = gradientEdges(net, target);
  if (edgeIds.length > MAX_HIGHLIGHT_EDGES) {
    return {
      correct: false,
      score: 0,
      read: null,
      notes: [note(NOTE_CODES.parseTooLong, `You selected ${edgeIds.length} edges; the limit is ${MAX_HIGHLIGHT_EDGES}.`)],
    };
  }
  const known = edgeOrder(net);
  const want = new Set(expected);
  const selected = new Set(edgeIds.map((id) => id.trim().slice(0, MAX_EDGE_ID_CHARS + 1)));
  const unknown: string[] = [];
  const extra: string[] = [];
  let tp = 0;
  for (const id of selected) {
    if (!known.has(id)) unknown.push(id.length > MAX_EDGE_ID_CHARS ? `${id.slice(0, MAX_EDGE_ID_CHARS)}…` : id);
    else if (want.has(id)) tp++;
    else extra.push(id);
  }
  const missing = expected.filter((id) => !selected.has(id));
  extra.sort((a, b) => (known.get(a) ?? 0) - (known.get(b) ?? 0));
  const read = { text: [...selected].join(', '), latex: [...selected].map((id) => `\\text{${id.replace(/[^A-Za-z0-9-]/g, '')}}`).join(',\\ ') };
  const notes: Note[] = [];
  const asked = renderQuantity(target, 'text');
  if (unknown.length > 0) {
    notes.push(note(NOTE_CODES.highlightUnknownEdge, `${plural(unknown.length, 'One selection is', `${unknown.length} selections are`)} not an edge of this network.`, { edges: unknown }));
  }
  if (missing.length > 0) {
    notes.push(
      note(NOTE_CODES.highlightMissingEdge, `You missed ${missing.length} ${plural(missing.length, 'edge', 'edges')} that ${plural(missing.length, 'carries', 'carry')} gradient from E to ${asked}.`, {
        edges: missing,
      }),
    );
  }
  if (extra.length > 0) {
    notes.push(
      note(NOTE_CODES.highlightExtraEdge, `${extra.length} selected ${plural(extra.length, 'edge is', 'edges are')} on no path from E to ${asked}.`, { edges: extra }),
    );
  }
  const correct = notes.length === 0;
  const denominator = selected.size + want.size;
  const score = correct ? 1 : denominator === 0 ? 0 : (2 * tp) / denominator;
  return { correct, score, read, notes };
}
