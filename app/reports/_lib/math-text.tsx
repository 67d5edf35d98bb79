'use client';
/**
 * Text with `$…$` (inline) and `$$…$$` (display) LaTeX, as quiz prompts are
 * written, rendered with KaTeX (trust off: the only HTML injected).
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

type Part = { kind: 'text'; text: string } | { kind: 'math'; tex: string; display: boolean };

/** Splits text into plain and math parts. */
export function splitMath(text: string): Part[] {
  const parts: Part[] = [];
  const re = /\$\$([^$]+)\$\$|\$([^$]+)\$/gu;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    parts.push({ kind: 'math', tex: (m[1] ?? m[2] ?? '').trim(), display: m[1] !== undefined });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

function render(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml' });
}

/** Quantities the engine writes in plain notes (`w_{2,5}`, `n_7`, `(v_{1,1})_d`, `(x_2)_d`), as `$…$`. */
const PLAIN_QUANTITY = /\(([vx])_(\{[\d, ]+\}|\d+)\)_d|\b([wnvx])_(\{[\d, ]+\}|\d+)/gu;

/** Marks the quantities of an engine note as math (text that already has `$` is left alone). */
export function markQuantities(text: string): string {
  if (text.includes('$')) return text;
  return text.replace(PLAIN_QUANTITY, (m) => `$${m}$`);
}

/** A prompt or note with its math typeset; `plain` marks the quantities of an engine note first. */
export function MathText({ text, className, plain = false }: { text: string; className?: string; plain?: boolean }) {
  const parts = useMemo(() => splitMath(plain ? markQuantities(text) : text), [text, plain]);
  return (
    <span className={className}>
      {parts.map((p, i) =>
        p.kind === 'text' ? (
          <span key={i}>{p.text.replace(/\*\*/gu, '')}</span>
        ) : (
          <span key={i} className={p.display ? 'rp-math-display' : undefined} dangerouslySetInnerHTML={{ __html: render(p.tex, p.display) }} />
        ),
      )}
    </span>
  );
}

/** One LaTeX formula. */
export function Latex({ tex, display = false }: { tex: string; display?: boolean }) {
  const html = useMemo(() => render(tex, display), [tex, display]);
  return <span className={display ? 'rp-math-display' : undefined} dangerouslySetInnerHTML={{ __html: html }} />;
}
