/**
 * Classifies one atom against a network: is it an allowed local derivative
 * (one edge of the graph), and if not, which mistake it shows. The checks run
 * in a fixed order so each wrong atom gets exactly one, most specific, code.
 */
import type { Atom, Quantity } from '../types';
import { assertNever } from '../types';
import { atomKey, quantitiesEqual } from '../atoms';
import { renderAtom, renderQuantity } from '../render';
import type { Network } from '../network';
import { hasNeuron, isEdge, isInputConnection, isOutput, neuronsFedByInput } from '../network';
import type { Note } from './notes';
import { NOTE_CODES, note } from './notes';

/** The verdict on one atom: allowed, or the note that says what is wrong with it. */
export type AtomVerdict = { readonly ok: true } | { readonly ok: false; readonly note: Note };

const OK: AtomVerdict = { ok: true };

function text(q: Quantity): string {
  return renderQuantity(q, 'text');
}

/** True when the quantity exists in the network (a weight needs its edge, an input weight its connection). */
export function quantityExists(net: Network, q: Quantity): boolean {
  switch (q.kind) {
    case 'loss':
      return true;
    case 'neuron':
      return hasNeuron(net, q.neuron);
    case 'weight':
      return isEdge(net, q.from, q.to) && !net.sharedOfEdge.has(`n${q.from}-n${q.to}`);
    case 'inputWeight':
      return isInputConnection(net, q.input, q.neuron) && !net.sharedOfEdge.has(`x${q.input}-n${q.neuron}`);
    case 'input':
      return neuronsFedByInput(net, q.input).length > 0;
    case 'shared':
      return net.shared.has(q.name);
    default:
      return assertNever(q);
  }
}

/** The shared weight on an edge written as `w_{k,i}` or `v_{l,i}`, if any. */
function tiedTo(net: Network, q: Quantity): string | undefined {
  if (q.kind === 'weight') return net.sharedOfEdge.get(`n${q.from}-n${q.to}`);
  if (q.kind === 'inputWeight') return net.sharedOfEdge.get(`x${q.input}-n${q.neuron}`);
  return undefined;
}

/** Why a quantity is not in the network, in one clause. */
function unknownReason(net: Network, q: Quantity): string {
  switch (q.kind) {
    case 'loss':
      return 'E is always there';
    case 'neuron':
      return `there is no neuron n_${q.neuron} in this network`;
    case 'weight':
      if (tiedTo(net, q) !== undefined) {
        return `the edge n_${q.from} → n_${q.to} carries the shared weight w_{${tiedTo(net, q) as string}}, so write that instead of ${text(q)}`;
      }
      if (!hasNeuron(net, q.from) || !hasNeuron(net, q.to)) {
        return `there is no weight ${text(q)}: ${!hasNeuron(net, q.from) ? `n_${q.from}` : `n_${q.to}`} is not in this network`;
      }
      return `there is no weight ${text(q)}: n_${q.from} does not feed n_${q.to}`;
    case 'inputWeight':
      if (tiedTo(net, q) !== undefined) {
        return `the input x_${q.input} → n_${q.neuron} carries the shared weight w_{${tiedTo(net, q) as string}}, so write that instead of ${text(q)}`;
      }
      return `there is no weight vector v_{${q.input},${q.neuron}}: x_${q.input} does not feed n_${q.neuron}`;
    case 'input':
      return `there is no input x_${q.input} in this network`;
    case 'shared':
      return `there is no shared weight ${text(q)} in this network`;
    default:
      return assertNever(q);
  }
}

/** True when the atom is one of the allowed local derivatives of this network. */
export function isAllowedAtom(net: Network, atom: Atom): boolean {
  const { of, wrt } = atom;
  if (of.kind === 'loss') return wrt.kind === 'neuron' && isOutput(net, wrt.neuron);
  if (of.kind !== 'neuron' || !hasNeuron(net, of.neuron)) return false;
  switch (wrt.kind) {
    case 'neuron':
      return isEdge(net, wrt.neuron, of.neuron);
    case 'weight':
      return wrt.to === of.neuron && quantityExists(net, wrt);
    case 'inputWeight':
      return wrt.neuron === of.neuron && quantityExists(net, wrt);
    case 'input':
      return isInputConnection(net, wrt.input, of.neuron);
    case 'shared':
      return (net.shared.get(wrt.name) ?? []).some((u) => u.neuron === of.neuron);
    case 'loss':
      return false;
    default:
      return assertNever(wrt);
  }
}

/**
 * Says whether an atom is allowed in this network and, if not, names the
 * mistake: identity, unknown quantity, not an output, upside down, no edge,
 * or a weight taken of the wrong neuron.
 * @example classifyAtom(net1, neuronAtom(4, 6)) // atom/wrong-direction: n_4 feeds n_6
 */
export function classifyAtom(net: Network, atom: Atom): AtomVerdict {
  if (isAllowedAtom(net, atom)) return OK;
  const { of, wrt } = atom;
  const shown = renderAtom(atom, 'text');
  const data = { atom: shown, key: atomKey(atom) };
  if (quantitiesEqual(of, wrt)) {
    return { ok: false, note: note(NOTE_CODES.atomIdentity, `${shown} is always 1, so it adds nothing to a product; leave it out.`, data) };
  }
  for (const q of [of, wrt]) {
    if (!quantityExists(net, q)) {
      return { ok: false, note: note(NOTE_CODES.atomUnknown, `${shown} cannot be right: ${unknownReason(net, q)}.`, data) };
    }
  }
  const flipped: Atom = { of: wrt, wrt: of };
  if (isAllowedAtom(net, flipped)) {
    const flippedText = renderAtom(flipped, 'text');
    return {
      ok: false,
      note: note(NOTE_CODES.atomWrongDirection, `${shown} is upside down: ${text(of)} feeds ${text(wrt)}, so the local derivative is ${flippedText}.`, {
        ...data,
        correct: flippedText,
      }),
    };
  }
  if (of.kind === 'loss') {
    if (wrt.kind === 'neuron') {
      return {
        ok: false,
        note: note(NOTE_CODES.atomNotOutput, `${shown} is not a local derivative: n_${wrt.neuron} is not an output neuron, so E depends on it only through later neurons.`, data),
      };
    }
    return {
      ok: false,
      note: note(NOTE_CODES.atomNotAdjacent, `${shown} is not a local derivative: E depends on ${text(wrt)} only through the neurons in between.`, data),
    };
  }
  if (of.kind === 'neuron') {
    if (wrt.kind === 'weight' || wrt.kind === 'inputWeight') {
      const feeds = wrt.kind === 'weight' ? wrt.to : wrt.neuron;
      const right = renderAtom({ of: { kind: 'neuron', neuron: feeds }, wrt }, 'text');
      return {
        ok: false,
        note: note(NOTE_CODES.atomMismatchedWeight, `${shown} does not match: ${text(wrt)} feeds n_${feeds}, not n_${of.neuron}; its local derivative is ${right}.`, {
          ...data,
          correct: right,
        }),
      };
    }
    if (wrt.kind === 'input') {
      return { ok: false, note: note(NOTE_CODES.atomNotAdjacent, `${shown} is not a local derivative: x_${wrt.input} is not an input of n_${of.neuron}.`, data) };
    }
    if (wrt.kind === 'shared') {
      const fed = (net.shared.get(wrt.name) ?? []).map((u) => `n_${u.neuron}`);
      return {
        ok: false,
        note: note(NOTE_CODES.atomMismatchedWeight, `${shown} does not match: the shared weight ${text(wrt)} is used on the edges into ${fed.join(', ')}, not into n_${of.neuron}.`, data),
      };
    }
    if (wrt.kind === 'neuron') {
      return {
        ok: false,
        note: note(NOTE_CODES.atomNotAdjacent, `${shown} is not a local derivative: there is no edge n_${wrt.neuron} → n_${of.neuron}.`, data),
      };
    }
    return { ok: false, note: note(NOTE_CODES.atomWrongDirection, `${shown} is upside down: E depends on n_${of.neuron}, not the other way round.`, data) };
  }
  return {
    ok: false,
    note: note(NOTE_CODES.atomNotAdjacent, `${shown} is not a local derivative: ${text(of)} is a weight or input; it does not depend on ${text(wrt)}.`, data),
  };
}
