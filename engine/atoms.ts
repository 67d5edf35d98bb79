/**
 * Atoms (local partial derivatives) and their canonical string keys, plus
 * small constructors for atoms and expression trees.
 *
 * Keys are the stable identity of an atom across the engine: the answer key,
 * the answer checker and the feedback notes all compare atoms by `atomKey`.
 */
import type { Atom, Expr, Quantity, Target } from './types';
import { assertNever } from './types';

/** The loss E as a quantity. */
export const LOSS: Quantity = Object.freeze({ kind: 'loss' } as const);

/**
 * Canonical key of a quantity: `E`, `n6`, `w2,5`, `v1,1`, `x2`, `w_hh` (shared weight).
 * @example quantityKey({ kind: 'weight', from: 2, to: 5 }) // 'w2,5'
 */
export function quantityKey(q: Quantity): string {
  switch (q.kind) {
    case 'loss':
      return 'E';
    case 'neuron':
      return `n${q.neuron}`;
    case 'weight':
      return `w${q.from},${q.to}`;
    case 'inputWeight':
      return `v${q.input},${q.neuron}`;
    case 'input':
      return `x${q.input}`;
    case 'shared':
      return `w_${q.name}`;
    default:
      return assertNever(q);
  }
}

/**
 * Canonical key of an atom `∂of/∂wrt`: `E/n6`, `n6/n4`, `n5/w2,5`, `n1/v1,1`, `n2/x2`.
 * @example atomKey(lossAtom(6)) // 'E/n6'
 */
export function atomKey(atom: Atom): string {
  return `${quantityKey(atom.of)}/${quantityKey(atom.wrt)}`;
}

const QUANTITY_KEY_PATTERN =
  /^(?:(E)|n([1-9]\d*)|w([1-9]\d*),([1-9]\d*)|v([1-9]\d*),([1-9]\d*)|x([1-9]\d*)|w_([a-z]{1,8}))$/;

/** Parses a key made by `quantityKey` back into a quantity, or `null` if it is not one. */
export function parseQuantityKey(key: string): Quantity | null {
  const m = QUANTITY_KEY_PATTERN.exec(key);
  if (!m) return null;
  if (m[1] !== undefined) return LOSS;
  if (m[2] !== undefined) return { kind: 'neuron', neuron: Number(m[2]) };
  if (m[3] !== undefined && m[4] !== undefined)
    return { kind: 'weight', from: Number(m[3]), to: Number(m[4]) };
  if (m[5] !== undefined && m[6] !== undefined) {
    return { kind: 'inputWeight', input: Number(m[5]), neuron: Number(m[6]) };
  }
  if (m[7] !== undefined) return { kind: 'input', input: Number(m[7]) };
  if (m[8] !== undefined) return { kind: 'shared', name: m[8] };
  return null;
}

/** Parses a key made by `atomKey` back into an atom, or `null` if it is not one. */
export function parseAtomKey(key: string): Atom | null {
  const slash = key.indexOf('/');
  if (slash < 0) return null;
  const of = parseQuantityKey(key.slice(0, slash));
  const wrt = parseQuantityKey(key.slice(slash + 1));
  return of && wrt ? { of, wrt } : null;
}

/** True when two quantities are the same (compared by key). */
export function quantitiesEqual(a: Quantity, b: Quantity): boolean {
  return quantityKey(a) === quantityKey(b);
}

/** True when two atoms are the same local derivative (compared by key). */
export function atomsEqual(a: Atom, b: Atom): boolean {
  return atomKey(a) === atomKey(b);
}

/** A neuron quantity `n_i`. */
export function neuronQuantity(neuron: number): Target {
  return { kind: 'neuron', neuron };
}

/** The atom `∂E/∂n_output` (the loss's derivative by an output neuron). */
export function lossAtom(output: number): Atom {
  return { of: LOSS, wrt: neuronQuantity(output) };
}

/** The atom `∂n_of/∂n_wrt`, meaning `n_wrt` is a direct input of `n_of`. */
export function neuronAtom(of: number, wrt: number): Atom {
  return { of: neuronQuantity(of), wrt: neuronQuantity(wrt) };
}

/** The atom `∂n_to/∂w_{from,to}`. */
export function weightAtom(from: number, to: number): Atom {
  return { of: neuronQuantity(to), wrt: { kind: 'weight', from, to } };
}

/** The atom `∂n_neuron/∂(v_{input,neuron})_d`. */
export function inputWeightAtom(input: number, neuron: number): Atom {
  return { of: neuronQuantity(neuron), wrt: { kind: 'inputWeight', input, neuron } };
}

/** The atom `∂n_neuron/∂(x_input)_d`, meaning `x_input` is a network input of `n_neuron`. */
export function inputAtom(neuron: number, input: number): Atom {
  return { of: neuronQuantity(neuron), wrt: { kind: 'input', input } };
}

/** `∂n_neuron/∂w_{name}`: the local derivative of one use of a shared weight. */
export function sharedAtom(neuron: number, name: string): Atom {
  return { of: neuronQuantity(neuron), wrt: { kind: 'shared', name } };
}

/** Wraps an atom as an expression leaf. */
export function atomExpr(atom: Atom): Expr {
  return { kind: 'atom', atom };
}

/**
 * A sum expression; a single term is returned as itself and nested sums are
 * flattened. An empty sum is the number 0.
 * @example sumOf([atomExpr(a), atomExpr(b)])
 */
export function sumOf(terms: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const t of terms) {
    if (t.kind === 'sum') flat.push(...t.terms);
    else flat.push(t);
  }
  if (flat.length === 0) return { kind: 'num', value: 0n };
  if (flat.length === 1) return flat[0] as Expr;
  return { kind: 'sum', terms: flat };
}

/**
 * A product expression; a single factor is returned as itself and nested
 * products are flattened. An empty product is the number 1.
 * @example productOf([atomExpr(lossAtom(6)), atomExpr(neuronAtom(6, 4))])
 */
export function productOf(factors: readonly Expr[]): Expr {
  const flat: Expr[] = [];
  for (const f of factors) {
    if (f.kind === 'product') flat.push(...f.factors);
    else flat.push(f);
  }
  if (flat.length === 0) return { kind: 'num', value: 1n };
  if (flat.length === 1) return flat[0] as Expr;
  return { kind: 'product', factors: flat };
}

/** A product of atoms (one path's term), collapsed to the atom itself when there is one. */
export function productOfAtoms(atoms: readonly Atom[]): Expr {
  return productOf(atoms.map(atomExpr));
}
