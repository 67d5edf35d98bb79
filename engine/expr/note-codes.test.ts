import { describe, expect, it } from 'vitest';
import type { Target } from '../types';
import type { Network } from '../network';
import { networkFromPartsOrThrow } from '../network';
import { getBuiltinNetwork } from '../builtins';
import type { CheckResult, NoteCode, PreviewResult } from './notes';
import { ALL_NOTE_CODES, NOTE_CODES, NOTE_LABELS } from './notes';
import { checkExpression, previewExpression } from './check-expression';
import { checkCount } from './count';
import { checkFormula } from './formula';
import { checkHighlight } from './highlight';
import { MAX_ANSWER_CHARS, MAX_ATOMS, MAX_NESTING_DEPTH } from './limits';
import { parseValues } from '../numeric/values';
import type { NumericAsk } from '../numeric/evaluate';
import type { NumericFacts } from '../numeric/diagnose';
import { analyseNumeric, checkNumeric } from '../numeric/diagnose';
import { checkLocal } from './check-local';
import type { LocalAsk } from './local-symbols';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const N4: Target = { kind: 'neuron', neuron: 4 };
const W25: Target = { kind: 'weight', from: 2, to: 5 };
const V11: Target = { kind: 'inputWeight', input: 1, neuron: 1 };

/** A chain of 11 diamonds: 2048 paths, so its expansion exceeds the cap and only evaluation decides. */
function bigDiamonds(): { net: Network; target: Target; wrong: string } {
  const edges: { from: number; to: number }[] = [];
  const factors: string[] = [];
  for (let i = 0; i < 11; i++) {
    const top = 3 * i + 1;
    edges.push({ from: top + 1, to: top }, { from: top + 2, to: top }, { from: top + 3, to: top + 1 }, { from: top + 3, to: top + 2 });
    factors.push(`(dn${top}/dn${top + 1} dn${top + 1}/dn${top + 3} + dn${top}/dn${top + 2} dn${top + 2}/dn${top + 3})`);
  }
  const net = networkFromPartsOrThrow({ name: 'diamonds', inputs: [{ input: 1, neuron: 34 }], edges, outputs: [1] });
  // Drop the first factor ∂E/∂n_1 entirely: every one of the 2048 terms is wrong.
  return { net, target: { kind: 'neuron', neuron: 34 }, wrong: factors.join(' ') };
}

const SIGMOID_VALUES = {
  inputs: { x1: 0.3, x2: -0.7 },
  inputWeights: { v11: 0.4, v22: 0.9 },
  weights: { w13: 0.5, w14: -0.3, w24: 0.8, w25: 0.6, w36: -1, w46: 0.7, w57: 0.2 },
  biases: { n4: 0.1 },
  targets: { n6: 1, n7: 0 },
};

function numericFacts(ask: NumericAsk): NumericFacts {
  const values = parseValues(net1, SIGMOID_VALUES);
  if (!values.ok) throw new Error('values');
  const a = analyseNumeric(net1, values.values, ask);
  if (!a.ok) throw new Error(a.error);
  return a.facts;
}

/** Answers ∂E/∂target (or another ask) with the value of the first mistake with this code. */
function numericMistake(code: NoteCode, ask: NumericAsk = { kind: 'gradient', target: { kind: 'inputWeight', input: 1, neuron: 1 }, d: 1 }): CheckResult {
  const f = numericFacts(ask);
  const m = f.mistakes.find((x) => x.code === code);
  if (!m) throw new Error(`no ${code}`);
  return checkNumeric(f, { relative: 0.01 }, String(m.value));
}

const FORWARD_N4: NumericAsk = { kind: 'forward', neuron: 4 };
const LOCAL_N5_W25: NumericAsk = { kind: 'local', atom: { of: { kind: 'neuron', neuron: 5 }, wrt: { kind: 'weight', from: 2, to: 5 } }, d: 1 };

const LOCAL_W25: LocalAsk = { kind: 'weight', from: 2, to: 5 };
const LOCAL_N5_N2: LocalAsk = { kind: 'neuron', of: 5, wrt: 2 };
const LOCAL_E7: LocalAsk = { kind: 'loss', output: 7 };

/** One producer per code: the result must carry that code. */
const PRODUCERS: Record<NoteCode, () => CheckResult | PreviewResult> = {
  'parse/error': () => checkExpression(net1, N4, 'dE/dn6 +'),
  'parse/empty': () => checkExpression(net1, N4, '  '),
  'parse/ambiguous-index': () => checkExpression(net1, W25, 'dE/dn7 dn7/dn5 dn5/dw125'),
  'parse/too-long': () => checkExpression(net1, N4, 'd'.repeat(MAX_ANSWER_CHARS + 1)),
  'parse/too-complex': () => checkExpression(net1, N4, `${'('.repeat(MAX_NESTING_DEPTH + 1)}dE/dn6${')'.repeat(MAX_NESTING_DEPTH + 1)}`),
  'target/wrong-lhs': () => checkExpression(net1, N4, 'dE/dn5 = dE/dn6 dn6/dn4'),
  'atom/identity': () => checkExpression(net1, N4, 'dE/dn6 dn6/dn6 dn6/dn4'),
  'atom/wrong-direction': () => checkExpression(net1, N4, 'dE/dn6 dn4/dn6'),
  'atom/not-adjacent': () => checkExpression(net1, V11, 'dE/dn6 dn6/dn1 dn1/dv11'),
  'atom/not-output': () => checkExpression(net1, N4, 'dE/dn4'),
  'atom/unknown': () => checkExpression(net1, N4, 'dE/dn9 dn9/dn4'),
  'atom/mismatched-weight': () => checkExpression(net1, W25, 'dE/dn7 dn7/dn5 dn5/dw24'),
  'path/missing': () => checkExpression(net1, V11, 'dE/dn6 dn6/dn3 dn3/dn1 dn1/dv11'),
  'term/extra': () => checkExpression(net1, N4, 'dE/dn6 dn6/dn4 + dE/dn7'),
  'term/duplicate': () => checkExpression(net1, N4, 'dE/dn6 dn6/dn4 + dE/dn6 dn6/dn4'),
  'term/coefficient': () => checkExpression(net1, N4, '3 dE/dn6 dn6/dn4'),
  'term/sign': () => checkExpression(net1, N4, '-dE/dn6 dn6/dn4'),
  'answer/not-equivalent': () => {
    const big = bigDiamonds();
    return checkExpression(big.net, big.target, big.wrong);
  },
  'count/off-by-one': () => checkCount(4n, '3'),
  'count/wrong': () => checkCount(4n, '7'),
  'formula/off-by-one': () => checkFormula('k', ['k'], 'k+1'),
  'formula/wrong-numbering': () => checkFormula('k', ['k', 'L'], 'L - k + 1'),
  'formula/wrong': () => checkFormula('k', ['k'], '2k'),
  'highlight/missing-edge': () => checkHighlight(net1, W25, ['n2-n5', 'n5-n7']),
  'highlight/extra-edge': () => checkHighlight(net1, W25, ['n2-n5', 'n5-n7', 'n7-E', 'n6-E']),
  'highlight/unknown-edge': () => checkHighlight(net1, W25, ['n2-n5', 'n5-n7', 'n7-E', 'n5-n9']),
  'numeric/missing-path': () => numericMistake('numeric/missing-path'),
  'numeric/extra-path': () => numericMistake('numeric/extra-path', { kind: 'gradient', target: W25, d: 1 }),
  'numeric/missing-g-prime': () => numericMistake('numeric/missing-g-prime'),
  'numeric/missing-g-prime-all': () => numericMistake('numeric/missing-g-prime-all'),
  'numeric/loss-factor-two': () => numericMistake('numeric/loss-factor-two'),
  'numeric/loss-sign': () => numericMistake('numeric/loss-sign'),
  'numeric/wrong-target': () => numericMistake('numeric/wrong-target', { kind: 'gradient', target: { kind: 'neuron', neuron: 2 }, d: 1 }),
  'numeric/forward-for-derivative': () => numericMistake('numeric/forward-for-derivative'),
  'numeric/wrong-factor': () => numericMistake('numeric/wrong-factor', LOCAL_N5_W25),
  'numeric/sign': () => numericMistake('numeric/sign', FORWARD_N4),
  'numeric/pre-activation': () => numericMistake('numeric/pre-activation', FORWARD_N4),
  'numeric/missing-bias': () => numericMistake('numeric/missing-bias', FORWARD_N4),
  'numeric/imprecise': () => {
    const f = numericFacts(FORWARD_N4);
    return checkNumeric(f, { relative: 0.01 }, String(f.value.value * 1.03));
  },
  'numeric/wrong': () => checkNumeric(numericFacts(FORWARD_N4), { relative: 0.01 }, '-40'),
  'local/missing-g-prime': () => checkLocal(LOCAL_W25, 'n_2'),
  'local/wrong-g-prime': () => checkLocal(LOCAL_W25, "g'(z_2) n_2"),
  'local/wrong-weight': () => checkLocal(LOCAL_N5_N2, "g'(z_5) w_{5,2}"),
  'local/wrong-input': () => checkLocal(LOCAL_W25, "g'(z_5) n_5"),
  'local/weight-input-swapped': () => checkLocal(LOCAL_W25, "g'(z_5) w_{2,5}"),
  'local/missing-factor': () => checkLocal(LOCAL_N5_N2, "g'(z_5)"),
  'local/extra-factor': () => checkLocal(LOCAL_W25, "g'(z_5) n_2 b_5"),
  'local/sum-for-product': () => checkLocal(LOCAL_W25, "g'(z_5) + n_2"),
  'local/coefficient': () => checkLocal(LOCAL_W25, "3 g'(z_5) n_2"),
  'local/loss-factor-two': () => checkLocal(LOCAL_E7, 'n_7 - y_7'),
  'local/loss-sign': () => checkLocal(LOCAL_E7, '2(y_7 - n_7)'),
  'local/wrong-target': () => checkLocal(LOCAL_E7, '2(n_7 - y_6)'),
};

describe('every note code', () => {
  it('has a producer in this table and a label', () => {
    expect(Object.keys(PRODUCERS).sort()).toEqual([...ALL_NOTE_CODES].sort());
    for (const code of ALL_NOTE_CODES) expect(NOTE_LABELS[code].length).toBeGreaterThan(5);
  });

  for (const code of ALL_NOTE_CODES) {
    it(`${code} is produced, with a sentence for the student`, () => {
      const result = PRODUCERS[code]();
      const found = result.notes.find((n) => n.code === code);
      expect(found, JSON.stringify(result.notes)).toBeDefined();
      expect(found?.message).toMatch(/^[A-Z∂…(0-9"]/);
      expect(found?.message).toMatch(/[.)]$/);
      if ('correct' in result) {
        expect(result.correct).toBe(false);
        expect(result.score).toBeLessThan(1);
      }
    });
  }

  it('codes are stable strings (renaming one breaks dashboards)', () => {
    expect(NOTE_CODES.pathMissing).toBe('path/missing');
    expect(NOTE_CODES.atomWrongDirection).toBe('atom/wrong-direction');
    expect(new Set(ALL_NOTE_CODES).size).toBe(ALL_NOTE_CODES.length);
    for (const code of ALL_NOTE_CODES) expect(code).toMatch(/^[a-z]+\/[a-z-]+$/);
  });

  it('parse notes point at the problem', () => {
    const r = checkExpression(net1, N4, 'dE/dn6 * * dn6/dn4');
    expect(r.notes[0]).toMatchObject({ code: NOTE_CODES.parseError, data: { position: 9, length: 1 } });
    expect(r.notes[0]?.message).toContain('at character 10');
    const ambiguous = checkExpression(net1, W25, 'dn5/dw123');
    expect(ambiguous.notes[0]?.message).toContain('w_{1,23} or w_{12,3}');
    expect(ambiguous.read).toBeNull();
  });

  it('the atom cap and the length cap are enforced before any algebra', () => {
    const many = Array.from({ length: MAX_ATOMS + 1 }, () => 'dE/dn6').join('+');
    expect(many.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    expect(checkExpression(net1, N4, many).notes[0]?.code).toBe(NOTE_CODES.parseTooComplex);
    expect(checkExpression(net1, N4, '('.repeat(10_000)).notes[0]?.code).toBe(NOTE_CODES.parseTooLong);
    const deepest = `${'('.repeat(MAX_NESTING_DEPTH)}dE/dn6 dn6/dn4${')'.repeat(MAX_NESTING_DEPTH)}`;
    expect(checkExpression(net1, N4, deepest).correct).toBe(true);
  });

  it('the preview reports only reading problems', () => {
    expect(previewExpression(net1, N4, 'dE/dn6 dn4/dn6').notes).toEqual([]);
    expect(previewExpression(net1, N4, 'dE/dn4').notes).toEqual([]);
    expect(previewExpression(net1, N4, 'dn5/dw123').notes[0]?.code).toBe(NOTE_CODES.parseAmbiguousIndex);
  });
});
