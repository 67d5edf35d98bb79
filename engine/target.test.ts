import { describe, expect, it } from 'vitest';
import type { Target } from './types';
import type { Network } from './network';
import { getBuiltinNetwork } from './builtins';
import { formatTarget, parseTarget, parseTargetFor, targetKey, validateTarget } from './target';

const net1 = getBuiltinNetwork('week09-net1') as Network;

function parsed(text: string): Target {
  const r = parseTarget(text);
  if (!r.ok) throw new Error(r.error);
  return r.target;
}

function parseError(text: string): string {
  const r = parseTarget(text);
  if (r.ok) throw new Error(`expected ${text} to be rejected`);
  return r.error;
}

describe('parseTarget', () => {
  it.each([
    ['n4', { kind: 'neuron', neuron: 4 }],
    ['n_4', { kind: 'neuron', neuron: 4 }],
    ['n_{4}', { kind: 'neuron', neuron: 4 }],
    ['n12', { kind: 'neuron', neuron: 12 }],
    ['N_12', { kind: 'neuron', neuron: 12 }],
    ['w25', { kind: 'weight', from: 2, to: 5 }],
    ['w_{2,5}', { kind: 'weight', from: 2, to: 5 }],
    ['w_2,5', { kind: 'weight', from: 2, to: 5 }],
    ['w_{2, 5}', { kind: 'weight', from: 2, to: 5 }],
    ['w_{12,3}', { kind: 'weight', from: 12, to: 3 }],
    ['v11', { kind: 'inputWeight', input: 1, neuron: 1 }],
    ['v_{1,1}', { kind: 'inputWeight', input: 1, neuron: 1 }],
    ['(v_{1,1})_d', { kind: 'inputWeight', input: 1, neuron: 1 }],
    [' ( v_{2,10} )_{d} ', { kind: 'inputWeight', input: 2, neuron: 10 }],
    ['x2', { kind: 'input', input: 2 }],
    ['x_2', { kind: 'input', input: 2 }],
    ['(x_2)_d', { kind: 'input', input: 2 }],
  ] as const)('reads %s', (text, target) => {
    expect(parsed(text)).toEqual(target);
  });

  it('rejects ambiguous multi-digit double indices, saying how to write them', () => {
    expect(parseError('w123')).toBe('w123 is ambiguous: write w_{1,23} or w_{12,3}');
    expect(parseError('v_{111}')).toContain('v_{1,11}');
  });

  it('rejects malformed targets with a hint', () => {
    expect(parseError('w1')).toBe('w takes two indices: write e.g. w_{2,5}');
    expect(parseError('x1,2')).toBe('x takes one index: write e.g. (x_2)_d');
    expect(parseError('(n_4)_d')).toContain('a neuron output is a scalar');
    expect(parseError('(w_{2,5})_d')).toContain('a weight is a scalar');
    expect(parseError('n0')).toContain('positive integer');
    expect(parseError('n04')).toContain('without leading zeros');
    expect(parseError('q1')).toContain('cannot read "q1" as a target');
    expect(parseError('n_{4')).toContain('cannot read the indices');
    expect(parseError('')).toContain('target is empty');
    expect(parseError('n'.repeat(100))).toContain('too long');
  });
});

describe('formatTarget and targetKey', () => {
  it('formats every kind in text and LaTeX', () => {
    expect(formatTarget(parsed('n4'), 'text')).toBe('n_4');
    expect(formatTarget(parsed('w25'), 'text')).toBe('w_{2,5}');
    expect(formatTarget(parsed('v11'), 'text')).toBe('(v_{1,1})_d');
    expect(formatTarget(parsed('x2'), 'text')).toBe('(x_2)_d');
    expect(formatTarget(parsed('n4'), 'latex')).toBe('n_{4}');
    expect(formatTarget(parsed('x2'), 'latex')).toBe('(x_{2})_d');
  });

  it('gives stable keys that parse back', () => {
    expect(['n4', 'w_{2,5}', '(v_{1,1})_d', '(x_2)_d'].map((t) => targetKey(parsed(t)))).toEqual([
      'n4',
      'w2,5',
      'v1,1',
      'x2',
    ]);
    for (const t of ['n14', 'w_{12,3}', 'v_{3,10}', 'x_7']) {
      expect(parsed(formatTarget(parsed(t), 'text'))).toEqual(parsed(t));
    }
  });
});

describe('validateTarget', () => {
  it('accepts targets that exist in Network I', () => {
    for (const t of ['n4', 'w25', 'v11', 'x2']) expect(validateTarget(net1, parsed(t))).toEqual({ ok: true });
  });

  it('explains targets that do not exist', () => {
    expect(validateTarget(net1, parsed('n9'))).toEqual({
      ok: false,
      error: 'n_9 is not a neuron in Network I',
    });
    expect(validateTarget(net1, parsed('w15'))).toEqual({
      ok: false,
      error: 'w_{1,5} needs an edge n_1 → n_5, which does not exist in Network I',
    });
    expect(validateTarget(net1, parsed('v12'))).toEqual({
      ok: false,
      error: '(v_{1,2})_d needs input x_1 to feed n_2, which it does not in Network I',
    });
    expect(validateTarget(net1, parsed('x3'))).toEqual({
      ok: false,
      error: 'x_3 is not an input in Network I',
    });
    expect(parseTargetFor(net1, 'w_{5,2}')).toMatchObject({ ok: false });
    expect(parseTargetFor(net1, 'w_{2,5}')).toMatchObject({ ok: true });
  });
});
