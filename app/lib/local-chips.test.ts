import { describe, expect, it } from 'vitest';
import { getBuiltinNetwork } from '@/engine/builtins';
import type { Network } from '@/engine/network';
import { checkLocal } from '@/engine/expr/check-local';
import { localChips } from './local-chips';

const net1 = getBuiltinNetwork('week09-net1') as Network;

describe('local chips', () => {
  it('offer g′ at the neuron and at those feeding it, every weight into the neuron and every neuron or input feeding it', () => {
    expect(localChips(net1, { kind: 'neuron', of: 6, wrt: 4 }).map((c) => c.text)).toEqual(["g'(z_6)", "g'(z_3)", "g'(z_4)", 'w_{3,6}', 'w_{4,6}', 'n_3', 'n_4']);
    expect(localChips(net1, { kind: 'inputWeight', input: 1, neuron: 1 }).map((c) => c.text)).toEqual(["g'(z_1)", '(v_{1,1})_d', '(x_1)_d']);
    expect(localChips(net1, { kind: 'loss', output: 7 }).map((c) => c.text)).toEqual(['n_6', 'n_7', 'y_6', 'y_7', '2']);
  });

  it('chips joined by spaces are read by the engine: the key is reachable by tapping', () => {
    const ask = { kind: 'weight', from: 2, to: 5 } as const;
    const chips = localChips(net1, ask);
    const text = ["g'(z_5)", 'n_2'].map((t) => chips.find((c) => c.text === t)?.text).join(' ');
    expect(checkLocal(ask, text).correct).toBe(true);
    expect(checkLocal({ kind: 'loss', output: 7 }, '2 ( n_7 - y_7 )').correct).toBe(true);
  });
});
