'use client';
import { useLayoutEffect, type RefObject } from 'react';
import { fitScale } from '../lib/fit-scale';

/** Tolerance for sub-pixel rounding when comparing the page with the window, in CSS pixels. */
const SUBPIXEL = 1;

/**
 * Shrinks the type of `ref`'s element (its `font-size` in em) until the page
 * fits the window's height, down to the readable minimum of `fitScale`;
 * again whenever the element or the window changes size (math rendering
 * late, a projector switching resolution). `content` names what is shown:
 * a new value (another question) fits again from full size.
 */
export function useFitWindow(ref: RefObject<HTMLElement | null>, content: string): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => {
      fitScale((scale) => {
        el.style.fontSize = scale === 1 ? '' : `${scale}em`;
        el.dataset.fitScale = String(scale);
        return document.documentElement.scrollHeight <= window.innerHeight + SUBPIXEL;
      });
    };
    fit();
    // Refit on the next frame, not inside the observer's callback (no resize loop).
    let frame = 0;
    const later = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(fit);
    };
    const observer = new ResizeObserver(later);
    observer.observe(el);
    window.addEventListener('resize', later);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      window.removeEventListener('resize', later);
    };
  }, [ref, content]);
}
