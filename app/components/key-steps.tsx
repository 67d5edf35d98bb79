/** The step-by-step derivation of an answer key ("walking upwards"), on the phone's reveal and the projector's. */
import { MathLines } from './math-lines';

/** A collapsible list of the key's steps in LaTeX, each wrapping at `=` and `+` (never inside a product that fits); nothing when there are none. */
export function KeySteps({ steps, className, open }: { steps: readonly string[]; className: string; open?: boolean }) {
  if (steps.length === 0) return null;
  return (
    <details className={className} open={open}>
      <summary>Step by step</summary>
      <ol>
        {steps.map((s, i) => (
          <li key={i}>
            <MathLines latex={s} display={false} />
          </li>
        ))}
      </ol>
    </details>
  );
}
