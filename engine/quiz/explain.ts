/**
 * Answer keys and generated explanations for graph questions, all computed
 * from the network and the target: the factored key and the walking-upwards
 * derivation (engine/key.ts), the edges that carry gradient, path counts and
 * factor counts, and a short Markdown explanation for the reveal.
 */
import type { Target } from '../types';
import { assertNever } from '../types';
import type { KeyView } from '../protocol';
import { renderExpr, renderQuantity, renderAtom } from '../render';
import type { Network } from '../network';
import { isOutput, successorsOf } from '../network';
import type { GradientPath } from '../paths';
import { anchorNeurons, countPaths, enumeratePaths, gradientEdges, pathAtoms, pathCountsByNeuron } from '../paths';
import { derivationSteps, factoredKey } from '../key';
import { factorRange, targetDepth } from './target-facts';

/** Most derivation lines a key carries (a deep network's derivation is cut with a final "⋮"). */
export const MAX_KEY_STEPS = 60;
/** Paths listed one per line in a count key; beyond this the key shows the counting recurrence. */
export const MAX_LISTED_KEY_PATHS = 12;
/** Paths named in a generated explanation. */
export const MAX_EXPLAINED_PATHS = 4;

/** What a count question counts (see `COUNT_KINDS`). */
export type CountKind = 'paths' | 'factors';

function plural(n: bigint | number, one: string, many: string): string {
  return n === 1 || n === 1n ? one : many;
}

function targetLatex(target: Target): string {
  return renderQuantity(target, 'latex');
}

/** `E \to n_{6} \to n_{4}` (then the target itself for a weight, input weight or input). */
export function pathLatex(path: GradientPath): string {
  const parts = ['E', ...path.neurons.map((n) => `n_{${n}}`)];
  if (path.target.kind !== 'neuron') parts.push(targetLatex(path.target));
  return parts.join(' \\to ');
}

function capSteps(lines: readonly string[]): string[] {
  return lines.length <= MAX_KEY_STEPS ? [...lines] : [...lines.slice(0, MAX_KEY_STEPS - 1), '\\vdots'];
}

/** The walking-upwards derivation for the target, as LaTeX lines (capped at MAX_KEY_STEPS). */
export function derivationLatex(net: Network, target: Target): string[] {
  return capSteps(derivationSteps(net, target).map((s) => s.latex));
}

/** `\frac{\partial E}{\partial w_{2,5}}` */
function lhsLatex(target: Target): string {
  return renderAtom({ of: { kind: 'loss' }, wrt: target }, 'latex');
}

function listedPaths(net: Network, target: Target, cap: number): { paths: readonly GradientPath[]; capped: boolean } {
  return enumeratePaths(net, target, { cap });
}

/**
 * The key of an expression question: the factored ("walking upwards") form in
 * text and LaTeX, the edges on its paths, and the derivation lines.
 */
export function expressionKey(net: Network, target: Target): KeyView {
  const expr = factoredKey(net, target);
  return {
    text: renderExpr(expr, 'text'),
    latex: `${lhsLatex(target)} = ${renderExpr(expr, 'latex')}`,
    edges: gradientEdges(net, target),
    choiceIndex: null,
    steps: derivationLatex(net, target),
  };
}

/** The key of a highlight question: the edges that carry gradient from E to the target. */
export function highlightKey(net: Network, target: Target): KeyView {
  const edges = gradientEdges(net, target);
  return {
    text: `${edges.length} ${plural(edges.length, 'edge', 'edges')}: ${edges.join(', ')}`,
    latex: null,
    edges,
    choiceIndex: null,
    steps: derivationLatex(net, target),
  };
}

/** Neurons on some path from E to the target, nearest the loss first. */
function neuronsOnPaths(net: Network, target: Target): number[] {
  const seen = new Set<number>(anchorNeurons(net, target));
  const stack = [...seen];
  while (stack.length > 0) {
    for (const s of successorsOf(net, stack.pop() as number)) {
      if (!seen.has(s)) {
        seen.add(s);
        stack.push(s);
      }
    }
  }
  const depth = (n: number): number => targetDepth(net, { kind: 'neuron', neuron: n });
  return [...seen].sort((a, b) => depth(a) - depth(b) || a - b);
}

/** The counting recurrence P(n) = [n is an output] + Σ P(successor), one line per neuron on the way. */
function countRecurrence(net: Network, target: Target): string[] {
  const counts = pathCountsByNeuron(net);
  const p = (n: number): string => `P(n_{${n}})`;
  const lines = ['P(n) = \\text{number of paths from } E \\text{ to } n = [n \\text{ feeds } E] + \\textstyle\\sum_{n \\to m} P(m)'];
  for (const n of neuronsOnPaths(net, target)) {
    const symbolic: string[] = [];
    const values: string[] = [];
    if (isOutput(net, n)) {
      symbolic.push('1');
      values.push('1');
    }
    for (const s of successorsOf(net, n)) {
      symbolic.push(p(s));
      values.push(String(counts.get(s) ?? 0n));
    }
    const total = String(counts.get(n) ?? 0n);
    const sides = [p(n), symbolic.join(' + ')];
    if (values.length > 1 || symbolic[0] !== values[0]) sides.push(values.join(' + '));
    if (values.length > 1) sides.push(total);
    lines.push(sides.join(' = '));
  }
  if (target.kind !== 'neuron') {
    const anchors = anchorNeurons(net, target);
    lines.push(`P(${targetLatex(target)}) = ${anchors.map(p).join(' + ')} = ${countPaths(net, target)}`);
  }
  return capSteps(lines);
}

/** The key of a count question: the number, computed from the graph, with paths or the recurrence as steps. */
export function countKey(net: Network, target: Target, count: CountKind): KeyView {
  switch (count) {
    case 'paths': {
      const total = countPaths(net, target);
      const listed = listedPaths(net, target, MAX_LISTED_KEY_PATHS);
      const steps = listed.capped ? countRecurrence(net, target) : listed.paths.map((path, i) => `${i + 1}.\\; ${pathLatex(path)}`);
      return { text: total.toString(), latex: total.toString(), edges: gradientEdges(net, target), choiceIndex: null, steps };
    }
    case 'factors': {
      const factors = factorRange(net, target).max;
      const path = listedPaths(net, target, 1).paths[0];
      const steps = path
        ? [pathLatex(path), `${pathAtoms(path).map((a) => renderAtom(a, 'latex')).join(' \\cdot ')} \\quad (${factors}\\ \\text{factors})`]
        : [];
      return { text: String(factors), latex: String(factors), edges: gradientEdges(net, target), choiceIndex: null, steps };
    }
    default:
      return assertNever(count);
  }
}

/** Number of factors every path to the target has, or null when paths differ in length. */
export function uniformFactors(net: Network, target: Target): number | null {
  const { min, max } = factorRange(net, target);
  return min === max ? max : null;
}

function pathsSentence(net: Network, target: Target): string {
  const { paths, capped } = listedPaths(net, target, MAX_EXPLAINED_PATHS);
  const named = paths.map((p) => `$${pathLatex(p)}$`);
  if (capped) return `${named.join(', ')}, …`;
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named[named.length - 1] as string}`;
}

/** Generated Markdown explanation of a graph question's answer (used when the pack gives none). */
export function explainGraphQuestion(
  type: 'expression' | 'highlight' | 'count',
  count: CountKind,
  net: Network,
  target: Target,
): string {
  const body = explainBody(type, count, net, target);
  return target.kind === 'shared' ? `${sharedSentence(net, target.name)} ${body}` : body;
}

/**
 * What a shared weight's gradient is: the sum over its uses (backpropagation
 * through time), one total `dE/dn_t` times `∂n_t/∂w` per use.
 */
export function sharedSentence(net: Network, name: string): string {
  const uses = net.shared.get(name) ?? [];
  const into = uses.map((u) => `$n_{${u.neuron}}$`).join(', ');
  return (
    `$w_{${name}}$ is one weight shared by ${uses.length} ${plural(uses.length, 'edge', 'edges')} (into ${into}), ` +
    `so its gradient is the sum over its uses: for each use, the total derivative $dE/dn_t$ of the neuron it feeds times the local derivative $\\partial n_t/\\partial w_{${name}}$ (backpropagation through time).`
  );
}

function explainBody(
  type: 'expression' | 'highlight' | 'count',
  count: CountKind,
  net: Network,
  target: Target,
): string {
  const t = `$${targetLatex(target)}$`;
  const n = countPaths(net, target);
  const paths = pathsSentence(net, target);
  switch (type) {
    case 'expression':
      if (n === 1n) {
        return `There is only one path from E down to ${t} (${paths}), so the answer is a single product: one local derivative for each edge on that path, starting with the loss factor ∂E/∂n of the output neuron.`;
      }
      return (
        `There are ${n} paths from E down to ${t} (${paths}), so the sum has ${n} terms, one product of local derivatives per path. ` +
        'Walking upwards from the target, factors shared by several paths can be pulled out of the sum; any bracketing of the same sum is correct.'
      );
    case 'highlight': {
      const edges = gradientEdges(net, target).length;
      return `The gradient reaches ${t} along ${n} ${plural(n, 'path', 'paths')} (${paths}); the ${edges} highlighted ${plural(edges, 'edge carries', 'edges carry')} it. Every other edge is on no path from E to ${t}.`;
    }
    case 'count':
      switch (count) {
        case 'paths':
          return n <= BigInt(MAX_EXPLAINED_PATHS)
            ? `There ${plural(n, 'is', 'are')} ${n} ${plural(n, 'path', 'paths')} from E to ${t}: ${paths}; so $\\partial E/\\partial ${targetLatex(target)}$ is a sum with one term per path.`
            : `There are ${n} paths from E to ${t}. Count them layer by layer from the loss: the number of paths to a neuron is the sum of the numbers for the neurons it feeds (1 for a neuron feeding E), so in a fully connected network it is the product of the widths of the layers in between.`;
        case 'factors': {
          const f = factorRange(net, target).max;
          const local = target.kind === 'neuron' ? '' : `, plus the local derivative of the neuron by ${t}`;
          return `Every path from E to ${t} has ${f} factors: one ∂E/∂n for the output neuron, then one ∂n_l/∂n_k for each edge walked down${local}.`;
        }
        default:
          return assertNever(count);
      }
    default:
      return assertNever(type);
  }
}
