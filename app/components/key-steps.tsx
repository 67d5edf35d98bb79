/** The step-by-step derivation of an answer key ("walking upwards"), on the phone's reveal and the projector's. */
import { Tex } from './tex';

/** A collapsible list of the key's steps in LaTeX; nothing when there are none. */
export function KeySteps({ steps, className, open }: { steps: readonly string[]; className: string; open?: boolean }) {
  if (steps.length === 0) return null;
  return (
    <details className={className} open={open}>
      <summary>Step by step</summary>
      <ol>
        {steps.map((s, i) => (
          <li key={i}>
            <Tex latex={s} />
          </li>
        ))}
      </ol>
    </details>
  );
}
