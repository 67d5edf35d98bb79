import { describe, expect, it } from 'vitest';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { networkToSpec } from '../network';
import { parseTarget } from '../target';
import { countPaths } from '../paths';
import { compilePack } from '../quiz/pack';
import { difficultyOf, suggestQuestions } from './suggest';
import { recurrentDraft } from './generate';
import { draftToSpec } from './draft';
import { validateDraft } from './validate';

const net1 = getBuiltinNetwork('week09-net1') as Network;

function compiles(net: Network, questions: unknown[]): void {
  const r = compilePack({ id: 'suggested', title: 'Suggested', networks: { net: networkToSpec(net) }, questions });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
}

describe('suggestQuestions', () => {
  it('proposes a balanced quiz on Network I, easiest first, that compiles as a pack', () => {
    const s = suggestQuestions(net1, 'net', 'from-loss');
    expect(s.map((x) => x.role).sort()).toEqual(
      ['deep-count', 'formula', 'highlight', 'one-path', 'several-paths', 'shared-factor'].sort(),
    );
    const scores = s.map((x) => x.difficulty.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(new Set(s.map((x) => x.question.id)).size).toBe(s.length);
    compiles(net1, s.map((x) => x.question));
  });

  it('each role gets a target with the property it names', () => {
    const s = suggestQuestions(net1, 'net', 'from-loss');
    const target = (role: string) => {
      const q = s.find((x) => x.role === role)?.question;
      const t = q && 'target' in q ? parseTarget(q.target) : null;
      if (!t?.ok) throw new Error(`no target for ${role}`);
      return t.target;
    };
    expect(countPaths(net1, target('one-path'))).toBe(1n);
    expect(countPaths(net1, target('several-paths'))).toBeGreaterThan(1n);
    expect(s.find((x) => x.role === 'shared-factor')?.difficulty.sharedAtoms).toBeGreaterThan(0);
    expect(countPaths(net1, target('highlight'))).toBeGreaterThan(1n);
    // the deep count goes to the neuron with the most paths: n1 and n2 have 2 each in Network I
    expect(countPaths(net1, target('deep-count'))).toBe(2n);
  });

  it('explains the difficulty: paths, factors, atoms saved', () => {
    // (v_{1,1})_d on Network I: 2 paths of 4 factors = 8 atoms expanded; factored
    // (∂E/∂n_6·∂n_6/∂n_3·∂n_3/∂n_1 + ∂E/∂n_6·∂n_6/∂n_4·∂n_4/∂n_1)·∂n_1/∂(v_{1,1})_d has 7: saves 1
    const d = difficultyOf(net1, { kind: 'inputWeight', input: 1, neuron: 1 }, true);
    expect(d).toMatchObject({ paths: 2n, factors: 4, sharedAtoms: 1 });
    expect(d.why).toBe('1 + 2 paths (+1) + 4 factors on the longest (+2) + factoring saves 1 atom (+0) = 4');
    expect(d.score).toBe(4);
    expect(difficultyOf(net1, { kind: 'neuron', neuron: 6 }, false)).toMatchObject({
      score: 1,
      why: '1 + 1 path (+0) + 1 factors on the longest (+0) = 1',
    });
  });

  it('on an unrolled recurrent cell it proposes a backprop-through-time question on the shared weight', () => {
    const r = recurrentDraft({ steps: 3, outputs: 'every' });
    if (!r.ok) throw new Error(r.error);
    const net = validateDraft(r.draft).network as Network;
    const s = suggestQuestions(net, 'net', 'from-input');
    const bptt = s.find((x) => x.role === 'shared-weight');
    expect(bptt?.question).toMatchObject({ type: 'expression', target: 'w_{hh}' });
    expect(bptt?.difficulty.paths).toBe(3n);
    const r2 = compilePack({ id: 'rnn', title: 'RNN', networks: { net: draftToSpec(r.draft) }, questions: s.map((x) => x.question) });
    expect(r2.ok ? [] : r2.errors).toEqual([]);
  });
});
