'use client';
/**
 * Math rendered by KaTeX (trust: false). KaTeX is fetched on first use, so
 * the join screen stays lean; until it arrives the LaTeX source is shown.
 */
import { useSyncExternalStore } from 'react';

type Renderer = (latex: string, display: boolean) => string;

let renderer: Renderer | null = null;
let loading: Promise<Renderer> | null = null;
const waiting = new Set<() => void>();

/** Starts loading KaTeX (idempotent); resolves with the renderer. */
export function loadTex(): Promise<Renderer> {
  loading ??= import('./katex-render').then((m) => {
    renderer = m.renderTex;
    for (const cb of waiting) cb();
    return m.renderTex;
  });
  return loading;
}

/** The KaTeX renderer once loaded (null until then); starts the load. */
export function useRenderer(): Renderer | null {
  return useSyncExternalStore(
    (cb) => {
      waiting.add(cb);
      void loadTex();
      return () => waiting.delete(cb);
    },
    () => renderer,
    () => null,
  );
}

/** Inline (or display) math. `label` is what screen readers get while KaTeX loads. */
export function Tex({
  latex,
  display = false,
  className,
}: {
  latex: string;
  display?: boolean;
  className?: string;
}) {
  const render = useRenderer();
  const cls = `tex${display ? ' tex-display' : ''}${className ? ` ${className}` : ''}`;
  if (!render) {
    return (
      <span className={`${cls} tex-pending`} data-latex={latex}>
        {latex}
      </span>
    );
  }
  // KaTeX output with trust: false is the only HTML this app injects.
  return (
    <span className={cls} data-latex={latex} dangerouslySetInnerHTML={{ __html: render(latex, display) }} />
  );
}
