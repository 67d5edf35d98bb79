/**
 * The built-in networks of the week 09 lecture, as interchange specs.
 * Topologies are exactly those of `lecture/week09-gradient-flow.md`.
 */
import type { Network, NetworkSpec } from './network';
import { parseNetworkOrThrow } from './network';

/** Network I (lecture figure 1): inputs x1→n1, x2→n2; outputs n6, n7. */
const WEEK09_NET1: NetworkSpec = {
  name: 'Network I',
  description: 'Week 09 lecture, figure 1',
  inputs: [
    { input: 'x1', neuron: 'n1' },
    { input: 'x2', neuron: 'n2' },
  ],
  edges: [
    { from: 'n1', to: 'n3' },
    { from: 'n1', to: 'n4' },
    { from: 'n2', to: 'n4' },
    { from: 'n2', to: 'n5' },
    { from: 'n3', to: 'n6' },
    { from: 'n4', to: 'n6' },
    { from: 'n5', to: 'n7' },
  ],
  outputs: ['n6', 'n7'],
  layers: [
    ['n6', 'n7'],
    ['n3', 'n4', 'n5'],
    ['n1', 'n2'],
  ],
};

/** Network II (lecture figure 2): inputs x1→n1, x2→n2; outputs n6, n7, n8. */
const WEEK09_NET2: NetworkSpec = {
  name: 'Network II',
  description: 'Week 09 lecture, figure 2',
  inputs: [
    { input: 'x1', neuron: 'n1' },
    { input: 'x2', neuron: 'n2' },
  ],
  edges: [
    { from: 'n1', to: 'n3' },
    { from: 'n1', to: 'n5' },
    { from: 'n2', to: 'n4' },
    { from: 'n3', to: 'n6' },
    { from: 'n3', to: 'n8' },
    { from: 'n4', to: 'n6' },
    { from: 'n4', to: 'n8' },
    { from: 'n5', to: 'n7' },
  ],
  outputs: ['n6', 'n7', 'n8'],
  layers: [
    ['n7', 'n6', 'n8'],
    ['n5', 'n3', 'n4'],
    ['n1', 'n2'],
  ],
};

/** Built-in network specs by id. */
export const builtinNetworks = {
  'week09-net1': WEEK09_NET1,
  'week09-net2': WEEK09_NET2,
} as const satisfies Record<string, NetworkSpec>;

/** Id of a built-in network. */
export type BuiltinNetworkId = keyof typeof builtinNetworks;

/** Ids of all built-in networks. */
export const BUILTIN_NETWORK_IDS = Object.keys(builtinNetworks) as BuiltinNetworkId[];

/** True when `id` names a built-in network. */
export function isBuiltinNetworkId(id: string): id is BuiltinNetworkId {
  return Object.prototype.hasOwnProperty.call(builtinNetworks, id);
}

const cache = new Map<BuiltinNetworkId, Network>();

/**
 * The parsed built-in network with this id, or `undefined` for an unknown id.
 * @example getBuiltinNetwork('week09-net1')?.outputs // [6, 7]
 */
export function getBuiltinNetwork(id: string): Network | undefined {
  if (!isBuiltinNetworkId(id)) return undefined;
  let net = cache.get(id);
  if (!net) {
    net = parseNetworkOrThrow(builtinNetworks[id]);
    cache.set(id, net);
  }
  return net;
}
