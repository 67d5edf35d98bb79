'use client';
/**
 * A long answer key that wraps like text instead of scrolling or clipping:
 * each factor is rendered on its own (display-style fractions), terms wrap
 * after `=` and `+`, and a product breaks after `·` only when it alone is
 * wider than the line (app/lib/math-pieces.ts). Used for keys and steps on
 * the phone and the projector.
 */
import { Fragment } from 'react';
import { mathTerms } from '../lib/math-pieces';
import { useRenderer } from './tex';

/** Math that wraps at its operators; `className` sizes it; `display` renders fractions full size (keys), else text size (steps). */
export function MathLines({ latex, className, display = true }: { latex: string; className?: string; display?: boolean }) {
  const render = useRenderer();
  const terms = mathTerms(latex);
  return (
    <span className={`math-lines${className ? ` ${className}` : ''}`} data-latex={latex}>
      {terms.map((term, i) => (
        <Fragment key={i}>
          {i > 0 ? ' ' : null}
          <span className="math-term">
            {term.map((f, j) => (
              <Fragment key={j}>
                {j > 0 ? ' ' : null}
                <span className="math-factor">
                  {render ? (
                    // KaTeX output with trust: false is the only HTML this app injects.
                    <span className="tex" dangerouslySetInnerHTML={{ __html: render(display ? `\\displaystyle ${f.latex}` : f.latex, false) }} />
                  ) : (
                    <span className="tex tex-pending">{f.latex}</span>
                  )}
                  {f.op ? <span className="math-op">{f.op}</span> : null}
                </span>
              </Fragment>
            ))}
          </span>
        </Fragment>
      ))}
    </span>
  );
}
