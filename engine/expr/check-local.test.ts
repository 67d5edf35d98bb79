import { describe, expect, it } from 'vitest';
import type { Network } from '../network';
import { getBuiltinNetwork } from '../builtins';
import { randomNetwork } from '../generators';
import { createRng } from '../rng';
import type { Rng } from '../rng';
import { checkLocal, localKey, previewLocal, LOCAL_COEFFICIENT_FACTOR } from './check-local';
import type { LocalAsk, LocalSymbol } from './local-symbols';
import { LOCAL_ASK_KINDS, askNeuron, formatLocalAsk, localAskProblem, localAsksOfKind, parseLocalAsk } from './local-symbols';
import { NOTE_CODES, isUngraded } from './notes';
import { MAX_ANSWER_CHARS, MAX_ATOMS, MAX_NESTING_DEPTH } from './limits';

const net1 = getBuiltinNetwork('week09-net1') as Network;
const W25: LocalAsk = { kind: 'weight', from: 2, to: 5 };
const N7N5: LocalAsk = { kind: 'neuron', of: 7, wrt: 5 };
const V11: LocalAsk = { kind: 'inputWeight', input: 1, neuron: 1 };
const X11: LocalAsk = { kind: 'input', input: 1, neuron: 1 };
const B5: LocalAsk = { kind: 'bias', neuron: 5 };
const E7: LocalAsk = { kind: 'loss', output: 7 };

function codes(ask: LocalAsk, text: string): string[] {
  return checkLocal(ask, text).notes.map((n) => n.code);
}

describe('local derivatives: the key in every notation', () => {
  it.each([
    [W25, "g'(z_5) · n_2"],
    [W25, "g'(z5)*n2"],
    [W25, 'g′(z₅)·n₂'],
    [W25, "\\sigma'(z_{5}) \\cdot n_{2}"],
    [W25, 'σ′(z_5) n_2'],
    [W25, 'g^{\\prime}\\left(z_{5}\\right) n_{2}'],
    [W25, "n_2 g'(z_5)"],
    [W25, "∂n_5/∂w_{2,5} = g'(z_5) n_2"],
    [W25, "\\frac{\\partial n_5}{\\partial w_{2,5}} = g'(z_5)\\,n_2"],
    [N7N5, "g'(z_7) w_{5,7}"],
    [N7N5, "g'(z_7) w57"],
    [N7N5, "dn7/dn5 = w_57 * g'(z_7)"],
    [V11, "g'(z_1) (x_1)_d"],
    [V11, "g'(z_1) x_{1,d}"],
    [V11, "g'(z_1) x_1"],
    [V11, "g'(z_1) x_1_d"],
    [X11, "g'(z_1) (v_{1,1})_d"],
    [X11, "g'(z_1) v_{1,1,d}"],
    [B5, "g'(z_5)"],
    [B5, "∂n_5/∂b_5 = g'(z_5)"],
    [E7, '2(n_7 - y_7)'],
    [E7, '2 n_7 − 2 y_7'],
    [E7, '-2(y_7 - n_7)'],
    [E7, '(n_7 - y_7) 2'],
    [E7, '∂E/∂n_7 = 2\\left(n_{7}-y_{7}\\right)'],
  ])('%o: %s is correct', (ask, text) => {
    const r = checkLocal(ask, text);
    expect(r.notes).toEqual([]);
    expect(r.correct).toBe(true);
    expect(r.score).toBe(1);
  });

  it('reads the answer back in text and LaTeX', () => {
    expect(checkLocal(W25, "\\sigma'(z_{5})\\cdot n_{2}").read).toEqual({ text: "g'(z_5) · n_2", latex: "g'(z_{5}) \\cdot n_{2}" });
    expect(previewLocal("dn5/dw25 = g'(z5) n2").read?.latex).toBe("\\frac{\\partial n_{5}}{\\partial w_{2,5}} = g'(z_{5}) \\cdot n_{2}");
    expect(previewLocal('-g(z_5) n_2').read?.text).toBe('−g(z_5) · n_2');
  });

  it('keys: text and LaTeX with the derivative asked', () => {
    expect(localKey(W25).text).toBe("∂n_5/∂w_{2,5} = g'(z_5) · n_2");
    expect(localKey(N7N5).rhs.text).toBe("g'(z_7) · w_{5,7}");
    expect(localKey(X11).latex).toBe("\\frac{\\partial n_{1}}{\\partial (x_{1})_d} = g'(z_{1}) \\cdot (v_{1,1})_d");
    expect(localKey(E7).rhs.latex).toBe('2 \\cdot \\left(n_{7} - y_{7}\\right)');
    expect(localKey(B5).rhs.text).toBe("g'(z_5)");
  });
});

describe('local derivatives: notes that name the mistake', () => {
  it('g′ missing, also when z or g(z) stands in for it', () => {
    expect(codes(W25, 'n_2')).toEqual([NOTE_CODES.localMissingGPrime]);
    expect(checkLocal(W25, 'n_2').score).toBe(0.5);
    const z = checkLocal(W25, 'z_5 n_2');
    expect(z.notes[0]).toMatchObject({ code: NOTE_CODES.localMissingGPrime, data: { symbol: 'z_5', expected: "g'(z_5)" } });
    expect(checkLocal(W25, 'g(z_5) n_2').notes[0]?.message).toContain('the activation itself');
    expect(codes(B5, '1')).toEqual([NOTE_CODES.localMissingGPrime]);
  });

  it("g' of the wrong neuron", () => {
    const r = checkLocal(W25, "g'(z_2) n_2");
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatchObject({ code: NOTE_CODES.localWrongGPrime, data: { symbol: "g'(z_2)", expected: "g'(z_5)" } });
    expect(r.score).toBeCloseTo(1 / 3);
  });

  it('the wrong weight: swapped indices, another edge, an input weight', () => {
    expect(checkLocal(N7N5, "g'(z_7) w_{7,5}").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongWeight, data: { kind: 'swapped-indices', symbol: 'w_{7,5}', expected: 'w_{5,7}' } });
    expect(checkLocal(N7N5, "g'(z_7) w_{2,5}").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongWeight, data: { kind: 'other-edge' } });
    expect(checkLocal(N7N5, "g'(z_7) (v_{1,1})_d").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongWeight, data: { kind: 'input-weight' } });
    expect(checkLocal(X11, "g'(z_1) w_{1,3}").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongWeight, data: { kind: 'neuron-weight' } });
  });

  it('the wrong input: the other end, x for n, another neuron', () => {
    expect(checkLocal(W25, "g'(z_5) n_5").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongInput, data: { kind: 'other-end', symbol: 'n_5', expected: 'n_2' } });
    expect(checkLocal(W25, "g'(z_5) (x_2)_d").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongInput, data: { kind: 'x-for-n' } });
    expect(checkLocal(V11, "g'(z_1) n_1").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongInput, data: { kind: 'other-end' } });
    expect(checkLocal(V11, "g'(z_1) n_3").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongInput, data: { kind: 'n-for-x' } });
    expect(checkLocal(W25, "g'(z_5) n_3").notes[0]).toMatchObject({ code: NOTE_CODES.localWrongInput, data: { kind: 'other-input' } });
  });

  it('∂n_i/∂n_k and ∂n_i/∂w_{k,i} confused', () => {
    const r = checkLocal(W25, "g'(z_5) w_{2,5}");
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.localWeightInputSwapped]);
    expect(r.notes[0]?.message).toContain('∂n_5/∂n_2');
    expect(codes(N7N5, "g'(z_7) n_5")).toEqual([NOTE_CODES.localWeightInputSwapped]);
  });

  it('an extra factor, a missing factor', () => {
    const extra = checkLocal(W25, "g'(z_5) n_2 w_{2,5}");
    expect(extra.notes.map((n) => n.code)).toEqual([NOTE_CODES.localExtraFactor]);
    expect(extra.score).toBeCloseTo(2 / 3);
    expect(checkLocal(B5, "g'(z_5) b_5").notes[0]?.message).toContain('multiplies nothing');
    expect(codes(B5, "g'(z_5) g'(z_5)")).toEqual([NOTE_CODES.localExtraFactor]);
    expect(checkLocal(N7N5, "g'(z_7)").notes).toMatchObject([{ code: NOTE_CODES.localMissingFactor, data: { expected: 'w_{5,7}' } }]);
  });

  it('a sum where a product is due', () => {
    const r = checkLocal(W25, "g'(z_5) + n_2");
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.localSumForProduct]);
    expect(r.score).toBe(0.5);
    expect(codes(W25, "g'(z_5) + n_5")).toEqual([NOTE_CODES.localSumForProduct, NOTE_CODES.localWrongInput]);
    expect(codes(W25, "g'(z_5) n_2 + g'(z_5) n_3 w_{2,5}")).toEqual([NOTE_CODES.answerNotEquivalent]);
  });

  it('a number or sign in front', () => {
    const r = checkLocal(W25, "-g'(z_5) n_2");
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.localCoefficient]);
    expect(r.score).toBe(LOCAL_COEFFICIENT_FACTOR);
    expect(checkLocal(W25, "2 g'(z_5) n_2").notes[0]?.data).toEqual({ coefficient: '2' });
    expect(checkLocal(W25, "g'(z_5) n_2 - g'(z_5) n_2").notes[0]?.message).toContain('is 0');
  });

  it('∂E/∂n_o: the factor 2, the sign, the target, an extra g′', () => {
    expect(codes(E7, 'n_7 - y_7')).toEqual([NOTE_CODES.localLossFactorTwo]);
    expect(codes(E7, '2(y_7 - n_7)')).toEqual([NOTE_CODES.localLossSign]);
    expect(codes(E7, 'y_7 - n_7')).toEqual([NOTE_CODES.localLossFactorTwo, NOTE_CODES.localLossSign]);
    expect(codes(E7, '2(n_7 - y_6)')).toEqual([NOTE_CODES.localWrongTarget]);
    expect(codes(E7, '2(n_6 - y_7)')).toEqual([NOTE_CODES.localWrongInput]);
    expect(codes(E7, '3(n_7 - y_7)')).toEqual([NOTE_CODES.localCoefficient]);
    const g = checkLocal(E7, "2(n_7 - y_7) g'(z_7)");
    expect(g.notes.map((n) => n.code)).toEqual([NOTE_CODES.localExtraFactor]);
    expect(g.notes[0]?.message).toContain('directly');
    expect(checkLocal(E7, '2 n_7').notes[0]).toMatchObject({ code: NOTE_CODES.localMissingFactor, data: { expected: 'y_7' } });
    expect(checkLocal(E7, 'n_7 - y_7').score).toBe(0.5);
  });

  it('a left-hand side naming another derivative halves the score', () => {
    const r = checkLocal(W25, "∂n_5/∂w_{2,4} = g'(z_5) n_2");
    expect(r.correct).toBe(false);
    expect(r.score).toBe(0.5);
    expect(r.notes.map((n) => n.code)).toEqual([NOTE_CODES.targetWrongLhs]);
    expect(codes(B5, "∂n_5/∂b_4 = g'(z_5)")).toEqual([NOTE_CODES.targetWrongLhs]);
  });
});

describe('local derivatives: unreadable input is bounced', () => {
  it.each([
    ['', NOTE_CODES.parseEmpty],
    ["g'(n_5) n_2", NOTE_CODES.parseError],
    ["g' n_2", NOTE_CODES.parseError],
    ['w_{2,5', NOTE_CODES.parseError],
    ['w125', NOTE_CODES.parseAmbiguousIndex],
    ['n_2 / w_{2,5}', NOTE_CODES.parseError],
    ['(n_7 - y_7)^2', NOTE_CODES.parseError],
    ["∂n_5/∂w_{2,5} = ", NOTE_CODES.parseEmpty],
    ['a = b = c', NOTE_CODES.parseError],
    ['q_5', NOTE_CODES.parseError],
    ['\\alpha', NOTE_CODES.parseError],
    ["g'(z_5) n_{1234567}", NOTE_CODES.parseError],
    ['1234567 n_2', NOTE_CODES.parseError],
    ['0.5 n_2', NOTE_CODES.parseError],
    ['n_2 )', NOTE_CODES.parseError],
    ['n_2_d', NOTE_CODES.parseError],
    ['x'.repeat(MAX_ANSWER_CHARS + 1), NOTE_CODES.parseTooLong],
    [`${'('.repeat(MAX_NESTING_DEPTH + 1)}n_2${')'.repeat(MAX_NESTING_DEPTH + 1)}`, NOTE_CODES.parseTooComplex],
    [Array.from({ length: MAX_ATOMS + 1 }, () => 'n_2').join('+'), NOTE_CODES.parseTooComplex],
    ['(n_1+n_2)(n_3+n_4)(n_5+n_6)(n_7+n_8)(n_9+n_10)(n_11+n_12)(n_13+n_14)(n_15+n_16)(n_17+n_18)(n_19+n_20)(n_21+n_22)', NOTE_CODES.parseTooComplex],
  ])('%s → %s', (text, code) => {
    const r = checkLocal(W25, text);
    expect(r.notes[0]?.code).toBe(code);
    expect(isUngraded(r)).toBe(true);
    expect(r.correct).toBe(false);
    expect(r.notes[0]?.message).toMatch(/^[A-Z]/);
  });

  it('parse notes point at the problem, also right of =', () => {
    const r = checkLocal(W25, "dn5/dw25 = g'(z5) q");
    expect(r.notes[0]).toMatchObject({ code: NOTE_CODES.parseError, data: { position: 18, length: 1 } });
    expect(r.notes[0]?.message).toContain('at character 19');
  });

  it('the deepest allowed nesting still reads', () => {
    expect(checkLocal(W25, `${'('.repeat(MAX_NESTING_DEPTH)}g'(z_5) n_2${')'.repeat(MAX_NESTING_DEPTH)}`).correct).toBe(true);
  });
});

describe('asks', () => {
  it('parse in plain and braced forms and check against the network', () => {
    expect(parseLocalAsk('n_5/w_{2,5}')).toEqual({ ok: true, ask: W25 });
    expect(parseLocalAsk('∂n7/∂n5')).toEqual({ ok: true, ask: N7N5 });
    expect(parseLocalAsk('n_1/(v_{1,1})_d')).toEqual({ ok: true, ask: V11 });
    expect(parseLocalAsk('n_1/(x_1)_d')).toEqual({ ok: true, ask: X11 });
    expect(parseLocalAsk('n5/b5')).toEqual({ ok: true, ask: B5 });
    expect(parseLocalAsk('E/n_7')).toEqual({ ok: true, ask: E7 });
    expect(parseLocalAsk('n_4/w_{2,5}').ok).toBe(false);
    expect(parseLocalAsk('n_5/w125').ok).toBe(false);
    expect(parseLocalAsk('n_5/b_4').ok).toBe(false);
    expect(localAskProblem(net1, W25)).toBeNull();
    expect(localAskProblem(net1, { kind: 'weight', from: 5, to: 2 })).toContain('not a weight');
    expect(localAskProblem(net1, { kind: 'loss', output: 5 })).toContain('not an output');
    expect(localAskProblem(net1, { kind: 'neuron', of: 7, wrt: 2 })).toContain('no edge');
    for (const kind of LOCAL_ASK_KINDS) {
      for (const ask of localAsksOfKind(net1, kind)) {
        expect(localAskProblem(net1, ask)).toBeNull();
        expect(parseLocalAsk(formatLocalAsk(ask))).toEqual({ ok: true, ask });
      }
    }
  });
});

// ---------- fuzz over random networks ----------

type Style = 'plain' | 'compact' | 'unicode' | 'latex';
const STYLES: readonly Style[] = ['plain', 'compact', 'unicode', 'latex'];
const SUB = '₀₁₂₃₄₅₆₇₈₉';

function idx(i: number, style: Style): string {
  if (style === 'compact') return String(i);
  if (style === 'unicode') return [...String(i)].map((c) => SUB[Number(c)]).join('');
  return style === 'latex' ? `_{${i}}` : `_${i}`;
}

function pair(a: number, b: number, style: Style): string {
  return style === 'compact' && a < 10 && b < 10 ? `${a}${b}` : `_{${a},${b}}`;
}

function write(s: LocalSymbol, style: Style): string {
  switch (s.kind) {
    case 'gPrime':
      return style === 'latex' ? `\\sigma'\\left(z${idx(s.neuron, style)}\\right)` : style === 'unicode' ? `g′(z${idx(s.neuron, style)})` : `g'(z${idx(s.neuron, style)})`;
    case 'g':
      return `g(z${idx(s.neuron, style)})`;
    case 'pre':
      return `z${idx(s.neuron, style)}`;
    case 'neuron':
      return `n${idx(s.neuron, style)}`;
    case 'weight':
      return `w${pair(s.from, s.to, style)}`;
    case 'inputWeight':
      return `(v${pair(s.input, s.neuron, style)})_d`;
    case 'input':
      return style === 'latex' ? `x_{${s.input},d}` : `(x${idx(s.input, style)})_d`;
    case 'bias':
      return `b${idx(s.neuron, style)}`;
    case 'target':
      return `y${idx(s.output, style)}`;
  }
}

const TIMES: Readonly<Record<Style, string>> = { plain: ' * ', compact: '', unicode: ' · ', latex: ' \\cdot ' };

function product(symbols: readonly LocalSymbol[], style: Style): string {
  return symbols.map((s) => write(s, style)).join(TIMES[style] === '' ? ' ' : TIMES[style]);
}

function keyFactors(ask: LocalAsk): LocalSymbol[] {
  const i = askNeuron(ask) as number;
  const g: LocalSymbol = { kind: 'gPrime', neuron: i };
  switch (ask.kind) {
    case 'neuron':
      return [g, { kind: 'weight', from: ask.wrt, to: ask.of }];
    case 'weight':
      return [g, { kind: 'neuron', neuron: ask.from }];
    case 'inputWeight':
      return [g, { kind: 'input', input: ask.input }];
    case 'input':
      return [g, { kind: 'inputWeight', input: ask.input, neuron: ask.neuron }];
    case 'bias':
      return [g];
    case 'loss':
      throw new Error('not a product');
  }
}

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)] as T;
}

function shuffled<T>(rng: Rng, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('fuzz: random networks, every notation, single mutations', () => {
  it('the key always checks correct and each single mutation gets its note', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const rng = createRng(seed * 7919);
      const net = randomNetwork(seed, { neurons: 8 + (seed % 10), depth: 3 + (seed % 3), density: 0.5, skipConnections: 0.2, inputs: 2, outputs: 1 + (seed % 3) });
      for (const kind of LOCAL_ASK_KINDS) {
        const asks = localAsksOfKind(net, kind);
        if (asks.length === 0) continue;
        const ask = pick(rng, asks);
        const style = pick(rng, STYLES);
        const label = `seed ${seed} ${formatLocalAsk(ask)} ${style}`;
        if (ask.kind === 'loss') {
          const o = ask.output;
          const n: LocalSymbol = { kind: 'neuron', neuron: o };
          const y: LocalSymbol = { kind: 'target', output: o };
          const form = (c: string, a: LocalSymbol, b: LocalSymbol): string => `${c}(${write(a, style)} - ${write(b, style)})`;
          expect(checkLocal(ask, form('2', n, y)).correct, label).toBe(true);
          expect(codes(ask, form('', n, y)), label).toEqual([NOTE_CODES.localLossFactorTwo]);
          expect(codes(ask, form('2', y, n)), label).toEqual([NOTE_CODES.localLossSign]);
          const other = net.outputs.find((x) => x !== o);
          if (other !== undefined) expect(codes(ask, form('2', n, { kind: 'target', output: other })), label).toEqual([NOTE_CODES.localWrongTarget]);
          checked++;
          continue;
        }
        const key = keyFactors(ask);
        const i = askNeuron(ask) as number;
        const right = shuffled(rng, key);
        const r = checkLocal(ask, product(right, style));
        expect(r.notes, label).toEqual([]);
        expect(r.correct, label).toBe(true);
        expect(checkLocal(ask, `${formatLocalAsk(ask).replace(/^/, '∂').replace('/', '/∂')} = ${product(right, style)}`).correct, label).toBe(true);
        // g' dropped, or at another neuron.
        const rest = key.slice(1);
        if (rest.length > 0) expect(codes(ask, product(rest, style)), label).toEqual([NOTE_CODES.localMissingGPrime]);
        const j = pick(rng, net.neurons.filter((x) => x !== i));
        expect(codes(ask, product([{ kind: 'gPrime', neuron: j }, ...rest], style)), label).toEqual([NOTE_CODES.localWrongGPrime]);
        // An extra factor.
        expect(codes(ask, product([...right, { kind: 'bias', neuron: i }], style)), label).toEqual([NOTE_CODES.localExtraFactor]);
        // A sum where a product is due.
        if (key.length === 2) expect(codes(ask, right.map((s) => write(s, style)).join(' + ')), label).toEqual([NOTE_CODES.localSumForProduct]);
        // The wrong weight or input.
        const g = key[0] as LocalSymbol;
        if (ask.kind === 'neuron') {
          expect(codes(ask, product([g, { kind: 'weight', from: ask.of, to: ask.wrt }], style)), label).toEqual([NOTE_CODES.localWrongWeight]);
          expect(codes(ask, product([g, { kind: 'neuron', neuron: ask.wrt }], style)), label).toEqual([NOTE_CODES.localWeightInputSwapped]);
        }
        if (ask.kind === 'weight') {
          expect(codes(ask, product([g, { kind: 'neuron', neuron: ask.to }], style)), label).toEqual([NOTE_CODES.localWrongInput]);
          expect(codes(ask, product([g, { kind: 'weight', from: ask.to, to: ask.from }], style)), label).toEqual([NOTE_CODES.localWeightInputSwapped]);
        }
        if (ask.kind === 'inputWeight') {
          expect(codes(ask, product([g, { kind: 'neuron', neuron: ask.input }], style)), label).toEqual([NOTE_CODES.localWrongInput]);
        }
        if (ask.kind === 'input') {
          expect(codes(ask, product([g, { kind: 'inputWeight', input: ask.neuron, neuron: ask.input }], style)), label).toEqual(ask.neuron === ask.input ? [] : [NOTE_CODES.localWrongWeight]);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
  });
});
