/**
 * Formula questions about deep layered networks (lecture Task 2): "how many
 * factors in the product for one path from E to a neuron in layer k?". The
 * engine derives the expected formula from the quantity asked and the layer
 * numbering the question states: with layers numbered from the loss the
 * layer index is k, numbered from the input it is L − k + 1.
 */
import { assertNever } from '../types';
import type { Multiplier } from '../game/phases';
import type { LayerNumbering } from '../generators';
import type { Network } from '../network';
import { checkFormula, validateFormula } from '../expr';
import type { RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';
import type { FormulaQuantity } from './pack-schema';
import { toGrade, ungradable } from './graph-question';

/** The expected formula of a formula question, with its parameters and why. */
export interface DerivedFormula {
  /** The formula in mathjs syntax, e.g. `L - k + 1`. */
  readonly expected: string;
  /** The same in LaTeX, e.g. `L - k + 1`. */
  readonly latex: string;
  /** Parameters the answer may use. */
  readonly params: readonly string[];
  /** The derivation as LaTeX lines. */
  readonly steps: readonly string[];
  /** A Markdown explanation for the reveal. */
  readonly explanation: string;
}

/** The sentence appended to a formula prompt so that it always states its layer numbering. */
export function numberingSentence(numbering: LayerNumbering): string {
  switch (numbering) {
    case 'from-loss':
      return 'Layers are numbered from the loss: the output layer, whose neurons feed $E$, is layer $1$; the network has $L$ layers.';
    case 'from-input':
      return 'Layers are numbered from the input: the layer that takes the network inputs is layer $1$, and the output layer, whose neurons feed $E$, is layer $L$.';
    default:
      return assertNever(numbering);
  }
}

/**
 * Derives the expected formula: the layer index counted from the loss is
 * j = k (from-loss) or j = L − k + 1 (from-input); one path to a neuron in
 * layer j has j factors (one more for a weight into it); with m neurons in
 * every layer, fully connected, m^(j − 1) paths reach it.
 * @example deriveFormula('factors-to-neuron', 'from-input').expected // 'L - k + 1'
 */
export function deriveFormula(quantity: FormulaQuantity, numbering: LayerNumbering): DerivedFormula {
  const fromLoss = numbering === 'from-loss';
  const jLatex = fromLoss ? 'k' : 'L - k + 1';
  const relabel = fromLoss ? [] : [`\\text{counted from the loss, layer } k \\text{ is layer } j = ${jLatex}`];
  const jName = fromLoss ? 'k' : 'j';
  const chain = `E \\to n^{(1)} \\to n^{(2)} \\to \\dots \\to n^{(${jName})}`;
  const product = `\\frac{\\partial E}{\\partial n^{(1)}} \\cdot \\prod_{i=2}^{${jName}} \\frac{\\partial n^{(i-1)}}{\\partial n^{(i)}}`;
  const where = fromLoss ? '' : ' Numbered from the input, layer k is layer L − k + 1 counted from the loss.';
  switch (quantity) {
    case 'factors-to-neuron': {
      const expected = fromLoss ? 'k' : 'L - k + 1';
      return {
        expected,
        latex: expected,
        params: ['k', 'L'],
        steps: [...relabel, chain, product, `1 + (${jName} - 1) = ${fromLoss ? 'k' : 'L - k + 1'} \\text{ factors}`],
        explanation: `Walking down from E: one factor ∂E/∂n into the output layer, then one factor per step down to the next layer.${where} So one path has $${expected}$ factors.`,
      };
    }
    case 'factors-to-weight': {
      const expected = fromLoss ? 'k + 1' : 'L - k + 2';
      return {
        expected,
        latex: expected,
        params: ['k', 'L'],
        steps: [...relabel, chain, `${product} \\cdot \\frac{\\partial n^{(${jName})}}{\\partial w}`, `${jName} + 1 = ${fromLoss ? 'k + 1' : 'L - k + 2'} \\text{ factors}`],
        explanation: `A path to a neuron in that layer has one factor per layer from the loss down to it; the weight adds its own local derivative ∂n/∂w.${where} So one path has $${expected}$ factors.`,
      };
    }
    case 'paths-uniform-width': {
      const expected = fromLoss ? 'm^(k - 1)' : 'm^(L - k)';
      const latex = fromLoss ? 'm^{k-1}' : 'm^{L-k}';
      return {
        expected,
        latex,
        params: ['m', 'k', 'L'],
        steps: [...relabel, `\\underbrace{m \\cdot m \\cdots m}_{${jName} - 1 \\text{ layers above}} = ${latex}`],
        explanation: `A path picks one neuron in each of the layers between E and the target neuron, m choices each.${where} So there are $${latex}$ paths.`,
      };
    }
    case 'sigmoid-path-bound': {
      // One path E → n^(1) → … → n^(j) has j − 1 factors ∂n^(i-1)/∂n^(i) = σ'(z)·w, each at most 1/4 · 1.
      const expected = fromLoss ? '(1/4)^(k - 1)' : '(1/4)^(L - k)';
      const latex = fromLoss ? '\\left(\\tfrac{1}{4}\\right)^{k-1}' : '\\left(\\tfrac{1}{4}\\right)^{L-k}';
      return {
        expected,
        latex,
        params: ['k', 'L'],
        steps: [
          ...relabel,
          `\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z)) \\le \\tfrac{1}{4}, \\quad |w| \\le 1 \\;\\Rightarrow\\; \\left|\\frac{\\partial n^{(i-1)}}{\\partial n^{(i)}}\\right| = |\\sigma'(z^{(i-1)})\\, w| \\le \\tfrac{1}{4}`,
          `\\left|\\prod_{i=2}^{${jName}} \\frac{\\partial n^{(i-1)}}{\\partial n^{(i)}}\\right| \\le ${latex}`,
        ],
        explanation: `Each step down one layer multiplies by ∂n^(i−1)/∂n^(i) = σ'(z)·w, and σ'(z) = σ(z)(1 − σ(z)) is at most 1/4 (at z = 0), |w| ≤ 1: so each factor is at most 1/4 in size.${where} A path to layer ${fromLoss ? 'k' : 'L − k + 1 (from the loss)'} has ${fromLoss ? 'k − 1' : 'L − k'} such factors after ∂E/∂n^(1): at most $${latex}$. The gradient vanishes exponentially with depth.`,
      };
    }
    default:
      return assertNever(quantity);
  }
}

/** What a pack says about a formula question, resolved. */
export interface FormulaTemplate {
  readonly id: string;
  readonly prompt: string;
  readonly explanation: string | null;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  readonly quantity: FormulaQuantity;
  readonly numbering: LayerNumbering;
  /** A network shown as a figure, or null. */
  readonly network: Network | null;
}

/** Compiles a formula question; its prompt gains a sentence stating the layer numbering. */
export function formulaQuestion(t: FormulaTemplate): RuntimeQuestion {
  const derived = deriveFormula(t.quantity, t.numbering);
  // Fails loudly at compile time if a derivation ever stops being a valid formula.
  validateFormula(derived.expected, derived.params);
  const prompt = `${t.prompt}\n\n_${numberingSentence(t.numbering)}_`;
  const key = {
    text: derived.expected,
    latex: derived.latex,
    edges: [],
    choiceIndex: null,
    steps: derived.steps,
  };
  return {
    id: t.id,
    type: 'formula',
    timeLimitMs: t.timeLimitMs,
    multiplier: t.multiplier,
    hasVariants: false,
    explanation: t.explanation ?? derived.explanation,
    view: (index) => ({
      index,
      id: t.id,
      type: 'formula',
      prompt,
      network: t.network ? t.network.spec : null,
      target: null,
      params: derived.params,
      choices: [],
      counts: null,
      formula: { quantity: t.quantity, numbering: t.numbering },
      timeLimitMs: t.timeLimitMs,
      multiplier: t.multiplier,
    }),
    grade: (answer) => {
      if (answer.kind !== 'formula') return wrongKind('formula', answer.kind);
      try {
        return toGrade(checkFormula(derived.expected, derived.params, answer.text));
      } catch (err) {
        return ungradable(err);
      }
    },
    key: () => key,
  };
}
