'use client';
/**
 * Code that only some screens need, split out of the first-load bundle: the
 * network drawing (layout + network validation), the highlight and
 * expression answer builders. `prefetchHeavy` warms them while the student
 * waits in the lobby.
 */
import dynamic from 'next/dynamic';
import { loadTex } from './tex';

const Loading = ({ what }: { what: string }) => (
  <p className="lazy-loading" role="status">
    Loading {what}…
  </p>
);

export const LazyNetworkGraph = dynamic(() => import('./network-graph').then((m) => m.NetworkGraph), {
  ssr: false,
  loading: () => <Loading what="the network" />,
});

export const LazyHighlightAnswer = dynamic(() => import('../student/answers/highlight-answer'), {
  ssr: false,
  loading: () => <Loading what="the network" />,
});

export const LazyExpressionAnswer = dynamic(() => import('../student/answers/expression-answer'), {
  ssr: false,
  loading: () => <Loading what="the answer builder" />,
});

export const LazyLocalAnswer = dynamic(() => import('../student/answers/local-answer'), {
  ssr: false,
  loading: () => <Loading what="the answer builder" />,
});

let prefetched = false;

/** Downloads KaTeX and the graph/answer builders in the background (once). */
export function prefetchHeavy(): void {
  if (prefetched || typeof window === 'undefined') return;
  prefetched = true;
  const run = () => {
    void loadTex();
    void import('./network-graph');
    void import('../student/answers/highlight-answer');
    void import('../student/answers/expression-answer');
    void import('../student/answers/local-answer');
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 3000 });
  else setTimeout(run, 1000);
}
