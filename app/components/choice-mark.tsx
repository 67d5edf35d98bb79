/**
 * How a multiple-choice option is marked, on the phone and the projector
 * alike: a colour, a shape and a letter, so options never differ by colour alone.
 */

/** Shapes beside the colours, one per option colour. */
export const CHOICE_SHAPES = ['▲', '◆', '●', '■', '★', '⬟'] as const;

/** The letter of option `i`: A, B, C … */
export function choiceLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** The shape of option `i`. */
export function choiceShape(i: number): string {
  return CHOICE_SHAPES[i % CHOICE_SHAPES.length] ?? '';
}

/** The colour class of option `i` (`choice-0` … `choice-5`). */
export function choiceColour(i: number): string {
  return `choice-${i % CHOICE_SHAPES.length}`;
}

/** The shape and letter in front of an option's text, with its name for screen readers. */
export function ChoiceMark({ index }: { index: number }) {
  return (
    <>
      <span className="choice-mark" aria-hidden="true">
        <span className="choice-shape">{choiceShape(index)}</span>
        <span className="choice-letter">{choiceLetter(index)}</span>
      </span>
      <span className="sr-only">Option {choiceLetter(index)}: </span>
    </>
  );
}
