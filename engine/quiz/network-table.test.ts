import { describe, expect, it } from 'vitest';
import { hashSeed } from '../rng';
import { BUILTIN_PACKS, compilePack } from './pack';
import { buildGameNetworks, canonicalJson, gameNetworks } from './network-table';
import type { RuntimePack } from './runtime';
import { TINY_NETWORK as tiny } from './test-networks';

function compiled(spec: unknown): RuntimePack {
  const r = compilePack(spec);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.pack;
}


/** Two questions on one network, one on another, one without a network, and a copy of the first network under another name. */
const pack = () =>
  compiled({
    id: 't',
    title: 'Networks once',
    networks: { a: tiny, b: 'week09-net1', copy: { outputs: tiny.outputs, edges: tiny.edges, inputs: tiny.inputs, name: 'tiny' } },
    questions: [
      { id: 'q0', type: 'highlight', prompt: 'Highlight', network: 'a', target: 'w_{1,2}' },
      { id: 'q1', type: 'count', prompt: 'Count', network: 'b', target: 'n1' },
      { id: 'q2', type: 'expression', prompt: 'Write', network: 'a', target: 'n1' },
      { id: 'q3', type: 'choice', prompt: 'Pick', choices: ['yes', 'no'], answer: 0 },
      { id: 'q4', type: 'count', prompt: 'Count again', network: 'copy', target: 'n2' },
    ],
  });

describe('game network table', () => {
  it('holds each distinct network once, and each question names its own by id', () => {
    const p = pack();
    const g = buildGameNetworks(p);
    const ids = Object.keys(g.table);
    expect(ids).toHaveLength(2);
    const live = p.questions.map((q, i) => g.live(q.view(i, 0)));
    expect(live.map((q) => q.network)).toEqual([null, null, null, null, null]);
    const [a, b, a2, none, copy] = live.map((q) => q.networkId);
    expect(a).toBe(a2);
    // Equal content, written in another key order under another name in the pack: the same entry.
    expect(copy).toBe(a);
    expect(b).not.toBe(a);
    expect(none).toBeNull();
    expect(g.table[a!]).toEqual(p.questions[0]!.view(0, 0).network);
    expect(g.table[b!]).toEqual(p.questions[1]!.view(1, 0).network);
    expect(ids).toEqual([a, b]);
    // Everything else of the question is as it was.
    const { network: _n, ...rest } = p.questions[0]!.view(0, 0);
    expect(live[0]).toEqual({ ...rest, network: null, networkId: a });
  });

  it('gives the same ids to a pack compiled again (another process, another snapshot load)', () => {
    expect(Object.keys(buildGameNetworks(pack()).table)).toEqual(Object.keys(buildGameNetworks(pack()).table));
    expect(Object.keys(buildGameNetworks(pack()).table).every((id) => /^n[0-9a-z]+$/.test(id))).toBe(true);
  });

  it('is built once per pack object', () => {
    const p = pack();
    expect(gameNetworks(p)).toBe(gameNetworks(p));
    expect(gameNetworks(pack())).not.toBe(gameNetworks(p));
  });

  it("covers Week 09: every network of the room's questions by id; a student's own random network stays inline", () => {
    const week09 = compiled(BUILTIN_PACKS[0]);
    const g = gameNetworks(week09);
    const views = week09.questions.map((q, i) => q.view(i, 0));
    const distinct = new Set(views.filter((v) => v.network !== null).map((v) => canonicalJson(v.network)));
    expect(Object.keys(g.table)).toHaveLength(distinct.size);
    for (const v of views) {
      const live = g.live(v);
      if (v.network === null) expect(live).toMatchObject({ network: null, networkId: null });
      else {
        expect(live.network).toBeNull();
        expect(g.table[live.networkId!]).toEqual(v.network);
      }
    }
    const index = week09.questions.findIndex((q) => q.id === 'own-network');
    const own = week09.questions[index]!.view(index, hashSeed('room:player'));
    expect(g.live(own)).toMatchObject({ networkId: null, network: own.network });
    expect(own.network).not.toBeNull();
  });

  it('writes canonical JSON with sorted keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});
