import { describe, expect, it } from 'vitest';
import type { DraftNetwork, EditResult } from './draft';
import {
  addInput,
  addNeuron,
  blankDraft,
  draftFromSpec,
  draftToSpec,
  removeInput,
  removeNeuron,
  renameDraft,
  renumberByLayers,
  reverseEdge,
  setNumbering,
  toggleEdge,
  toggleInputConnection,
  toggleOutput,
  toggleSharedUse,
} from './draft';
import { canRedo, canUndo, MAX_UNDO_STEPS, record, redo, startHistory, undo } from './history';
import { issuesAt, validateDraft } from './validate';
import { layeredDraft, recurrentDraft, residualDraft } from './generate';
import { parseNetwork } from '../network';
import { countPaths } from '../paths';
import { MAX_DRAWN_NEURONS } from '../quiz/graph-question';

function get(r: EditResult): DraftNetwork {
  if (!r.ok) throw new Error(r.error);
  return r.draft;
}

/** Two neurons, n1 (fed by x1) and n2 (the output), not yet joined. */
function chain(): DraftNetwork {
  return get(toggleOutput(get(toggleOutput(get(addNeuron(blankDraft(), undefined)), 2)), 1)) as DraftNetwork;
}

describe('edits', () => {
  it('a blank draft is valid: x1 → n1 → E', () => {
    const v = validateDraft(blankDraft());
    expect(v.issues).toEqual([]);
    expect(v.network?.neurons).toEqual([1]);
  });

  it('addNeuron numbers the next neuron and may feed one at once', () => {
    const d = get(addNeuron(blankDraft(), 1));
    expect(d.neurons).toEqual([1, 2]);
    expect(d.edges).toEqual([{ from: 2, to: 1 }]);
    expect(addNeuron(blankDraft(), 9)).toEqual({ ok: false, error: 'n9 does not exist' });
  });

  it('removeNeuron takes its edges, input connections and output mark with it', () => {
    let d = get(addNeuron(blankDraft(), 1));
    d = get(addInput(d, 2));
    d = get(removeNeuron(d, 1));
    expect(d).toMatchObject({ neurons: [2], edges: [], outputs: [], inputs: [{ input: 2, neuron: 2 }] });
    expect(removeNeuron(d, 1).ok).toBe(false);
  });

  it('toggleEdge connects two neurons and disconnects them on a second tap, either way round', () => {
    const d = chain();
    const joined = get(toggleEdge(d, 1, 2));
    expect(joined.edges).toEqual([{ from: 1, to: 2 }]);
    expect(get(toggleEdge(joined, 2, 1)).edges).toEqual([]);
    expect(toggleEdge(d, 1, 1)).toEqual({ ok: false, error: 'n1 cannot feed itself (tap two different neurons)' });
    expect(toggleEdge(d, 1, 7).ok).toBe(false);
  });

  it('reverseEdge flips one edge and refuses an edge that is not there', () => {
    const d = get(toggleEdge(chain(), 1, 2));
    expect(get(reverseEdge(d, 1, 2)).edges).toEqual([{ from: 2, to: 1 }]);
    expect(reverseEdge(d, 2, 1)).toEqual({ ok: false, error: 'there is no edge n2 → n1' });
  });

  it('toggleOutput marks and unmarks a neuron feeding E', () => {
    const d = blankDraft();
    expect(get(toggleOutput(d, 1)).outputs).toEqual([]);
    expect(get(toggleOutput(get(toggleOutput(d, 1)), 1)).outputs).toEqual([1]);
  });

  it('inputs: add with the next number, connect, disconnect, remove', () => {
    let d = get(addNeuron(blankDraft(), 1));
    d = get(addInput(d, 2));
    expect(d.inputs).toEqual([{ input: 1, neuron: 1 }, { input: 2, neuron: 2 }]);
    d = get(toggleInputConnection(d, 1, 2));
    expect(d.inputs).toContainEqual({ input: 1, neuron: 2 });
    d = get(toggleInputConnection(d, 1, 2));
    expect(d.inputs).not.toContainEqual({ input: 1, neuron: 2 });
    expect(toggleInputConnection(d, 5, 2)).toEqual({ ok: false, error: 'x5 does not exist' });
    d = get(removeInput(d, 1));
    expect(d.inputs).toEqual([{ input: 2, neuron: 2 }]);
  });

  it('rename and numbering', () => {
    expect(get(renameDraft(blankDraft(), 'RNN')).name).toBe('RNN');
    expect(get(setNumbering(blankDraft(), 'from-input')).numbering).toBe('from-input');
  });

  it('renumberByLayers numbers neurons from the input side, row by row', () => {
    // n5 (input side) → n3 → n9 (output)
    const d: DraftNetwork = {
      name: 't',
      neurons: [9, 3, 5],
      edges: [{ from: 5, to: 3 }, { from: 3, to: 9 }],
      inputs: [{ input: 4, neuron: 5 }],
      outputs: [9],
      numbering: 'from-loss',
    };
    const r = get(renumberByLayers(d, [[9], [3], [5]]));
    expect(r).toMatchObject({
      neurons: [1, 2, 3],
      edges: [{ from: 1, to: 2 }, { from: 2, to: 3 }],
      inputs: [{ input: 1, neuron: 1 }],
      outputs: [3],
    });
    expect(validateDraft(r).network).not.toBeNull();
  });

  it('a draft round-trips through the interchange format and parses as the same network', () => {
    const d = get(layeredDraft({ widths: [2, 3, 2], numbering: 'from-loss', density: 1, seed: 1, skipEvery: 2 }));
    const spec = draftToSpec(d);
    const back = draftFromSpec(spec);
    expect(back.ok && back.draft).toMatchObject({ neurons: d.neurons, edges: d.edges, inputs: d.inputs, outputs: d.outputs });
    expect(parseNetwork(spec).ok).toBe(true);
  });

  it('an import with malformed ids is refused whole, one message per id', () => {
    const r = draftFromSpec({ name: 'bad', inputs: [{ input: 'x_1', neuron: 'n1' }], edges: [{ from: 'n1', to: 'n03' }], outputs: ['n03'] });
    expect(r).toEqual({
      ok: false,
      errors: [
        'edges[0].to: "n03" is not a neuron id (write e.g. "n3")',
        'inputs[0].input: "x_1" is not an input id (write e.g. "x1")',
        'outputs[0]: "n03" is not a neuron id (write e.g. "n3")',
      ],
    });
  });
});

describe('undo and redo', () => {
  it('undo goes back, redo forward, a new edit clears redo', () => {
    const a = blankDraft();
    const b = get(addNeuron(a, 1));
    const c = get(addNeuron(b, 1));
    let h = record(record(startHistory(a), b), c);
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present).toBe(b);
    h = undo(h);
    expect(h.present).toBe(a);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(b);
    expect(canRedo(h)).toBe(true);
    const d = get(toggleOutput(b, 2));
    h = record(h, d);
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
    expect(undo(h).present).toBe(b);
  });

  it('recording the present again adds no step; the history keeps the last MAX_UNDO_STEPS', () => {
    const a = blankDraft();
    expect(record(startHistory(a), a).past).toHaveLength(0);
    let h = startHistory(a);
    for (let i = 0; i < MAX_UNDO_STEPS + 5; i++) h = record(h, get(renameDraft(h.present, `v${i}`)));
    expect(h.past).toHaveLength(MAX_UNDO_STEPS);
    expect(h.past[0]?.name).toBe('v4');
  });
});

describe('validation at the offending element', () => {
  it('a cycle is shown on each of its neurons and edges', () => {
    let d = get(addNeuron(blankDraft(), 1)); // n2 → n1
    d = get(addNeuron(d, 2)); // n3 → n2
    d = get(toggleEdge(d, 1, 3)); // n1 → n3 closes n1 → n3 → n2 → n1
    const v = validateDraft(d);
    expect(v.network).toBeNull();
    const message = 'cycle: n1 → n3 → n2 → n1 (a network must be acyclic)';
    for (const element of [
      { kind: 'neuron', neuron: 1 },
      { kind: 'neuron', neuron: 3 },
      { kind: 'edge', id: 'n1-n3' },
      { kind: 'edge', id: 'n3-n2' },
      { kind: 'edge', id: 'n2-n1' },
    ] as const) {
      expect(issuesAt(v, element).map((i) => i.message)).toEqual([message]);
    }
  });

  it('a neuron on no path to E is flagged on that neuron', () => {
    const d = get(addNeuron(blankDraft()));
    const v = validateDraft(d);
    expect(issuesAt(v, { kind: 'neuron', neuron: 2 }).map((i) => i.message)).toEqual([
      'n2 has no path to E: it is not an output and none of the neurons it feeds leads to one',
    ]);
    expect(issuesAt(v, { kind: 'neuron', neuron: 1 })).toEqual([]);
  });

  it('a duplicate edge (from an import) is flagged on the edge, no outputs on the network', () => {
    const r = draftFromSpec({
      name: 'dup',
      inputs: [],
      edges: [{ from: 'n1', to: 'n2' }, { from: 'n1', to: 'n2' }],
      outputs: [],
    });
    if (!r.ok) throw new Error('import');
    const v = validateDraft(r.draft);
    expect(issuesAt(v, { kind: 'edge', id: 'n1-n2' }).map((i) => i.message)).toEqual([
      'edges[1]: edge n1 → n2 is listed twice (first at edges[0])',
    ]);
    expect(issuesAt(v, { kind: 'network' }).map((i) => i.message)).toEqual([
      'outputs is empty: at least one neuron must feed the loss E',
    ]);
  });

  it('an empty name blocks saving at the name field', () => {
    const v = validateDraft(get(renameDraft(blankDraft(), '  ')));
    expect(v.network).toBeNull();
    expect(issuesAt(v, { kind: 'name' }).map((i) => i.message)).toEqual(['the network needs a name']);
  });

  it('a network too big to draw on a phone gets a warning naming the limit, and stays usable', () => {
    const d = get(layeredDraft({ widths: [10, 10, 10, 10, 10, 10, 10], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 0 }));
    const v = validateDraft(d);
    expect(v.drawable).toBe(false);
    expect(v.network).not.toBeNull();
    const [warning] = issuesAt(v, { kind: 'network' });
    expect(warning?.blocking).toBe(false);
    expect(warning?.message).toContain(`at most ${MAX_DRAWN_NEURONS} neurons`);
  });
});

describe('generators', () => {
  it('a dense layered draft is fully connected; its path count is the product of the widths above', () => {
    const d = get(layeredDraft({ widths: [2, 3, 2], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 0 }));
    expect(d.edges).toHaveLength(2 * 3 + 3 * 2);
    const net = validateDraft(d).network;
    expect(net && countPaths(net, { kind: 'neuron', neuron: 1 })).toBe(6n);
  });

  it('a sparse draft is reproducible from its seed, valid, and sparser than dense', () => {
    const o = { widths: [3, 4, 4, 3], numbering: 'from-loss', density: 0.4, seed: 7, skipEvery: 0 } as const;
    const a = get(layeredDraft(o));
    expect(get(layeredDraft(o))).toEqual(a);
    expect(a.edges.length).toBeLessThan(3 * 4 + 4 * 4 + 4 * 3);
    expect(validateDraft(a).issues).toEqual([]);
    expect(get(layeredDraft({ ...o, seed: 8 })).edges).not.toEqual(a.edges);
  });

  it('skip links every 2 layers join row r to row r + 2 neuron by neuron', () => {
    const d = get(layeredDraft({ widths: [1, 1, 1, 1, 1], numbering: 'from-input', density: 1, seed: 0, skipEvery: 2 }));
    expect(d.edges).toEqual(expect.arrayContaining([{ from: 1, to: 3 }, { from: 3, to: 5 }]));
    expect(d.edges).toHaveLength(4 + 2);
    const net = validateDraft(d).network;
    // paths from E to n1 in a chain of 5 with shortcuts 1→3 and 3→5: 2 · 2
    expect(net && countPaths(net, { kind: 'neuron', neuron: 1 })).toBe(4n);
  });

  it('a residual block adds a shortcut around two layers', () => {
    const d = get(residualDraft({ width: 2, blocks: 1 }));
    expect(d.edges).toEqual(expect.arrayContaining([{ from: 1, to: 5 }, { from: 2, to: 6 }]));
    const net = validateDraft(d).network;
    // to n1: 2 · 2 through the block + 1 through the shortcut (n1 → n5 → E)
    expect(net && countPaths(net, { kind: 'neuron', neuron: 1 })).toBe(5n);
  });

  it('refuses bad sizes with the limit named', () => {
    expect(layeredDraft({ widths: [30], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 0 })).toEqual({
      ok: false,
      error: 'layer widths are whole numbers from 1 to 20',
    });
    expect(layeredDraft({ widths: [2, 2], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 1 }).ok).toBe(false);
    expect(residualDraft({ width: 2, blocks: 9 })).toEqual({ ok: false, error: 'residual blocks: a whole number from 1 to 8' });
  });
});

describe('shared weights in the editor', () => {
  it('a recurrent cell unrolled over T steps shares w_{hh} and w_{xh} across the steps', () => {
    const d = get(recurrentDraft({ steps: 4, outputs: 'last' }));
    expect(d.shared).toEqual([
      { name: 'hh', uses: ['n1-n2', 'n2-n3', 'n3-n4'] },
      { name: 'xh', uses: ['x1-n1', 'x2-n2', 'x3-n3', 'x4-n4'] },
    ]);
    const net = validateDraft(d).network;
    expect(net?.shared.get('hh')).toHaveLength(3);
    // one path per use: E → n4 → … → n_t
    expect(net && countPaths(net, { kind: 'shared', name: 'xh' })).toBe(4n);
    expect(recurrentDraft({ steps: 13, outputs: 'every' })).toEqual({ ok: false, error: 'unroll over 2 to 12 time steps' });
  });

  it('toggleSharedUse puts a weight on an edge and takes it off; removing an edge drops its use', () => {
    let d = get(addNeuron(blankDraft(), 1)); // n2 → n1, x1 → n1
    d = get(addInput(d, 2));
    d = get(toggleSharedUse(d, 'u', 'x1-n1'));
    d = get(toggleSharedUse(d, 'u', 'x2-n2'));
    expect(d.shared).toEqual([{ name: 'u', uses: ['x1-n1', 'x2-n2'] }]);
    expect(validateDraft(d).issues).toEqual([]);
    expect(get(toggleSharedUse(d, 'u', 'x1-n1')).shared).toEqual([{ name: 'u', uses: ['x2-n2'] }]);
    expect(get(removeInput(d, 2)).shared).toEqual([{ name: 'u', uses: ['x1-n1'] }]);
    expect(get(removeInput(get(removeInput(d, 2)), 1)).shared).toBeUndefined();
    expect(toggleSharedUse(d, 'U', 'x1-n1').ok).toBe(false);
    expect(toggleSharedUse(d, 'u', 'n1-n2')).toEqual({ ok: false, error: 'n1-n2 is not an edge of this network' });
  });

  it('a use the engine refuses is shown on its edge', () => {
    const d: DraftNetwork = { ...get(addNeuron(blankDraft(), 1)), shared: [{ name: 'u', uses: ['n2-n1', 'x1-n1'] }] };
    const v = validateDraft(d);
    expect(issuesAt(v, { kind: 'edge', id: 'x1-n1' }).map((i) => i.message)).toEqual([
      'shared[0].uses[1]: w_{u} feeds n1 twice (n2-n1 and x1-n1); a shared weight is used once per neuron',
    ]);
  });

  it('renumbering keeps shared uses on the same edges', () => {
    const d: DraftNetwork = {
      name: 'r',
      neurons: [5, 2],
      edges: [{ from: 5, to: 2 }],
      inputs: [{ input: 3, neuron: 5 }],
      outputs: [2],
      numbering: 'from-loss',
      shared: [{ name: 'u', uses: ['x3-n5'] }],
    };
    expect(get(renumberByLayers(d, [[2], [5]])).shared).toEqual([{ name: 'u', uses: ['x1-n1'] }]);
  });
});
