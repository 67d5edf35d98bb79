/** Counts per option as bars (choice, multi-select, true/false and poll questions), on the projector. */
import { choiceColour, choiceLetter, choiceShape } from './choice-mark';
import { Markdown } from './markdown';

/**
 * One row per option: its mark, its text, a bar and the count. Options in
 * `right` carry a check and "Correct:" for screen readers (a poll has none).
 */
export function OptionBars({
  counts,
  choices,
  total,
  right = new Set<number>(),
  testId,
}: {
  counts: readonly number[];
  choices: readonly string[];
  /** The bar of a count equal to `total` is full. */
  total: number;
  right?: ReadonlySet<number>;
  testId: string;
}) {
  return (
    <ul className="h-choice-counts" data-testid={testId}>
      {choices.map((text, i) => {
        const n = counts[i] ?? 0;
        const isKey = right.has(i);
        return (
          <li key={i} className={isKey ? 'is-key' : ''} data-count={n}>
            <span className={`choice-chip ${choiceColour(i)}`}>
              <span aria-hidden="true">{choiceShape(i)} </span>
              {choiceLetter(i)}
            </span>
            <span className="h-cc-text">
              {isKey ? (
                <span className="h-correct-mark">
                  <span aria-hidden="true">✓ </span>
                  <span className="sr-only">Correct: </span>
                </span>
              ) : null}
              <Markdown text={text} inline />
            </span>
            <span className="h-bar-track" aria-hidden="true">
              <span className="h-bar-fill" style={{ width: `${(100 * n) / Math.max(1, total)}%` }} />
            </span>
            <span className="h-bar-n">{n}</span>
          </li>
        );
      })}
    </ul>
  );
}
