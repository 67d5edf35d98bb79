'use client';
import type { PublicQuestion } from '@/engine/protocol';
import { Markdown } from '../../components/markdown';

/** Shapes and letters beside the colours, so options never differ by colour alone. */
export const CHOICE_SHAPES = ['▲', '◆', '●', '■', '★', '⬟'] as const;

/** Options longer than this (characters) are laid out one per row. */
const LONG_CHOICE = 28;

/** The letter of option `i`: A, B, C … */
export function choiceLetter(i: number): string {
  return String.fromCharCode(65 + i);
}

/** Big coloured option buttons; one tap answers. */
export function ChoiceAnswer({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (index: number) => void;
  disabled: boolean;
}) {
  return (
    <div
      className={`choices${question.choices.some((c) => c.length > LONG_CHOICE) ? ' choices-long' : ''}`}
      role="group"
      aria-label="Options"
    >
      {question.choices.map((text, i) => (
        <button
          key={i}
          type="button"
          className={`choice choice-${i % CHOICE_SHAPES.length}`}
          data-testid={`choice-${i}`}
          disabled={disabled}
          onClick={() => onSubmit(i)}
        >
          <span className="choice-mark" aria-hidden="true">
            <span className="choice-shape">{CHOICE_SHAPES[i % CHOICE_SHAPES.length]}</span>
            <span className="choice-letter">{choiceLetter(i)}</span>
          </span>
          <span className="sr-only">Option {choiceLetter(i)}: </span>
          <Markdown text={text} inline className="choice-text" />
        </button>
      ))}
    </div>
  );
}
