/**
 * Local-derivative questions one level down: "write ∂n_5/∂w_{2,5} in terms
 * of g′ and the weights or activations", graded exactly by
 * engine/expr/check-local.ts. With variants, each student gets another
 * derivative of the same kind on the same network (another edge, weight,
 * input, bias or output), picked from a seed. Answers travel as
 * `{ kind: 'expression', text }`; the question type tells them apart.
 */
import type { Multiplier } from '../game/phases';
import type { KeyView, PublicQuestion } from '../protocol';
import { createRng, hashSeed } from '../rng';
import type { Network } from '../network';
import { inputEdgeId, lossEdgeId, neuronEdgeId } from '../paths';
import { checkLocal, localKey } from '../expr/check-local';
import type { LocalAsk } from '../expr/local-symbols';
import { askNeuron, asksEqual, formatLocalAsk, localAsksOfKind, renderAsk } from '../expr/local-symbols';
import type { GradeResult, RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';
import { isDrawable, toGrade, ungradable } from './graph-question';

/** A local question with its network and ask resolved. */
export interface LocalTemplate {
  readonly id: string;
  readonly prompt: string;
  readonly explanation: string | null;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  readonly network: Network;
  readonly ask: LocalAsk;
  /** Each student gets another ask of the same kind on the same network. */
  readonly variants: boolean;
}

/** The sentence appended to every local prompt: what to write. */
export function localAskSentence(ask: LocalAsk): string {
  const what = ask.kind === 'loss' ? 'the outputs $n$ and the targets $y$' : "$g'$, the weights and the activations";
  return `Write $${renderAsk(ask, 'latex')}$ in terms of ${what}.`;
}

/** Edge ids the ask is about, for drawing on the network at the reveal. */
export function localAskEdges(ask: LocalAsk): string[] {
  switch (ask.kind) {
    case 'neuron':
      return [neuronEdgeId(ask.wrt, ask.of)];
    case 'weight':
      return [neuronEdgeId(ask.from, ask.to)];
    case 'inputWeight':
    case 'input':
      return [inputEdgeId(ask.input, ask.neuron)];
    case 'bias':
      return [];
    case 'loss':
      return [lossEdgeId(ask.output)];
  }
}

function preActivation(net: Network, i: number): string {
  const terms = [`b_{${i}}`];
  for (const k of net.predecessors.get(i) ?? []) terms.push(`w_{${k},${i}}\\,n_{${k}}`);
  for (const l of net.inputsOfNeuron.get(i) ?? []) terms.push(`v_{${l},${i}}\\cdot x_{${l}}`);
  return terms.join(' + ');
}

/** What the one term of z_i that depends on the variable contributes, `∂z_i/∂…`, in LaTeX. */
function innerDerivative(ask: LocalAsk): string {
  switch (ask.kind) {
    case 'neuron':
      return `w_{${ask.wrt},${ask.of}}`;
    case 'weight':
      return `n_{${ask.from}}`;
    case 'inputWeight':
      return `(x_{${ask.input}})_d`;
    case 'input':
      return `(v_{${ask.input},${ask.neuron}})_d`;
    case 'bias':
      return '1';
    case 'loss':
      return '';
  }
}

/** The variable differentiated by, in LaTeX. */
function wrtLatex(ask: LocalAsk): string {
  switch (ask.kind) {
    case 'neuron':
      return `n_{${ask.wrt}}`;
    case 'weight':
      return `w_{${ask.from},${ask.to}}`;
    case 'inputWeight':
      return `(v_{${ask.input},${ask.neuron}})_d`;
    case 'input':
      return `(x_{${ask.input}})_d`;
    case 'bias':
      return `b_{${ask.neuron}}`;
    case 'loss':
      return `n_{${ask.output}}`;
  }
}

/** The derivation, one LaTeX line per step (the reveal's "walking" lines). */
export function localSteps(net: Network, ask: LocalAsk): string[] {
  const key = localKey(ask);
  if (ask.kind === 'loss') {
    const o = ask.output;
    return [`E = \\sum_o (n_o - y_o)^2`, `\\frac{\\partial E}{\\partial n_{${o}}} = 2\\,(n_{${o}} - y_{${o}})\\cdot \\frac{\\partial n_{${o}}}{\\partial n_{${o}}} = ${key.rhs.latex}`];
  }
  const i = askNeuron(ask) as number;
  return [
    `n_{${i}} = g(z_{${i}}),\\quad z_{${i}} = ${preActivation(net, i)}`,
    `${renderAsk(ask, 'latex')} = g'(z_{${i}}) \\cdot \\frac{\\partial z_{${i}}}{\\partial ${wrtLatex(ask)}} = g'(z_{${i}}) \\cdot ${innerDerivative(ask)}`,
    key.latex,
  ];
}

/** The generated explanation of an ask: the chain rule through g, then the one term of z_i that depends on the variable. */
export function explainLocal(ask: LocalAsk): string {
  const key = localKey(ask);
  if (ask.kind === 'loss') {
    const o = ask.output;
    return `$E = \\sum_o (n_o - y_o)^2$ and only the term of $n_{${o}}$ depends on $n_{${o}}$, so $${key.latex}$. No $g'$: $E$ depends on $n_{${o}}$ directly. Forgetting the 2, or writing $(y_{${o}} - n_{${o}})$, are the two common slips.`;
  }
  const i = askNeuron(ask) as number;
  const inner = innerDerivative(ask);
  const which =
    ask.kind === 'bias'
      ? `$b_{${i}}$ is added on its own, so $\\partial z_{${i}}/\\partial b_{${i}} = 1$`
      : `only the term $${ask.kind === 'neuron' ? `w_{${ask.wrt},${ask.of}}\\,n_{${ask.wrt}}` : ask.kind === 'weight' ? `w_{${ask.from},${ask.to}}\\,n_{${ask.from}}` : `v_{${ask.input},${ask.neuron}}\\cdot x_{${ask.input}}`}$ of $z_{${i}}$ depends on it, and its derivative is $${inner}$`;
  return `$n_{${i}} = g(z_{${i}})$, so the chain rule gives $g'(z_{${i}})$ times the derivative of $z_{${i}}$; ${which}. Hence $${key.latex}$. Common slips: leaving out $g'(z_{${i}})$, taking $g'$ at the other end of the edge, and swapping the weight's indices.`;
}

/** Seeded choice of a student's ask: another of the same kind on the same network (seed 0: the question's own). */
export function localVariantAsk(t: LocalTemplate, seed: number): LocalAsk {
  if (!t.variants || seed === 0) return t.ask;
  const all = localAsksOfKind(t.network, t.ask.kind);
  if (all.length === 0) return t.ask;
  const rng = createRng(hashSeed(`${t.id}:local:${seed >>> 0}`));
  return rng.pick(all);
}

/** Why variants make no sense for this ask (it is the only one of its kind), or null. */
export function localVariantProblem(t: LocalTemplate): string | null {
  if (!t.variants) return null;
  const others = localAsksOfKind(t.network, t.ask.kind).filter((a) => !asksEqual(a, t.ask));
  return others.length === 0 ? `variants: ${t.network.name} has no other ${formatLocalAsk(t.ask)}-like derivative to give another student` : null;
}

/** Compiles a local question (its ask must fit the network: see `localAskProblem`). */
export function localQuestion(t: LocalTemplate): RuntimeQuestion {
  const explanation = t.explanation ?? (t.variants ? 'Everyone had their own derivative; this explains the one on the screen. ' : '') + explainLocal(t.ask);
  const view = (index: number, seed: number): PublicQuestion => {
    const ask = localVariantAsk(t, seed);
    return {
      index,
      id: t.id,
      type: 'local',
      prompt: `${t.prompt}\n\n${localAskSentence(ask)}`,
      network: isDrawable(t.network) ? t.network.spec : null,
      target: null,
      params: [],
      choices: [],
      counts: null,
      formula: null,
      timeLimitMs: t.timeLimitMs,
      multiplier: t.multiplier,
      local: { ask: formatLocalAsk(ask), askLatex: renderAsk(ask, 'latex') },
    };
  };
  const key = (seed: number): KeyView => {
    const ask = localVariantAsk(t, seed);
    const k = localKey(ask);
    return { text: k.text, latex: k.latex, edges: localAskEdges(ask), choiceIndex: null, steps: localSteps(t.network, ask) };
  };
  return {
    id: t.id,
    type: 'local',
    timeLimitMs: t.timeLimitMs,
    multiplier: t.multiplier,
    hasVariants: t.variants,
    explanation,
    view,
    grade: (answer, seed): GradeResult => {
      if (answer.kind !== 'expression') return wrongKind('local', answer.kind);
      try {
        return toGrade(checkLocal(localVariantAsk(t, seed), answer.text));
      } catch (err) {
        return ungradable(err);
      }
    },
    key,
  };
}
