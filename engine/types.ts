/**
 * Core vocabulary shared by every engine module: the things a gradient is
 * taken of and with respect to, the atoms (local partial derivatives) that
 * answers are written in, and the expression trees built from them.
 *
 * Indices are plain positive integers: neuron `n_7` is `7`, input `x_2` is `2`.
 */

/** What a question asks the gradient of E with respect to. */
export type Target =
  /** A neuron's output `n_i`. */
  | { readonly kind: 'neuron'; readonly neuron: number }
  /** The weight `w_{from,to}` on the edge `n_from → n_to`. */
  | { readonly kind: 'weight'; readonly from: number; readonly to: number }
  /** A component `(v_{input,neuron})_d` of the weight vector from input `x_input` into `n_neuron`. */
  | { readonly kind: 'inputWeight'; readonly input: number; readonly neuron: number }
  /** A component `(x_input)_d` of the network input `x_input`. */
  | { readonly kind: 'input'; readonly input: number }
  /**
   * A shared weight `w_{name}` used on several edges (an unrolled recurrent
   * cell); its gradient is the sum over its uses (backpropagation through time).
   */
  | { readonly kind: 'shared'; readonly name: string };

/** Anything that can stand on either side of a `∂…/∂…`: the loss E or a target. */
export type Quantity = { readonly kind: 'loss' } | Target;

/**
 * One local partial derivative `∂of/∂wrt`. Answers are polynomials in atoms;
 * an atom is opaque to the algebra (never cancelled like a fraction).
 */
export interface Atom {
  readonly of: Quantity;
  readonly wrt: Quantity;
}

/**
 * An expression over atoms: what the answer key produces and what the
 * answer parser reads. `num` and `neg` exist so that student input such as
 * `2·a` or `-a` can be represented and named in feedback.
 */
export type Expr =
  | { readonly kind: 'atom'; readonly atom: Atom }
  | { readonly kind: 'num'; readonly value: bigint }
  | { readonly kind: 'neg'; readonly expr: Expr }
  | { readonly kind: 'sum'; readonly terms: readonly Expr[] }
  | { readonly kind: 'product'; readonly factors: readonly Expr[] };

/** A directed edge `n_from → n_to` between neurons. */
export interface Edge {
  readonly from: number;
  readonly to: number;
}

/** Compile-time exhaustiveness check for `switch` statements over unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
