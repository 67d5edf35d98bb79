/**
 * Network specs the pack and network-table tests share (docs/NETWORK_FORMAT.md). Test-only: nothing in the app
 * imports this file.
 */

/** The smallest diamond: one input, two paths from n1 to the output n4. */
export const TINY_NETWORK = {
  name: 'tiny',
  inputs: [{ input: 'x1', neuron: 'n1' }],
  edges: [
    { from: 'n1', to: 'n2' },
    { from: 'n1', to: 'n3' },
    { from: 'n2', to: 'n4' },
    { from: 'n3', to: 'n4' },
  ],
  outputs: ['n4'],
} as const;
