import { describe, expect, it } from 'vitest';
import { parseNetwork, successorsOf } from './network';
import { layeredNetwork, randomNetwork } from './generators';
import type { RandomNetworkOptions } from './generators';

const base: RandomNetworkOptions = {
  neurons: 12,
  depth: 4,
  density: 0.4,
  skipConnections: 0.2,
  inputs: 3,
  outputs: 2,
};

describe('layeredNetwork', () => {
  it('builds a fully connected network numbered from the loss', () => {
    const { network, layers, layerOf, numbering } = layeredNetwork([2, 3, 2], { numbering: 'from-loss' });
    expect(numbering).toBe('from-loss');
    // neurons numbered from the input side: layer 3 = n1, n2; layer 2 = n3..n5; layer 1 = n6, n7
    expect(layers).toEqual([
      [6, 7],
      [3, 4, 5],
      [1, 2],
    ]);
    expect(network.outputs).toEqual([6, 7]);
    expect(network.inputs).toEqual([
      { input: 1, neuron: 1 },
      { input: 2, neuron: 2 },
    ]);
    expect(network.edges).toHaveLength(2 * 3 + 3 * 2);
    expect(successorsOf(network, 1)).toEqual([3, 4, 5]);
    expect(layerOf.get(4)).toBe(2);
    expect(network.spec.layers).toEqual([
      ['n6', 'n7'],
      ['n3', 'n4', 'n5'],
      ['n1', 'n2'],
    ]);
  });

  it('reads widths in the chosen numbering', () => {
    const { network, layers } = layeredNetwork([2, 3, 1], { numbering: 'from-input' });
    expect(layers).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(network.outputs).toEqual([6]);
  });

  it('handles a single layer and rejects bad widths', () => {
    expect(layeredNetwork([3], { numbering: 'from-loss' }).network.outputs).toEqual([1, 2, 3]);
    expect(() => layeredNetwork([], { numbering: 'from-loss' })).toThrow(RangeError);
    expect(() => layeredNetwork([2, 0], { numbering: 'from-loss' })).toThrow(RangeError);
    expect(() => layeredNetwork([10_000, 1], { numbering: 'from-loss' })).toThrow(RangeError);
  });
});

describe('randomNetwork', () => {
  it('is deterministic given the seed', () => {
    expect(randomNetwork(42, base).spec).toEqual(randomNetwork(42, base).spec);
    expect(randomNetwork(42, base).spec).not.toEqual(randomNetwork(43, base).spec);
  });

  it('always produces valid networks that survive the wire', () => {
    for (let seed = 0; seed < 300; seed++) {
      const net = randomNetwork(seed, {
        ...base,
        neurons: 4 + (seed % 20),
        depth: 2 + (seed % 4),
        outputs: 1 + (seed % 3),
        density: (seed % 10) / 10,
        skipConnections: (seed % 7) / 10,
        innerOutputs: (seed % 5) / 10,
        shuffleIds: seed % 2 === 1,
      });
      const wire = parseNetwork(JSON.parse(JSON.stringify(net.spec)));
      expect(wire.ok, `seed ${seed}`).toBe(true);
      if (wire.ok) expect(wire.network.edges).toEqual(net.edges);
      expect(net.neurons).toHaveLength(4 + (seed % 20));
      expect(net.inputIndices).toEqual(Array.from({ length: base.inputs }, (_, i) => i + 1));
    }
  });

  it('makes a single layer of outputs for depth 1', () => {
    expect(randomNetwork(5, { ...base, neurons: 3, depth: 1, outputs: 3 }).outputs).toEqual([1, 2, 3]);
  });

  it('rejects impossible options', () => {
    expect(() => randomNetwork(1, { ...base, neurons: 3, depth: 4 })).toThrow(RangeError);
    expect(() => randomNetwork(1, { ...base, depth: 1 })).toThrow(RangeError);
    expect(() => randomNetwork(1, { ...base, density: 1.5 })).toThrow(RangeError);
    expect(() => randomNetwork(1, { ...base, inputs: 0 })).toThrow(RangeError);
  });
});
