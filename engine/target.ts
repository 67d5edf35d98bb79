/**
 * Targets (what ∂E/∂… is taken with respect to): parsing the notations
 * students and instructors write, formatting, stable keys, and checking a
 * target against a network.
 */
import type { Target } from './types';
import { assertNever } from './types';
import { quantityKey } from './atoms';
import type { RenderFormat } from './render';
import { renderQuantity } from './render';
import type { Network } from './network';
import { MAX_INDEX, hasNeuron, isEdge, isInputConnection, neuronsFedByInput } from './network';

/** Longest target text `parseTarget` looks at. */
export const MAX_TARGET_TEXT_LENGTH = 64;

/** Result of `parseTarget`. */
export type ParseTargetResult = { ok: true; target: Target } | { ok: false; error: string };

/** Result of `validateTarget`. */
export type ValidateTargetResult = { ok: true } | { ok: false; error: string };

const COMPONENT_WRAPPER = /^\((.*)\)_(?:d|\{d\})$/;
const BODY = /^([nwvx])(.*)$/;
const INDEX_DIGITS = /^\d+$/;
/** A shared weight: `w_{hh}` or `w_hh` (1–8 lowercase letters). */
const SHARED_TARGET = /^w_(?:\{([a-z]{1,8})\}|([a-z]{1,8}))$/;

/**
 * Parses a target: `n4`, `n_4`, `n_{4}`, `w25`, `w_{2,5}`, `w_2,5`, `v11`,
 * `v_{1,1}`, `(v_{1,1})_d`, `x2`, `(x_2)_d`, and a shared weight `w_{hh}` / `w_hh`. Two-index names with more than two
 * digits and no comma (`w123`) are ambiguous and rejected.
 * @example parseTarget('w_{2,5}') // { ok: true, target: { kind: 'weight', from: 2, to: 5 } }
 */
export function parseTarget(text: string): ParseTargetResult {
  if (text.length > MAX_TARGET_TEXT_LENGTH)
    return fail(`target is too long (at most ${MAX_TARGET_TEXT_LENGTH} characters)`);
  const compact = text.replace(/\s+/g, '');
  if (compact === '') return fail('target is empty: write e.g. n4, w_{2,5}, (v_{1,1})_d or (x_2)_d');
  let body = compact;
  let component = false;
  const wrapped = COMPONENT_WRAPPER.exec(compact);
  if (wrapped) {
    body = wrapped[1] ?? '';
    component = true;
  } else if (/_(?:d|\{d\})$/.test(compact) && /^[vx]/i.test(compact)) {
    // `v_{1,1}_d` / `x_2_d`: accept the component suffix without parentheses.
    body = compact.replace(/_(?:d|\{d\})$/, '');
    component = true;
  }
  const shared = SHARED_TARGET.exec(compact);
  if (shared) return { ok: true, target: { kind: 'shared', name: (shared[1] ?? shared[2]) as string } };
  const m = BODY.exec(body.length > 0 ? body[0]?.toLowerCase() + body.slice(1) : body);
  if (!m)
    return fail(
      `cannot read ${JSON.stringify(text)} as a target: write e.g. n4, w_{2,5}, (v_{1,1})_d or (x_2)_d`,
    );
  const letter = m[1] as 'n' | 'w' | 'v' | 'x';
  const indices = readIndices(m[2] ?? '');
  if (indices === null) {
    return fail(`cannot read the indices of ${JSON.stringify(text)}: write e.g. ${example(letter)}`);
  }
  if (component && (letter === 'n' || letter === 'w')) {
    return fail(
      `${letter === 'n' ? 'a neuron output' : 'a weight'} is a scalar: write it without "( )_d", e.g. ${example(letter)}`,
    );
  }
  const two = letter === 'w' || letter === 'v';
  let nums: string[];
  if (indices.comma) {
    if (!two) return fail(`${letter} takes one index: write e.g. ${example(letter)}`);
    nums = indices.parts;
  } else {
    const digits = indices.parts[0] ?? '';
    if (!two) nums = [digits];
    else if (digits.length === 2) nums = [digits[0] as string, digits[1] as string];
    else if (digits.length < 2) return fail(`${letter} takes two indices: write e.g. ${example(letter)}`);
    else {
      const splits = [];
      for (let i = 1; i < digits.length; i++)
        splits.push(`${letter}_{${digits.slice(0, i)},${digits.slice(i)}}`);
      return fail(`${letter}${digits} is ambiguous: write ${splits.join(' or ')}`);
    }
  }
  const values: number[] = [];
  for (const s of nums) {
    const v = Number(s);
    if (!Number.isSafeInteger(v) || v < 1 || v > MAX_INDEX || (s.length > 1 && s.startsWith('0'))) {
      return fail(
        `index ${JSON.stringify(s)} in ${JSON.stringify(text)} must be a positive integer without leading zeros`,
      );
    }
    values.push(v);
  }
  const [a, b] = values as [number, number];
  switch (letter) {
    case 'n':
      return { ok: true, target: { kind: 'neuron', neuron: a } };
    case 'x':
      return { ok: true, target: { kind: 'input', input: a } };
    case 'w':
      return { ok: true, target: { kind: 'weight', from: a, to: b } };
    case 'v':
      return { ok: true, target: { kind: 'inputWeight', input: a, neuron: b } };
    default:
      return assertNever(letter);
  }
}

function fail(error: string): ParseTargetResult {
  return { ok: false, error };
}

function example(letter: 'n' | 'w' | 'v' | 'x'): string {
  switch (letter) {
    case 'n':
      return 'n_4';
    case 'w':
      return 'w_{2,5}';
    case 'v':
      return '(v_{1,1})_d';
    case 'x':
      return '(x_2)_d';
    default:
      return assertNever(letter);
  }
}

/** Reads `_{2,5}`, `_2,5`, `2,5`, `_{25}`, `25`, `_4` … into digit strings. */
function readIndices(rest: string): { comma: boolean; parts: string[] } | null {
  let s = rest.startsWith('_') ? rest.slice(1) : rest;
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) return null;
    s = s.slice(1, -1);
  }
  const parts = s.split(',');
  if (parts.length > 2 || parts.some((p) => !INDEX_DIGITS.test(p))) return null;
  return { comma: parts.length === 2, parts };
}

/**
 * Formats a target: text `n_4`, `w_{2,5}`, `(v_{1,1})_d`, `(x_2)_d`; LaTeX `n_{4}`, …
 * @example formatTarget({ kind: 'input', input: 2 }, 'text') // '(x_2)_d'
 */
export function formatTarget(target: Target, format: RenderFormat): string {
  return renderQuantity(target, format);
}

/**
 * Stable string id of a target: `n4`, `w2,5`, `v1,1`, `x2` (same as `quantityKey`).
 * @example targetKey({ kind: 'weight', from: 2, to: 5 }) // 'w2,5'
 */
export function targetKey(target: Target): string {
  return quantityKey(target);
}

/**
 * Checks that a target exists in a network: a neuron it has, a weight on an
 * existing edge, an input weight on an existing input connection, an input
 * feeding some neuron.
 */
export function validateTarget(net: Network, target: Target): ValidateTargetResult {
  const where = `in ${net.name}`;
  switch (target.kind) {
    case 'neuron':
      return hasNeuron(net, target.neuron)
        ? { ok: true }
        : { ok: false, error: `n_${target.neuron} is not a neuron ${where}` };
    case 'weight':
      if (net.sharedOfEdge.has(`n${target.from}-n${target.to}`))
        return { ok: false, error: tiedMessage(net, target, `n_${target.from} → n_${target.to}`) };
      if (isEdge(net, target.from, target.to)) return { ok: true };
      return {
        ok: false,
        error: `${formatTarget(target, 'text')} needs an edge n_${target.from} → n_${target.to}, which does not exist ${where}`,
      };
    case 'inputWeight':
      if (net.sharedOfEdge.has(`x${target.input}-n${target.neuron}`))
        return { ok: false, error: tiedMessage(net, target, `x_${target.input} → n_${target.neuron}`) };
      if (isInputConnection(net, target.input, target.neuron)) return { ok: true };
      return {
        ok: false,
        error: `${formatTarget(target, 'text')} needs input x_${target.input} to feed n_${target.neuron}, which it does not ${where}`,
      };
    case 'input':
      return neuronsFedByInput(net, target.input).length > 0
        ? { ok: true }
        : { ok: false, error: `x_${target.input} is not an input ${where}` };
    case 'shared':
      return net.shared.has(target.name)
        ? { ok: true }
        : { ok: false, error: `${formatTarget(target, 'text')} is not a shared weight ${where}` };
    default:
      return assertNever(target);
  }
}

function tiedMessage(net: Network, target: Target, edge: string): string {
  const id = target.kind === 'weight' ? `n${target.from}-n${target.to}` : target.kind === 'inputWeight' ? `x${target.input}-n${target.neuron}` : '';
  return `${formatTarget(target, 'text')} is not a weight of its own: the edge ${edge} carries the shared weight w_{${net.sharedOfEdge.get(id) ?? ''}}, so ask about that`;
}

/** Parses a target and checks it against a network in one step. */
export function parseTargetFor(net: Network, text: string): ParseTargetResult {
  const parsed = parseTarget(text);
  if (!parsed.ok) return parsed;
  const valid = validateTarget(net, parsed.target);
  return valid.ok ? parsed : { ok: false, error: valid.error };
}
