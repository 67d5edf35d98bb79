import { describe, expect, it } from 'vitest';
import { hashSeed } from '../rng';
import { parseNetwork } from '../network';
import { formatTarget, parseTargetFor } from '../target';
import { countPaths } from '../paths';
import type { RuntimeQuestion } from './runtime';
import { BUILTIN_PACKS, compilePack } from './pack';
import { MAX_RANDOM_VARIANT_PATHS, VARIANT_NETWORK_NAME } from './graph-question';
import { targetDepth } from './target-facts';

function compileOne(question: Record<string, unknown>, networks: Record<string, unknown> = {}): RuntimeQuestion {
  const r = compilePack({ id: 'v', title: 'Variants', networks, questions: [question] });
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.pack.questions[0] as RuntimeQuestion;
}

function week09Question(id: string): RuntimeQuestion {
  const r = compilePack(BUILTIN_PACKS[0]);
  if (!r.ok) throw new Error('week09 invalid');
  const q = r.pack.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
}

const SEEDS = Array.from({ length: 50 }, (_, i) => hashSeed(`room-${i % 7}:player-${i}`));

/** What identifies a variant: its network and target. */
function variantId(q: RuntimeQuestion, seed: number): string {
  const v = q.view(0, seed);
  return `${JSON.stringify(v.network)}|${v.target ?? ''}`;
}

/** Checks one variant end to end: the network and target validate, and the key graded against itself scores 1. */
function expectWellFormed(q: RuntimeQuestion, seed: number): void {
  const view = q.view(3, seed);
  expect(view.index).toBe(3);
  expect(view.id).toBe(q.id);
  const net = parseNetwork(view.network);
  if (!net.ok) throw new Error(net.errors.join('; '));
  const target = parseTargetFor(net.network, view.target ?? '');
  if (!target.ok) throw new Error(target.error);
  expect(countPaths(net.network, target.target)).toBeGreaterThanOrEqual(1n);
  const key = q.key(seed);
  switch (q.type) {
    case 'expression':
      expect(q.grade({ kind: 'expression', text: key.text }, seed)).toMatchObject({ correct: true, credit: 1 });
      break;
    case 'highlight':
      expect(q.grade({ kind: 'highlight', edges: [...key.edges] }, seed)).toMatchObject({ correct: true, credit: 1 });
      break;
    case 'count':
      expect(q.grade({ kind: 'count', value: key.text }, seed)).toMatchObject({ correct: true, credit: 1 });
      break;
    default:
      throw new Error(`unexpected type ${q.type}`);
  }
  // The prompt names this variant's own target.
  expect(view.prompt).toContain(formatTarget(target.target, 'latex'));
  expect(view.prompt).not.toContain('{{');
}

describe('random-network variants (the Week 09 finale)', () => {
  const q = week09Question('own-network');

  it('has variants; seed 0 is the template on Network II', () => {
    expect(q.hasVariants).toBe(true);
    const base = q.view(0, 0);
    expect((base.network as { name: string }).name).toBe('Network II');
    expect(base.target).toBe('(v_{1,1})_d');
    expect(base.prompt).toContain('$\\partial E/\\partial (v_{1,1})_d$');
    expect(base.prompt).not.toContain('{{target}}');
  });

  it('gives the same variant for the same room and player, also from a freshly compiled pack', () => {
    const seed = hashSeed('room-1:player-42');
    const again = week09Question('own-network');
    expect(q.view(5, seed)).toEqual(q.view(5, seed));
    expect(again.view(5, seed)).toEqual(q.view(5, seed));
    expect(again.key(seed)).toEqual(q.key(seed));
  });

  it('gives different students different variants (50 seeds → many networks)', () => {
    const distinct = new Set(SEEDS.map((s) => variantId(q, s)));
    expect(distinct.size).toBeGreaterThanOrEqual(2);
    expect(distinct.size).toBeGreaterThan(25);
  });

  it.each(SEEDS.map((s, i) => [i, s] as const))('variant %i is well-formed, small and gradable', (_i, seed) => {
    expectWellFormed(q, seed);
    const view = q.view(0, seed);
    expect((view.network as { name: string }).name).toBe(VARIANT_NETWORK_NAME);
    expect(view.target).toMatch(/^\(v_\{\d+,\d+\}\)_d$/);
    const net = parseNetwork(view.network);
    if (!net.ok) throw new Error('invalid');
    const t = parseTargetFor(net.network, view.target ?? '');
    if (!t.ok) throw new Error(t.error);
    expect(countPaths(net.network, t.target)).toBeLessThanOrEqual(BigInt(MAX_RANDOM_VARIANT_PATHS));
    expect(net.network.neurons.length).toBeGreaterThanOrEqual(6);
    expect(net.network.neurons.length).toBeLessThanOrEqual(9);
    // A wrong answer (the template's key) does not score 1 on another network, unless the variant happens to match.
    if (variantId(q, seed) !== variantId(q, 0)) expect(q.grade({ kind: 'expression', text: q.key(0).text }, seed).credit).toBeLessThan(1);
  });

  it('grades each student against their own variant, not the template', () => {
    const seed = SEEDS.find((s) => variantId(q, s) !== variantId(q, 0)) as number;
    expect(q.grade({ kind: 'expression', text: q.key(seed).text }, 0).credit).toBeLessThan(1);
    expect(q.grade({ kind: 'expression', text: q.key(seed).text }, seed).credit).toBe(1);
  });
});

describe('target variants', () => {
  const listed = compileOne(
    {
      id: 'hl',
      type: 'highlight',
      prompt: 'Tap every edge from $E$ to ${{target}}$.',
      network: 'week09-net2',
      target: 'w_{2,4}',
      variants: { kind: 'target', targets: ['w_{1,3}', 'w_{1,5}'] },
    },
    {},
  );

  it('chooses among the template and the listed targets by seed', () => {
    const targets = new Set(SEEDS.map((s) => listed.view(0, s).target));
    expect(targets).toEqual(new Set(['w_{2,4}', 'w_{1,3}', 'w_{1,5}']));
    expect(listed.view(0, 0).target).toBe('w_{2,4}');
    for (const s of SEEDS) {
      expect(listed.view(0, s)).toEqual(listed.view(0, s));
      expectWellFormed(listed, s);
    }
  });

  it('without a list, picks any target of the same kind and depth', () => {
    const auto = compileOne({
      id: 'cnt',
      type: 'count',
      prompt: 'How many paths from $E$ to ${{target}}$?',
      network: 'week09-net2',
      target: 'n_1',
      variants: { kind: 'target' },
    });
    const seen = new Set(SEEDS.map((s) => auto.view(0, s).target));
    expect(seen.size).toBeGreaterThanOrEqual(2);
    for (const s of SEEDS) {
      expectWellFormed(auto, s);
      const v = auto.view(0, s);
      const net = parseNetwork(v.network);
      if (!net.ok) throw new Error('invalid');
      const t = parseTargetFor(net.network, v.target ?? '');
      if (!t.ok) throw new Error(t.error);
      expect(targetDepth(net.network, t.target)).toBe(3);
    }
  });

  it('keeps a question without variants the same for every seed', () => {
    const fixed = week09Question('expr-n4');
    expect(fixed.hasVariants).toBe(false);
    for (const s of SEEDS.slice(0, 5)) {
      expect(fixed.view(1, s)).toEqual(fixed.view(1, 0));
      expect(fixed.key(s)).toEqual(fixed.key(0));
    }
  });
});
