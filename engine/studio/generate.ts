/**
 * Studio starting points as drafts: layered networks (fully connected, or
 * sparse from a seed), with skip links every k layers, stacked residual
 * blocks. Every generated draft is a valid network.
 */
import type { Edge } from '../types';
import type { InputConnection } from '../network';
import { MAX_NEURONS } from '../network';
import type { LayerNumbering } from '../generators';
import { createRng } from '../rng';
import type { DraftNetwork } from './draft';

/** Most layers a studio generator builds. */
export const MAX_STUDIO_LAYERS = 20;
/** Widest layer a studio generator builds. */
export const MAX_STUDIO_WIDTH = 20;
/** Most residual blocks a studio generator stacks. */
export const MAX_RESIDUAL_BLOCKS = 8;

/** Options of `layeredDraft`. */
export interface LayeredDraftOptions {
  /** `widths[0]` is layer 1 in `numbering` (from the loss: the output layer). */
  readonly widths: readonly number[];
  readonly numbering: LayerNumbering;
  /** Probability of each edge between adjacent layers; 1 is fully connected. */
  readonly density: number;
  /** Seed for a sparse network (ignored when fully connected). */
  readonly seed: number;
  /** Skip links every `k` layers (k ≥ 2: row r feeds row r + k, neuron by neuron); 0 for none. */
  readonly skipEvery: number;
  readonly name?: string;
}

function checkWidths(widths: readonly number[]): string | null {
  if (widths.length === 0) return 'give at least one layer width';
  if (widths.length > MAX_STUDIO_LAYERS) return `at most ${MAX_STUDIO_LAYERS} layers`;
  if (widths.some((w) => !Number.isInteger(w) || w < 1 || w > MAX_STUDIO_WIDTH))
    return `layer widths are whole numbers from 1 to ${MAX_STUDIO_WIDTH}`;
  if (widths.reduce((a, b) => a + b, 0) > MAX_NEURONS) return `at most ${MAX_NEURONS} neurons`;
  return null;
}

/** Rows from the input side, neurons numbered 1… from the input side, left to right. */
function numberRows(rowWidths: readonly number[]): number[][] {
  let next = 1;
  return rowWidths.map((w) => Array.from({ length: w }, () => next++));
}

function inputsFor(bottom: readonly number[]): InputConnection[] {
  return bottom.map((neuron, i) => ({ input: i + 1, neuron }));
}

/**
 * A layered draft: fully connected (`density` 1) or sparse (each adjacent
 * edge kept with probability `density`, seeded, then repaired so that every
 * neuron feeds the next row and is fed by the previous one), plus skip links
 * every `skipEvery` layers. Each bottom neuron `n_i` takes its own input `x_i`.
 * @example layeredDraft({ widths: [1, 2, 2], numbering: 'from-loss', density: 1, seed: 0, skipEvery: 2 })
 */
export function layeredDraft(o: LayeredDraftOptions): { ok: true; draft: DraftNetwork } | { ok: false; error: string } {
  const bad = checkWidths(o.widths);
  if (bad) return { ok: false, error: bad };
  if (!(o.density > 0 && o.density <= 1)) return { ok: false, error: 'density is a probability above 0 and at most 1' };
  if (!Number.isInteger(o.skipEvery) || o.skipEvery < 0 || o.skipEvery === 1)
    return { ok: false, error: 'skip links go every k ≥ 2 layers (0 for none)' };
  const rowWidths = o.numbering === 'from-input' ? [...o.widths] : [...o.widths].reverse();
  const rows = numberRows(rowWidths);
  const rng = createRng(o.seed);
  const edges: Edge[] = [];
  const has = new Set<string>();
  const link = (from: number, to: number): void => {
    const key = `${from}-${to}`;
    if (has.has(key)) return;
    has.add(key);
    edges.push({ from, to });
  };
  for (let r = 0; r + 1 < rows.length; r++) {
    const lower = rows[r] as number[];
    const upper = rows[r + 1] as number[];
    const fed = new Set<number>();
    for (const from of lower) {
      let feeds = 0;
      for (const to of upper) {
        if (o.density >= 1 || rng.next() < o.density) {
          link(from, to);
          fed.add(to);
          feeds++;
        }
      }
      if (feeds === 0) {
        const to = rng.pick(upper);
        link(from, to);
        fed.add(to);
      }
    }
    for (const to of upper) if (!fed.has(to)) link(rng.pick(lower), to);
  }
  if (o.skipEvery >= 2) {
    for (let r = 0; r + o.skipEvery < rows.length; r += o.skipEvery) {
      const lower = rows[r] as number[];
      const upper = rows[r + o.skipEvery] as number[];
      lower.forEach((from, i) => link(from, upper[i % upper.length] as number));
    }
  }
  const top = rows[rows.length - 1] as number[];
  const kind = o.density >= 1 ? 'dense' : `sparse, seed ${o.seed}`;
  return {
    ok: true,
    draft: {
      name: o.name ?? `Layered ${o.widths.join(', ')} (${kind}${o.skipEvery >= 2 ? `, skip every ${o.skipEvery}` : ''})`,
      neurons: rows.flat(),
      inputs: inputsFor(rows[0] as number[]),
      edges,
      outputs: [...top],
      numbering: o.numbering,
    },
  };
}

/**
 * `blocks` residual blocks of `width` neurons: an input row, then per block
 * two fully connected rows, and a shortcut from the block's input row to its
 * output row, neuron by neuron (the "gradient highway").
 * @example residualDraft({ width: 2, blocks: 1 }) // rows n1 n2 → n3 n4 → n5 n6, shortcuts n1→n5, n2→n6
 */
export function residualDraft(o: { readonly width: number; readonly blocks: number; readonly name?: string }):
  | { ok: true; draft: DraftNetwork }
  | { ok: false; error: string } {
  if (!Number.isInteger(o.blocks) || o.blocks < 1 || o.blocks > MAX_RESIDUAL_BLOCKS)
    return { ok: false, error: `residual blocks: a whole number from 1 to ${MAX_RESIDUAL_BLOCKS}` };
  const bad = checkWidths(new Array<number>(1 + 2 * o.blocks).fill(o.width));
  if (bad) return { ok: false, error: bad };
  const rows = numberRows(new Array<number>(1 + 2 * o.blocks).fill(o.width));
  const edges: Edge[] = [];
  for (let r = 0; r + 1 < rows.length; r++)
    for (const from of rows[r] as number[]) for (const to of rows[r + 1] as number[]) edges.push({ from, to });
  for (let b = 0; b < o.blocks; b++) {
    const lower = rows[2 * b] as number[];
    const upper = rows[2 * b + 2] as number[];
    lower.forEach((from, i) => edges.push({ from, to: upper[i] as number }));
  }
  return {
    ok: true,
    draft: {
      name: o.name ?? `Residual: ${o.blocks} block${o.blocks > 1 ? 's' : ''} of width ${o.width}`,
      neurons: rows.flat(),
      inputs: inputsFor(rows[0] as number[]),
      edges,
      outputs: [...(rows[rows.length - 1] as number[])],
      numbering: 'from-loss',
    },
  };
}

/** Most time steps a recurrent cell is unrolled over in the studio. */
export const MAX_UNROLL_STEPS = 12;

/**
 * A recurrent cell unrolled over `steps` time steps: neuron `n_t` is the
 * hidden state h_t, fed by input `x_t` through the shared weight `w_{xh}` and
 * by `n_{t-1}` through the shared weight `w_{hh}`. With `outputs: 'last'` only
 * `n_T` feeds E; with `'every'` every step does (a loss summed over time).
 * @example recurrentDraft({ steps: 3, outputs: 'last' }) // n1 → n2 → n3 → E, w_{hh} on n1-n2 and n2-n3
 */
export function recurrentDraft(o: { readonly steps: number; readonly outputs: 'last' | 'every'; readonly name?: string }):
  | { ok: true; draft: DraftNetwork }
  | { ok: false; error: string } {
  if (!Number.isInteger(o.steps) || o.steps < 2 || o.steps > MAX_UNROLL_STEPS)
    return { ok: false, error: `unroll over 2 to ${MAX_UNROLL_STEPS} time steps` };
  const neurons = Array.from({ length: o.steps }, (_, i) => i + 1);
  const edges: Edge[] = neurons.slice(1).map((t) => ({ from: t - 1, to: t }));
  return {
    ok: true,
    draft: {
      name: o.name ?? `Recurrent cell unrolled over ${o.steps} steps`,
      neurons,
      inputs: neurons.map((t) => ({ input: t, neuron: t })),
      edges,
      outputs: o.outputs === 'last' ? [o.steps] : [...neurons],
      numbering: 'from-input',
      shared: [
        { name: 'hh', uses: edges.map((e) => `n${e.from}-n${e.to}`) },
        { name: 'xh', uses: neurons.map((t) => `x${t}-n${t}`) },
      ],
    },
  };
}
