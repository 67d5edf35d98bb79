import { describe, expect, it } from 'vitest';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { parseNetworkOrThrow } from '../network';
import { targetOfTap } from './tap-target';

const net1 = getBuiltinNetwork('week09-net1') as Network;

describe('targetOfTap', () => {
  it('names a neuron, an input, a weight and an input weight from what was tapped', () => {
    expect(targetOfTap(net1, 'node', 'n4')).toEqual({ kind: 'neuron', neuron: 4 });
    expect(targetOfTap(net1, 'node', 'x2')).toEqual({ kind: 'input', input: 2 });
    expect(targetOfTap(net1, 'edge', 'n2-n5')).toEqual({ kind: 'weight', from: 2, to: 5 });
    expect(targetOfTap(net1, 'edge', 'x1-n1')).toEqual({ kind: 'inputWeight', input: 1, neuron: 1 });
  });

  it('names nothing for E, a loss edge or an unknown node', () => {
    expect(targetOfTap(net1, 'node', 'E')).toBeNull();
    expect(targetOfTap(net1, 'edge', 'n6-E')).toBeNull();
    expect(targetOfTap(net1, 'node', 'n99')).toBeNull();
  });

  it('an edge carrying a shared weight names the shared weight', () => {
    const rnn = parseNetworkOrThrow({
      name: 'rnn',
      inputs: [{ input: 'x1', neuron: 'n1' }, { input: 'x2', neuron: 'n2' }],
      edges: [{ from: 'n1', to: 'n2' }],
      outputs: ['n2'],
      shared: [{ name: 'xh', uses: ['x1-n1', 'x2-n2'] }],
    });
    expect(targetOfTap(rnn, 'edge', 'x2-n2')).toEqual({ kind: 'shared', name: 'xh' });
    expect(targetOfTap(rnn, 'edge', 'n1-n2')).toEqual({ kind: 'weight', from: 1, to: 2 });
  });
});
