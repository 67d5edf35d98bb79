import { describe, expect, it } from 'vitest';
import type { Network, NetworkSpec } from './network';
import {
  MAX_REPORTED_ERRORS,
  hasNeuron,
  isEdge,
  isInputConnection,
  isOutput,
  networkFromParts,
  networkToSpec,
  neuronsFedByInput,
  parseNetwork,
  predecessorsOf,
  successorsOf,
} from './network';
import { builtinNetworks, getBuiltinNetwork, BUILTIN_NETWORK_IDS } from './builtins';

const tiny = (extra: Partial<NetworkSpec> = {}): NetworkSpec => ({
  name: 'tiny',
  inputs: [{ input: 'x1', neuron: 'n1' }],
  edges: [
    { from: 'n1', to: 'n2' },
    { from: 'n2', to: 'n3' },
  ],
  outputs: ['n3'],
  ...extra,
});

function ok(spec: unknown): Network {
  const r = parseNetwork(spec);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.network;
}

function errorsOf(spec: unknown): string[] {
  const r = parseNetwork(spec);
  if (r.ok) throw new Error('expected the spec to be rejected');
  return r.errors;
}

describe('parseNetwork on the lecture networks', () => {
  it('accepts the minimal interchange form and indexes Network I', () => {
    const net = ok({
      name: 'Network I',
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
    });
    expect(net.name).toBe('Network I');
    expect(net.neurons).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(net.inputIndices).toEqual([1, 2]);
    expect(net.inputs).toEqual([
      { input: 1, neuron: 1 },
      { input: 2, neuron: 2 },
    ]);
    expect(net.outputs).toEqual([6, 7]);
    expect(successorsOf(net, 1)).toEqual([3, 4]);
    expect(predecessorsOf(net, 6)).toEqual([3, 4]);
    expect(predecessorsOf(net, 1)).toEqual([]);
    expect(isEdge(net, 2, 5)).toBe(true);
    expect(isEdge(net, 5, 2)).toBe(false);
    expect(isEdge(net, 1, 6)).toBe(false);
    expect(isOutput(net, 6)).toBe(true);
    expect(isOutput(net, 4)).toBe(false);
    expect(isInputConnection(net, 1, 1)).toBe(true);
    expect(isInputConnection(net, 1, 2)).toBe(false);
    expect(hasNeuron(net, 8)).toBe(false);
  });

  it('gives a topological order in which every edge goes forward', () => {
    for (const id of BUILTIN_NETWORK_IDS) {
      const net = getBuiltinNetwork(id) as Network;
      const pos = new Map(net.topologicalOrder.map((n, i) => [n, i]));
      expect([...net.topologicalOrder].sort((a, b) => a - b)).toEqual(net.neurons);
      for (const e of net.edges) expect(pos.get(e.from)).toBeLessThan(pos.get(e.to) as number);
    }
  });

  it('has the lecture topologies exactly', () => {
    const net2 = getBuiltinNetwork('week09-net2') as Network;
    expect(net2.edges.map((e) => `${e.from}>${e.to}`)).toEqual([
      '1>3',
      '1>5',
      '2>4',
      '3>6',
      '3>8',
      '4>6',
      '4>8',
      '5>7',
    ]);
    expect(net2.outputs).toEqual([6, 7, 8]);
    expect(getBuiltinNetwork('nope')).toBeUndefined();
    expect(Object.keys(builtinNetworks)).toEqual(['week09-net1', 'week09-net2']);
  });

  it('round-trips through JSON (the wire) and networkToSpec', () => {
    for (const id of BUILTIN_NETWORK_IDS) {
      const net = getBuiltinNetwork(id) as Network;
      const again = ok(JSON.parse(JSON.stringify(net.spec)));
      expect(again.edges).toEqual(net.edges);
      expect(again.inputs).toEqual(net.inputs);
      expect(again.outputs).toEqual(net.outputs);
      const canonical = networkToSpec(net);
      expect(ok(canonical).edges).toEqual(net.edges);
      expect(canonical.layers).toEqual(net.spec.layers);
    }
  });

  it('freezes what it returns', () => {
    const net = getBuiltinNetwork('week09-net1') as Network;
    expect(Object.isFrozen(net)).toBe(true);
    expect(Object.isFrozen(net.edges)).toBe(true);
    expect(Object.isFrozen(net.spec)).toBe(true);
    expect(Object.isFrozen(net.spec.edges[0])).toBe(true);
  });
});

describe('general DAGs', () => {
  it('accepts fan-out, an output that feeds another neuron, skip connections, an input feeding several neurons', () => {
    const net = ok({
      name: 'general',
      inputs: [
        { input: 'x1', neuron: 'n1' },
        { input: 'x1', neuron: 'n2' },
        { input: 'x2', neuron: 'n4' },
      ],
      edges: [
        { from: 'n1', to: 'n3' },
        { from: 'n1', to: 'n4' },
        { from: 'n1', to: 'n10' },
        { from: 'n2', to: 'n3' },
        { from: 'n3', to: 'n4' },
        { from: 'n4', to: 'n10' },
      ],
      outputs: ['n10', 'n3'],
    });
    expect(net.outputs).toEqual([3, 10]);
    expect(successorsOf(net, 1)).toEqual([3, 4, 10]);
    expect(neuronsFedByInput(net, 1)).toEqual([1, 2]);
    expect(net.topologicalOrder).toEqual([1, 2, 3, 4, 10]);
  });

  it('does not depend on neuron numbers following the layers', () => {
    const net = ok(
      tiny({
        edges: [
          { from: 'n9', to: 'n2' },
          { from: 'n2', to: 'n1' },
        ],
        outputs: ['n1'],
        inputs: [{ input: 'x3', neuron: 'n9' }],
      }),
    );
    expect(net.topologicalOrder).toEqual([9, 2, 1]);
  });

  it('accepts a single neuron with no edges when "neurons" lists it', () => {
    const net = ok({
      name: 'one',
      neurons: ['n1'],
      inputs: [{ input: 'x1', neuron: 'n1' }],
      edges: [],
      outputs: ['n1'],
    });
    expect(net.neurons).toEqual([1]);
  });

  it('accepts the optional layout hints', () => {
    const net = ok(
      tiny({
        labels: { n1: 'h', E: 'loss' },
        positions: { n1: { x: 0, y: 3 }, x1: { x: 0, y: 4 }, E: { x: 0, y: 0 } },
        layers: [['n3'], ['n2'], ['n1']],
      }),
    );
    expect(net.spec.labels).toEqual({ n1: 'h', E: 'loss' });
  });
});

describe('validation messages (one per problem)', () => {
  it('rejects a malformed neuron id, suggesting the fix', () => {
    expect(
      errorsOf(
        tiny({
          edges: [
            { from: 'n_1', to: 'n2' },
            { from: 'n2', to: 'n3' },
          ],
        }),
      ),
    ).toEqual(['edges[0].from: "n_1" is not a neuron id (write "n1")']);
    const [msg] = errorsOf(tiny({ outputs: ['n03'] }));
    expect(msg).toMatch(
      /^outputs\[0\]: "n03" is not a neuron id \(expected n followed by a positive integer/,
    );
    expect(errorsOf(tiny({ outputs: ['n0'] }))[0]).toContain('"n0" is not a neuron id');
  });

  it('reports a malformed id used in several places once', () => {
    const errors = errorsOf(
      tiny({
        edges: [
          { from: 'a', to: 'n2' },
          { from: 'n2', to: 'a' },
        ],
        outputs: ['n2'],
      }),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('edges[0].from: "a" is not a neuron id');
    expect(errors[0]).toContain('(and 1 more place)');
  });

  it('rejects a malformed input id', () => {
    expect(errorsOf(tiny({ inputs: [{ input: 'y1', neuron: 'n1' }] }))[0]).toMatch(
      /^inputs\[0\]\.input: "y1" is not an input id/,
    );
  });

  it('names the neurons of a cycle in order', () => {
    const errors = errorsOf(
      tiny({
        edges: [
          { from: 'n1', to: 'n2' },
          { from: 'n2', to: 'n3' },
          { from: 'n3', to: 'n5' },
          { from: 'n5', to: 'n2' },
          { from: 'n5', to: 'n6' },
        ],
        outputs: ['n6'],
      }),
    );
    expect(errors).toEqual(['cycle: n2 → n3 → n5 → n2 (a network must be acyclic)']);
  });

  it('reports each of two separate cycles', () => {
    const errors = errorsOf(
      tiny({
        edges: [
          { from: 'n1', to: 'n2' },
          { from: 'n2', to: 'n1' },
          { from: 'n4', to: 'n3' },
          { from: 'n3', to: 'n4' },
          { from: 'n4', to: 'n9' },
          { from: 'n1', to: 'n9' },
        ],
        outputs: ['n9'],
      }),
    );
    expect(errors).toEqual([
      'cycle: n1 → n2 → n1 (a network must be acyclic)',
      'cycle: n3 → n4 → n3 (a network must be acyclic)',
    ]);
  });

  it('rejects a duplicate edge, naming both places', () => {
    expect(errorsOf(tiny({ edges: [...tiny().edges, { from: 'n1', to: 'n2' }] }))).toEqual([
      'edges[2]: edge n1 → n2 is listed twice (first at edges[0])',
    ]);
  });

  it('rejects a self-loop', () => {
    expect(errorsOf(tiny({ edges: [...tiny().edges, { from: 'n2', to: 'n2' }] }))).toEqual([
      'edges[2]: edge n2 → n2 is a self-loop (a neuron cannot feed itself)',
    ]);
  });

  it('rejects an output that does not exist', () => {
    expect(errorsOf(tiny({ outputs: ['n3', 'n8'] }))).toEqual([
      'outputs[1]: output n8 does not exist (no edge touches it)',
    ]);
  });

  it('rejects an empty output list', () => {
    expect(errorsOf(tiny({ outputs: [] }))).toEqual([
      'outputs is empty: at least one neuron must feed the loss E',
    ]);
  });

  it('rejects a duplicate output and a duplicate input connection', () => {
    expect(errorsOf(tiny({ outputs: ['n3', 'n3'] }))).toEqual(['outputs[1]: output n3 is listed twice']);
    expect(
      errorsOf(
        tiny({
          inputs: [
            { input: 'x1', neuron: 'n1' },
            { input: 'x1', neuron: 'n1' },
          ],
        }),
      ),
    ).toEqual(['inputs[1]: input x1 → n1 is listed twice (first at inputs[0])']);
  });

  it('rejects an input into an unknown neuron', () => {
    expect(errorsOf(tiny({ inputs: [{ input: 'x1', neuron: 'n9' }] }))).toEqual([
      'inputs[0]: input x1 feeds unknown neuron n9 (no edge touches it)',
    ]);
  });

  it('rejects edges into neurons missing from an explicit neuron list', () => {
    expect(errorsOf(tiny({ neurons: ['n1', 'n2'] }))).toEqual([
      'edges[1]: edge n2 → n3 uses unknown neuron n3 (not in "neurons")',
      'outputs[0]: output n3 does not exist (it is not in "neurons")',
    ]);
  });

  it('names each neuron with no path to E', () => {
    expect(
      errorsOf(tiny({ edges: [...tiny().edges, { from: 'n1', to: 'n4' }, { from: 'n4', to: 'n5' }] })),
    ).toEqual([
      'n4 has no path to E: it is not an output and none of the neurons it feeds leads to one',
      'n5 has no path to E: it is not an output and none of the neurons it feeds leads to one',
    ]);
  });

  it('reports shape problems with their path, unknown fields and non-objects', () => {
    expect(errorsOf({ name: 'x', inputs: [], edges: [{ from: 1, to: 'n2' }], outputs: ['n2'] })).toEqual([
      'edges[0].from: Invalid input: expected string, received number',
    ]);
    expect(errorsOf({ ...tiny(), output: ['n3'] })[0]).toMatch(/^unknown field "output" \(allowed: name, /);
    expect(errorsOf({ ...tiny(), name: '' })[0]).toMatch(/^name: /);
    expect(errorsOf('{"name":"x"}')).toEqual([
      'a network spec must be a JSON object with name, inputs, edges and outputs',
    ]);
    expect(errorsOf(null)).toHaveLength(1);
    expect(errorsOf({ ...tiny(), positions: { n1: { x: 0, y: Infinity } } })[0]).toMatch(
      /^positions\.n1\.y: /,
    );
  });

  it('rejects hints that do not fit the network', () => {
    expect(errorsOf(tiny({ labels: { n7: 'seven' } }))).toEqual([
      'labels: "n7" is not a node of this network (use n3, x1 or E)',
    ]);
    expect(errorsOf(tiny({ positions: { n1: { x: 1, y: 1 }, n2: { x: 1, y: 1 } } }))).toEqual([
      'positions: n2 and n1 are both at (1, 1)',
    ]);
    expect(errorsOf(tiny({ layers: [['n3'], ['n1', 'n2']] }))).toEqual([
      "layers: edge n1 → n2 goes from layer 2 to layer 2; layers are numbered from the loss, so a neuron's layer must be higher than those it feeds",
    ]);
    expect(errorsOf(tiny({ layers: [['n3'], ['n2']] }))).toEqual([
      'layers: every neuron must be in a layer; missing n1',
    ]);
  });

  it('lists every problem of a badly broken spec, one line each', () => {
    const errors = errorsOf({
      name: 'broken',
      inputs: [{ input: 'x1', neuron: 'n9' }],
      edges: [
        { from: 'n1', to: 'n2' },
        { from: 'n2', to: 'n1' },
        { from: 'n3', to: 'n3' },
        { from: 'n4', to: 'n5' },
        { from: 'n4', to: 'n5' },
      ],
      outputs: ['n5', 'n6'],
    });
    expect(errors).toEqual([
      'edges[2]: edge n3 → n3 is a self-loop (a neuron cannot feed itself)',
      'edges[4]: edge n4 → n5 is listed twice (first at edges[3])',
      'outputs[1]: output n6 does not exist (no edge touches it)',
      'inputs[0]: input x1 feeds unknown neuron n9 (no edge touches it)',
      'cycle: n1 → n2 → n1 (a network must be acyclic)',
    ]);
  });

  it('caps the number of messages', () => {
    const edges = Array.from({ length: 80 }, (_, i) => ({ from: `n${i + 1}`, to: `n${i + 1}` }));
    const errors = errorsOf(tiny({ edges: [...tiny().edges, ...edges.slice(3)] }));
    expect(errors).toHaveLength(MAX_REPORTED_ERRORS + 1);
    expect(errors[MAX_REPORTED_ERRORS]).toMatch(/^… and \d+ more problems$/);
  });
});

describe('networkFromParts', () => {
  it('validates numeric parts the same way', () => {
    const r = networkFromParts({
      name: 'p',
      inputs: [],
      edges: [
        { from: 1, to: 2 },
        { from: 2, to: 1 },
      ],
      outputs: [2],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual(['cycle: n1 → n2 → n1 (a network must be acyclic)']);
  });

  it('produces a spec lazily that parses back to the same network', () => {
    const r = networkFromParts({
      name: 'p',
      inputs: [{ input: 2, neuron: 1 }],
      edges: [{ from: 1, to: 2 }],
      outputs: [2],
    });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.network.spec).toEqual({
      name: 'p',
      inputs: [{ input: 'x2', neuron: 'n1' }],
      edges: [{ from: 'n1', to: 'n2' }],
      outputs: ['n2'],
    });
    expect(ok(r.network.spec).edges).toEqual(r.network.edges);
  });
});
