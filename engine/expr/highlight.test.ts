import { describe, expect, it } from 'vitest';
import type { Target } from '../types';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { NOTE_CODES } from './notes';
import { checkHighlight } from './highlight';
import { MAX_HIGHLIGHT_EDGES } from './limits';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const V11: Target = { kind: 'inputWeight', input: 1, neuron: 1 };
const KEY = ['x1-n1', 'n1-n3', 'n1-n4', 'n3-n6', 'n4-n6', 'n6-E'];

describe('checkHighlight', () => {
  it('an exact selection in any order, with repeats, scores 1', () => {
    expect(checkHighlight(net1, V11, [...KEY].reverse()).correct).toBe(true);
    expect(checkHighlight(net1, V11, [...KEY, 'n6-E', ' n1-n3 ']).score).toBe(1);
  });

  it('partial credit is F1 of the selection', () => {
    // 4 of 6 right, nothing extra: 2·4 / (4 + 6).
    const r = checkHighlight(net1, V11, KEY.slice(0, 4));
    expect(r.score).toBeCloseTo(0.8, 12);
    expect(r.notes).toEqual([expect.objectContaining({ code: NOTE_CODES.highlightMissingEdge, data: { edges: ['n4-n6', 'n6-E'] } })]);
    // All 6 plus 2 extra: 2·6 / (8 + 6).
    const extra = checkHighlight(net1, V11, [...KEY, 'n7-E', 'n2-n5']);
    expect(extra.score).toBeCloseTo(12 / 14, 12);
    expect(extra.notes).toEqual([expect.objectContaining({ code: NOTE_CODES.highlightExtraEdge, data: { edges: ['n2-n5', 'n7-E'] } })]);
    expect(checkHighlight(net1, V11, []).score).toBe(0);
  });

  it('reports ids that are not edges of this network', () => {
    const r = checkHighlight(net1, V11, [...KEY, 'n6-n3', 'banana', 'x'.repeat(100)]);
    expect(r.correct).toBe(false);
    expect(r.notes[0]).toMatchObject({ code: NOTE_CODES.highlightUnknownEdge });
    expect((r.notes[0]?.data?.edges as string[]).length).toBe(3);
    expect(r.score).toBeCloseTo(12 / 15, 12);
    expect(checkHighlight(net1, V11, Array.from({ length: MAX_HIGHLIGHT_EDGES + 1 }, () => 'n6-E')).notes[0]?.code).toBe(NOTE_CODES.parseTooLong);
  });
});
