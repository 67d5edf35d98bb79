/**
 * The answer key, computed from the graph: ∂E/∂target as a sum over paths of
 * products of atoms (expanded), as the lecture's "walking upwards" factored
 * form, and as a step-by-step derivation for the reveal screen.
 */
import type { Atom, Expr, Target } from './types';
import { atomExpr, lossAtom, neuronAtom, productOf, productOfAtoms, sumOf } from './atoms';
import type { RenderFormat } from './render';
import { exprPrintedLeaves, renderAtom, renderExpr, renderQuantity } from './render';
import type { Network } from './network';
import { isOutput, successorsOf } from './network';
import {
  DEFAULT_PATH_CAP,
  anchorNeurons,
  assertTargetIn,
  countPaths,
  enumeratePaths,
  localAtom,
  pathAtoms,
} from './paths';

/** A derivation step prints its all-atoms form only up to this many printed atoms. */
export const DERIVATION_MAX_PRINTED_ATOMS = 400;

/** The expanded key: one product of atoms per path (capped). */
export interface ExpandedKey {
  /** Sum over the listed paths of the product of their atoms. */
  readonly expr: Expr;
  /** True when there are more paths than the cap, so `expr` is incomplete. */
  readonly capped: boolean;
  /** Exact number of paths (= terms of the full expanded key). */
  readonly pathCount: bigint;
}

/**
 * ∂E/∂target as a sum over paths of products of atoms (one term per path),
 * enumerating at most `cap` paths.
 * @example renderExpr(expandedKey(net1, { kind: 'neuron', neuron: 4 }).expr, 'text') // '∂E/∂n_6 · ∂n_6/∂n_4'
 */
export function expandedKey(
  net: Network,
  target: Target,
  options: { readonly cap?: number } = {},
): ExpandedKey {
  const { paths, capped } = enumeratePaths(net, target, { cap: options.cap ?? DEFAULT_PATH_CAP });
  return {
    expr: sumOf(paths.map((p) => productOfAtoms(pathAtoms(p)))),
    capped,
    pathCount: countPaths(net, target),
  };
}

/**
 * Total derivatives dE/dn for every neuron the target's anchors feed, by the
 * backprop recurrence dE/dn_k = [∂E/∂n_k if n_k is an output] + Σ_l dE/dn_l · ∂n_l/∂n_k,
 * in an order where every neuron comes after the neurons it feeds.
 * Sub-expressions are shared, so the result is linear in the edges in memory.
 */
function totals(net: Network, anchors: readonly number[]): { order: number[]; total: Map<number, Expr> } {
  const order = neuronsFromLoss(net, anchors);
  const total = new Map<number, Expr>();
  for (const k of order) {
    const terms: Expr[] = [];
    if (isOutput(net, k)) terms.push(atomExpr(lossAtom(k)));
    for (const l of successorsOf(net, k)) {
      terms.push(productOf([total.get(l) as Expr, atomExpr(neuronAtom(l, k))]));
    }
    total.set(k, sumOf(terms));
  }
  return { order, total };
}

/**
 * The neurons on some path from E to the anchors, outputs first: sorted by
 * layer numbered from the loss (1 + the highest layer among the neurons a
 * neuron feeds; outputs feeding nothing are layer 1), then by index.
 */
function neuronsFromLoss(net: Network, anchors: readonly number[]): number[] {
  const relevant = new Set<number>(anchors);
  const stack = [...anchors];
  while (stack.length > 0) {
    for (const s of successorsOf(net, stack.pop() as number)) {
      if (!relevant.has(s)) {
        relevant.add(s);
        stack.push(s);
      }
    }
  }
  const layer = new Map<number, number>();
  for (let i = net.topologicalOrder.length - 1; i >= 0; i--) {
    const k = net.topologicalOrder[i] as number;
    if (!relevant.has(k)) continue;
    let l = 1;
    for (const s of successorsOf(net, k)) l = Math.max(l, (layer.get(s) as number) + 1);
    layer.set(k, l);
  }
  return [...relevant].sort((a, b) => (layer.get(a) as number) - (layer.get(b) as number) || a - b);
}

/** The factor(s) that take dE/dn_anchor to dE/dtarget, as `[anchor, local atom]` pairs. */
function finalFactors(net: Network, target: Target): { anchor: number; local: Atom | null }[] {
  return anchorNeurons(net, target).map((anchor) => ({ anchor, local: localAtom(target, anchor) }));
}

/**
 * ∂E/∂target in the lecture's factored "walking upwards" form, e.g. for
 * (v_{1,1})_d on Network I:
 * `(∂E/∂n_6 · ∂n_6/∂n_3 · ∂n_3/∂n_1 + ∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1) · ∂n_1/∂(v_{1,1})_d`.
 * The same polynomial as `expandedKey`. Sub-expressions are shared objects,
 * so memory is linear in the edges even when the printed form is exponential
 * (check `exprPrintedLeaves` before rendering a key for a large network).
 */
export function factoredKey(net: Network, target: Target): Expr {
  assertTargetIn(net, target);
  const { total } = totals(net, anchorNeurons(net, target));
  return sumOf(
    finalFactors(net, target).map(({ anchor, local }) => {
      const dE = total.get(anchor) as Expr;
      return local ? productOf([dE, atomExpr(local)]) : dE;
    }),
  );
}

/** Both forms of the key and the path count, for hosts, reveal screens and the CLI. */
export interface AnswerKey {
  readonly target: Target;
  readonly pathCount: bigint;
  readonly expanded: ExpandedKey;
  readonly factored: Expr;
}

/** Computes the expanded and factored keys together. */
export function answerKey(net: Network, target: Target, options: { readonly cap?: number } = {}): AnswerKey {
  return {
    target,
    pathCount: countPaths(net, target),
    expanded: expandedKey(net, target, options),
    factored: factoredKey(net, target),
  };
}

/** One line of the walking-upwards derivation. */
export interface DerivationStep {
  /** What this line differentiates by: a neuron on the way down, or the target itself (last line). */
  readonly subject: Target;
  /** Left-hand side, the total derivative: `dE/dn_4`. */
  readonly lhs: { readonly text: string; readonly latex: string };
  /** The recurrence, in totals of earlier lines and atoms: `dE/dn_6 · ∂n_6/∂n_4`. */
  readonly recurrence: { readonly text: string; readonly latex: string };
  /** The same in atoms only (factored; shares sub-expressions). */
  readonly expr: Expr;
  /** `expr` printed, or `null` when longer than `DERIVATION_MAX_PRINTED_ATOMS`. */
  readonly atoms: { readonly text: string; readonly latex: string } | null;
  /** The whole line: `dE/dn_4 = dE/dn_6 · ∂n_6/∂n_4 = ∂E/∂n_6 · ∂n_6/∂n_4`. */
  readonly text: string;
  readonly latex: string;
}

function totalSymbol(q: Target, format: RenderFormat): string {
  const wrt = renderQuantity(q, format);
  return format === 'latex' ? `\\frac{dE}{d${wrt}}` : `dE/d${wrt}`;
}

const TIMES: Record<RenderFormat, string> = { text: ' · ', latex: ' \\cdot ' };

/**
 * The walking-upwards derivation, one line per neuron from the outputs down
 * to the target (then one line for a weight, input weight or input), e.g. on
 * Network I for n_4: `dE/dn_6 = ∂E/∂n_6`, then
 * `dE/dn_4 = dE/dn_6 · ∂n_6/∂n_4 = ∂E/∂n_6 · ∂n_6/∂n_4`.
 * Totals are written `dE/d…` (as in the lecture's recurrence) to keep them
 * apart from the atom `∂E/∂n_k`, which for an output that also feeds other
 * neurons is only part of its total.
 */
export function derivationSteps(net: Network, target: Target): DerivationStep[] {
  assertTargetIn(net, target);
  const anchors = anchorNeurons(net, target);
  const { order, total } = totals(net, anchors);
  const steps: DerivationStep[] = [];
  const make = (subject: Target, parts: { text: string; latex: string }[], expr: Expr): DerivationStep => {
    const lhs = { text: totalSymbol(subject, 'text'), latex: totalSymbol(subject, 'latex') };
    const recurrence = {
      text: parts.map((p) => p.text).join(' + '),
      latex: parts.map((p) => p.latex).join(' + '),
    };
    const atoms =
      exprPrintedLeaves(expr, DERIVATION_MAX_PRINTED_ATOMS) <= DERIVATION_MAX_PRINTED_ATOMS
        ? { text: renderExpr(expr, 'text'), latex: renderExpr(expr, 'latex') }
        : null;
    const line = (f: 'text' | 'latex'): string => {
      const sides = [lhs[f], recurrence[f]];
      if (atoms && atoms[f] !== recurrence[f]) sides.push(atoms[f]);
      return sides.join(' = ');
    };
    return { subject, lhs, recurrence, expr, atoms, text: line('text'), latex: line('latex') };
  };
  const term = (subject: Target, factor: Atom): { text: string; latex: string } => ({
    text: totalSymbol(subject, 'text') + TIMES.text + renderAtom(factor, 'text'),
    latex: totalSymbol(subject, 'latex') + TIMES.latex + renderAtom(factor, 'latex'),
  });
  for (const k of order) {
    const parts: { text: string; latex: string }[] = [];
    if (isOutput(net, k))
      parts.push({ text: renderAtom(lossAtom(k), 'text'), latex: renderAtom(lossAtom(k), 'latex') });
    for (const l of successorsOf(net, k)) parts.push(term({ kind: 'neuron', neuron: l }, neuronAtom(l, k)));
    steps.push(make({ kind: 'neuron', neuron: k }, parts, total.get(k) as Expr));
  }
  if (target.kind !== 'neuron') {
    const finals = finalFactors(net, target);
    const parts = finals.map(({ anchor, local }) => term({ kind: 'neuron', neuron: anchor }, local as Atom));
    steps.push(make(target, parts, factoredKey(net, target)));
  }
  return steps;
}
