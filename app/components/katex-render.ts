/**
 * KaTeX and its stylesheet (fonts bundled by the build, no CDN). Loaded on
 * demand by tex.tsx so pages that show no math never download it.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

const cache = new Map<string, string>();
/** Entries kept in the render cache before it is cleared. */
const CACHE_LIMIT = 500;

/** Renders LaTeX to HTML with untrusted-input settings: no \href, \url, \htmlClass …, no exceptions. */
export function renderTex(latex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${latex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const html = katex.renderToString(latex, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    strict: 'ignore',
    output: 'htmlAndMathml',
    maxSize: 20,
    maxExpand: 200,
  });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, html);
  return html;
}
