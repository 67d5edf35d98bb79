/**
 * Engine messages and keys in plain-text notation (`∂E/∂n_6`, `w_{2,5}`,
 * `(x_2)_d`, edge ids `n2-n5`) shown with real subscripts and arrows, as
 * text (never HTML).
 */
import type { ReactNode } from 'react';

// A subscript: `_{…}` or `_` plus one run of digits/letters, after a letter or a closing bracket.
const SUBSCRIPT = /([A-Za-z)])_(?:\{([^{}]{1,20})\}|([0-9]+|[a-z]))/g;
// An edge id between node ids: n2-n5, x1-n1, n7-E.
const EDGE = /\b([nx])(\d+)-(?:([nx])(\d+)|E)\b/g;

function subscripts(text: string, key: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(SUBSCRIPT)) {
    const at = m.index ?? 0;
    out.push(text.slice(last, at) + (m[1] ?? ''));
    out.push(<sub key={`${key}.${i++}`}>{m[2] ?? m[3]}</sub>);
    last = at + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** Plain-notation text with subscripts; `edges` also turns edge ids into arrows (n₂→n₅). */
export function PlainMath({ text, edges = false }: { text: string; edges?: boolean }) {
  const source = edges
    ? text.replace(
        EDGE,
        (_all, a: string, i: string, b?: string, j?: string) => `${a}_${i}→${b ? `${b}_${j}` : 'E'}`,
      )
    : text;
  return <>{subscripts(source, 's')}</>;
}
