import { describe, expect, it } from 'vitest';
import type { Network } from './network';
import { networkToSpec, parseNetworkOrThrow } from './network';
import { getBuiltinNetwork, BUILTIN_NETWORK_IDS } from './builtins';
import { layeredNetwork, randomNetwork } from './generators';
import { allEdgeIds } from './paths';
import type { NetworkLayout } from './layout';
import { layoutNetwork } from './layout';

function withoutHints(net: Network): Network {
  const spec = networkToSpec(net);
  delete spec.layers;
  return parseNetworkOrThrow(spec);
}

function checkLayout(net: Network, layout: NetworkLayout): void {
  const ids = layout.nodes.map((n) => n.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(
    new Set(['E', ...net.neurons.map((n) => `n${n}`), ...net.inputIndices.map((l) => `x${l}`)]),
  );
  const at = new Set(layout.nodes.map((n) => `${n.x},${n.y}`));
  expect(at.size).toBe(layout.nodes.length);
  expect(layout.edges.map((e) => e.id).sort()).toEqual(allEdgeIds(net).sort());
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  for (const e of layout.edges) {
    const from = byId.get(e.from);
    const to = byId.get(e.to);
    expect(from && to).toBeTruthy();
    // every edge points up the page, towards E
    expect((from?.y ?? 0) > (to?.y ?? 0)).toBe(true);
  }
  for (const n of layout.nodes) {
    expect(n.x).toBeGreaterThan(0);
    expect(n.x).toBeLessThan(layout.width);
    expect(n.y).toBeGreaterThan(0);
    expect(n.y).toBeLessThan(layout.height);
  }
  const e = byId.get('E');
  const maxY = Math.max(...layout.nodes.map((n) => n.y));
  expect(e?.y).toBe(Math.min(...layout.nodes.map((n) => n.y)));
  for (const n of layout.nodes) if (n.kind === 'input') expect(n.y).toBe(maxY);
}

describe('layoutNetwork', () => {
  it('lays out the lecture networks: E on top, inputs at the bottom, rows numbered from the loss', () => {
    for (const id of BUILTIN_NETWORK_IDS) {
      const net = getBuiltinNetwork(id) as Network;
      const layout = layoutNetwork(net);
      checkLayout(net, layout);
      expect(layout.layers).toBe(3);
    }
    const layout = layoutNetwork(getBuiltinNetwork('week09-net1') as Network);
    const layerOf = Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer]));
    expect(layerOf).toEqual({ E: 0, n6: 1, n7: 1, n3: 2, n4: 2, n5: 2, n1: 3, n2: 3, x1: 4, x2: 4 });
    expect(layout.crossings).toBe(0);
    expect(layout.nodes.find((n) => n.id === 'n3')).toMatchObject({
      kind: 'neuron',
      index: 3,
      label: 'n_3',
      latex: 'n_{3}',
    });
    expect(layout.edges.find((e) => e.id === 'n6-E')).toEqual({
      id: 'n6-E',
      from: 'n6',
      to: 'E',
      kind: 'loss',
    });
    expect(layout.edges.find((e) => e.id === 'x2-n2')).toEqual({
      id: 'x2-n2',
      from: 'x2',
      to: 'n2',
      kind: 'input',
    });
  });

  it('is deterministic', () => {
    const net = randomNetwork(9, {
      neurons: 20,
      depth: 4,
      density: 0.4,
      skipConnections: 0.1,
      inputs: 3,
      outputs: 3,
    });
    expect(layoutNetwork(withoutHints(net))).toEqual(layoutNetwork(withoutHints(net)));
  });

  it('orders rows to reduce crossings (Network II without hints reaches the unavoidable single crossing)', () => {
    const net2 = withoutHints(getBuiltinNetwork('week09-net2') as Network);
    expect(layoutNetwork(net2).crossings).toBe(1);
    // n1 → n4, n2 → n3 in index order crosses; reordering removes it.
    const crossed = parseNetworkOrThrow({
      name: 'crossed',
      inputs: [
        { input: 'x1', neuron: 'n1' },
        { input: 'x2', neuron: 'n2' },
      ],
      edges: [
        { from: 'n1', to: 'n4' },
        { from: 'n2', to: 'n3' },
        { from: 'n3', to: 'n5' },
        { from: 'n4', to: 'n6' },
      ],
      outputs: ['n5', 'n6'],
    });
    expect(layoutNetwork(crossed).crossings).toBe(0);
  });

  it('gives valid, distinct positions for random networks up to 30 neurons', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const net = randomNetwork(seed, {
        neurons: 8 + (seed % 23),
        depth: 2 + (seed % 4),
        density: 0.35,
        skipConnections: 0.1,
        inputs: 1 + (seed % 3),
        outputs: 1 + (seed % 3),
        innerOutputs: 0.1,
        shuffleIds: true,
      });
      checkLayout(net, layoutNetwork(withoutHints(net)));
      checkLayout(net, layoutNetwork(net));
    }
  });

  it('respects the layers, positions and labels hints', () => {
    const net = parseNetworkOrThrow({
      ...networkToSpec(getBuiltinNetwork('week09-net1') as Network),
      layers: [
        ['n7', 'n6'],
        ['n5', 'n4', 'n3'],
        ['n2', 'n1'],
      ],
      positions: { E: { x: 10, y: 0.25 } },
      labels: { n1: 'h_1', x1: 'pixel' },
    });
    const layout = layoutNetwork(net);
    const node = (id: string) => layout.nodes.find((n) => n.id === id);
    expect(node('E')).toMatchObject({ x: 10, y: 0.25 });
    expect(layout.width).toBe(10.5);
    expect(node('n1')?.label).toBe('h_1');
    expect(node('x1')?.label).toBe('pixel');
    // hinted order already has no crossings, so it is kept
    expect((node('n7')?.x ?? 0) < (node('n6')?.x ?? 0)).toBe(true);
    expect((node('n5')?.x ?? 0) < (node('n3')?.x ?? 0)).toBe(true);
    expect(layout.crossings).toBeNull();
  });

  it('puts neurons fed only by inputs on the bottom row', () => {
    const net = parseNetworkOrThrow({
      name: 'skip',
      inputs: [
        { input: 'x1', neuron: 'n1' },
        { input: 'x2', neuron: 'n4' },
      ],
      edges: [
        { from: 'n1', to: 'n2' },
        { from: 'n2', to: 'n3' },
        { from: 'n4', to: 'n3' },
      ],
      outputs: ['n3'],
    });
    const layerOf = Object.fromEntries(layoutNetwork(net).nodes.map((n) => [n.id, n.layer]));
    expect(layerOf).toEqual({ E: 0, n3: 1, n2: 2, n1: 3, n4: 3, x1: 4, x2: 4 });
  });

  it('stays fast on a network too large to count crossings', () => {
    const { network } = layeredNetwork(new Array<number>(20).fill(20), { numbering: 'from-loss' });
    const layout = layoutNetwork(network);
    expect(layout.crossings).toBeNull();
    expect(layout.nodes).toHaveLength(400 + 20 + 1);
  });
});
