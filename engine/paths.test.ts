import { describe, expect, it } from 'vitest';
import type { Target } from './types';
import { assertNever } from './types';
import { atomKey } from './atoms';
import { createRng } from './rng';
import type { Network } from './network';
import { isEdge, isOutput, neuronsFedByInput } from './network';
import { getBuiltinNetwork } from './builtins';
import { layeredNetwork, randomNetwork } from './generators';
import { parseTarget } from './target';
import {
  allEdgeIds,
  countPaths,
  edgeId,
  enumeratePaths,
  gradientEdges,
  parseEdgeId,
  pathAtoms,
  pathCountsByNeuron,
  pathEdgeIds,
  pathFactors,
} from './paths';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const net2 = getBuiltinNetwork('week09-net2') as Network;

function t(text: string): Target {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

/** Every target of a network: all neurons, weights, input weights and inputs. */
function allTargets(net: Network): Target[] {
  return [
    ...net.neurons.map((neuron): Target => ({ kind: 'neuron', neuron })),
    ...net.edges.map((e): Target => ({ kind: 'weight', from: e.from, to: e.to })),
    ...net.inputs.map((c): Target => ({ kind: 'inputWeight', input: c.input, neuron: c.neuron })),
    ...net.inputIndices.map((input): Target => ({ kind: 'input', input })),
  ];
}

function randomDag(seed: number): Network {
  const rng = createRng(seed);
  const depth = rng.int(1, 5);
  const outputs = rng.int(1, 3);
  const neurons = depth === 1 ? outputs : rng.int(outputs + depth - 1, outputs + depth + 7);
  return randomNetwork(seed, {
    neurons,
    depth,
    density: rng.next(),
    skipConnections: rng.next() * 0.5,
    inputs: rng.int(1, 3),
    outputs,
    innerOutputs: rng.next() * 0.4,
    shuffleIds: rng.next() < 0.5,
  });
}

describe('edge ids', () => {
  it('names loss, neuron and input edges in the forward direction and parses them back', () => {
    expect(edgeId({ kind: 'neuron', from: 3, to: 6 })).toBe('n3-n6');
    expect(edgeId({ kind: 'loss', neuron: 6 })).toBe('n6-E');
    expect(edgeId({ kind: 'input', input: 2, neuron: 2 })).toBe('x2-n2');
    for (const id of ['n3-n6', 'n6-E', 'x2-n2', 'n12-n103'])
      expect(edgeId(parseEdgeId(id) as never)).toBe(id);
    for (const id of ['n3', 'E-n6', 'x2-E', 'n3-x2', 'n0-n1', 'n3-n6-n7']) expect(parseEdgeId(id)).toBeNull();
  });

  it('lists all drawn edges of a network', () => {
    expect(allEdgeIds(net1)).toEqual([
      'x1-n1',
      'x2-n2',
      'n1-n3',
      'n1-n4',
      'n2-n4',
      'n2-n5',
      'n3-n6',
      'n4-n6',
      'n5-n7',
      'n6-E',
      'n7-E',
    ]);
  });
});

describe('lecture networks', () => {
  it('counts and lists the paths of the lecture questions', () => {
    const cases: [Network, string, bigint, string[]][] = [
      [net1, 'n4', 1n, ['6,4']],
      [net1, 'w25', 1n, ['7,5']],
      [net1, '(v_{1,1})_d', 2n, ['6,3,1', '6,4,1']],
      [net1, '(x_2)_d', 2n, ['6,4,2', '7,5,2']],
      [net2, '(v_{2,2})_d', 2n, ['6,4,2', '8,4,2']],
      [net2, 'w_{2,4}', 2n, ['6,4', '8,4']],
      [net2, 'n1', 3n, ['6,3,1', '8,3,1', '7,5,1']],
    ];
    for (const [net, text, count, paths] of cases) {
      expect(countPaths(net, t(text))).toBe(count);
      const e = enumeratePaths(net, t(text));
      expect(e.capped).toBe(false);
      expect(e.paths.map((p) => p.neurons.join(','))).toEqual(paths);
    }
  });

  it('gives the atoms and factor count of a path', () => {
    const [p] = enumeratePaths(net1, t('w25')).paths;
    expect(p && pathAtoms(p).map(atomKey)).toEqual(['E/n7', 'n7/n5', 'n5/w2,5']);
    expect(p && pathFactors(p)).toBe(3);
    const [q] = enumeratePaths(net1, t('(x_2)_d')).paths;
    expect(q && pathAtoms(q).map(atomKey)).toEqual(['E/n6', 'n6/n4', 'n4/n2', 'n2/x2']);
    expect(q && pathEdgeIds(q)).toEqual(['n6-E', 'n4-n6', 'n2-n4', 'x2-n2']);
  });

  it('highlights the edges that carry gradient', () => {
    expect(gradientEdges(net1, t('n4'))).toEqual(['n4-n6', 'n6-E']);
    expect(gradientEdges(net1, t('w25'))).toEqual(['n2-n5', 'n5-n7', 'n7-E']);
    expect(gradientEdges(net1, t('v11'))).toEqual(['x1-n1', 'n1-n3', 'n1-n4', 'n3-n6', 'n4-n6', 'n6-E']);
    expect(gradientEdges(net2, t('x2'))).toEqual(['x2-n2', 'n2-n4', 'n4-n6', 'n4-n8', 'n6-E', 'n8-E']);
  });

  it('refuses targets that are not in the network', () => {
    expect(() => countPaths(net1, t('w15'))).toThrow('w_{1,5} needs an edge n_1 → n_5');
    expect(() => enumeratePaths(net1, t('n9'))).toThrow(RangeError);
    expect(() => gradientEdges(net1, t('x3'))).toThrow(RangeError);
    expect(() => enumeratePaths(net1, t('n1'), { cap: -1 })).toThrow(RangeError);
  });

  it('caps enumeration and says so', () => {
    expect(enumeratePaths(net2, t('n1'), { cap: 2 })).toMatchObject({ capped: true });
    expect(enumeratePaths(net2, t('n1'), { cap: 2 }).paths).toHaveLength(2);
    expect(enumeratePaths(net2, t('n1'), { cap: 3 }).capped).toBe(false);
    expect(enumeratePaths(net2, t('n1'), { cap: 0 })).toEqual({ paths: [], capped: true });
  });

  it('counts paths through an output that also feeds another neuron', () => {
    const r = randomNetwork(1, {
      neurons: 3,
      depth: 3,
      density: 1,
      skipConnections: 0,
      inputs: 1,
      outputs: 1,
      innerOutputs: 1,
    });
    // chain n1 → n2 → n3, all outputs: n1 reaches E directly, via n2, and via n2 → n3.
    expect(r.outputs).toEqual([1, 2, 3]);
    expect(countPaths(r, t('n1'))).toBe(3n);
    expect(enumeratePaths(r, t('n1')).paths.map((p) => p.neurons.join(','))).toEqual(['1', '2,1', '3,2,1']);
    expect(pathCountsByNeuron(r)).toEqual(
      new Map([
        [1, 3n],
        [2, 2n],
        [3, 1n],
      ]),
    );
  });
});

describe('property: random DAGs (200 seeds)', () => {
  const SEEDS = 200;

  it('DP count equals enumeration; paths are real; factors = edges + 1 (+1); gradientEdges = union of paths', () => {
    let checkedTargets = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const net = randomDag(seed);
      for (const target of allTargets(net)) {
        checkedTargets++;
        const ctx = `seed ${seed}, target ${JSON.stringify(target)}`;
        const { paths, capped } = enumeratePaths(net, target, { cap: 100_000 });
        expect(capped, ctx).toBe(false);
        expect(BigInt(paths.length), ctx).toBe(countPaths(net, target));
        expect(new Set(paths.map((p) => p.neurons.join(','))).size, ctx).toBe(paths.length);
        const union = new Set<string>();
        for (const p of paths) {
          const ns = p.neurons;
          expect(isOutput(net, ns[0] as number), ctx).toBe(true);
          for (let i = 1; i < ns.length; i++)
            expect(isEdge(net, ns[i] as number, ns[i - 1] as number), ctx).toBe(true);
          const last = ns[ns.length - 1] as number;
          switch (target.kind) {
            case 'neuron':
              expect(last, ctx).toBe(target.neuron);
              break;
            case 'weight':
              expect(last, ctx).toBe(target.to);
              break;
            case 'inputWeight':
              expect(last, ctx).toBe(target.neuron);
              break;
            case 'input':
              expect(neuronsFedByInput(net, target.input), ctx).toContain(last);
              break;
            case 'shared':
              expect(net.shared.get(target.name)?.map((u) => u.neuron), ctx).toContain(last);
              break;
            default:
              assertNever(target);
          }
          const neuronEdges = ns.length - 1;
          const expected = neuronEdges + 1 + (target.kind === 'neuron' ? 0 : 1);
          expect(pathFactors(p), ctx).toBe(expected);
          expect(pathAtoms(p), ctx).toHaveLength(expected);
          for (const id of pathEdgeIds(p)) union.add(id);
        }
        expect(new Set(gradientEdges(net, target)), ctx).toEqual(union);
        const all = new Set(allEdgeIds(net));
        for (const id of union) expect(all.has(id), ctx).toBe(true);
      }
    }
    expect(checkedTargets).toBeGreaterThan(SEEDS * 5);
  });

  it('pathCountsByNeuron agrees with countPaths', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const net = randomDag(seed);
      const all = pathCountsByNeuron(net);
      for (const n of net.neurons) expect(all.get(n)).toBe(countPaths(net, { kind: 'neuron', neuron: n }));
    }
  });
});

describe('fully connected layered networks', () => {
  it('paths to a layer-k neuron = m_1 · … · m_(k−1), each with k factors (numbered from the loss)', () => {
    const rng = createRng(2024);
    for (let round = 0; round < 30; round++) {
      const widths = Array.from({ length: rng.int(1, 6) }, () => rng.int(1, 4));
      const { network, layers } = layeredNetwork(widths, { numbering: 'from-loss' });
      for (let k = 1; k <= widths.length; k++) {
        const expected = widths.slice(0, k - 1).reduce((a, b) => a * BigInt(b), 1n);
        for (const neuron of layers[k - 1] as number[]) {
          const target: Target = { kind: 'neuron', neuron };
          expect(countPaths(network, target)).toBe(expected);
          const { paths } = enumeratePaths(network, target, { cap: 10_000 });
          expect(paths.every((p) => pathFactors(p) === k)).toBe(true);
        }
        // A weight feeding a layer-k neuron: one more factor.
        const into = (layers[k - 1] as number[])[0] as number;
        const from = layers[k]?.[0];
        if (from !== undefined) {
          const { paths } = enumeratePaths(network, { kind: 'weight', from, to: into });
          expect(paths.every((p) => pathFactors(p) === k + 1)).toBe(true);
        }
      }
    }
  });

  it('numbering from the input side gives L − k + 1 factors', () => {
    const widths = [2, 3, 1, 2];
    const { network, layers, layerOf } = layeredNetwork(widths, { numbering: 'from-input' });
    expect(network.outputs).toEqual(layers[3]);
    for (const [neuron, k] of layerOf) {
      const { paths } = enumeratePaths(network, { kind: 'neuron', neuron });
      expect(paths.every((p) => pathFactors(p) === widths.length - k + 1)).toBe(true);
    }
  });

  it('counts the 10^198 paths of a 100-layer × 100-wide network exactly', () => {
    const { network, layers } = layeredNetwork(new Array<number>(100).fill(100), { numbering: 'from-loss' });
    const deepest = (layers[99] as number[])[0] as number;
    expect(countPaths(network, { kind: 'neuron', neuron: deepest })).toBe(100n ** 99n);
    expect(countPaths(network, { kind: 'input', input: 1 })).toBe(100n ** 99n);
    expect(countPaths(network, { kind: 'neuron', neuron: (layers[4] as number[])[7] as number })).toBe(
      100n ** 4n,
    );
    expect(enumeratePaths(network, { kind: 'neuron', neuron: deepest }, { cap: 5 })).toMatchObject({
      capped: true,
    });
    expect(
      gradientEdges(network, { kind: 'neuron', neuron: (layers[1] as number[])[0] as number }),
    ).toHaveLength(100 + 100);
  });
});
