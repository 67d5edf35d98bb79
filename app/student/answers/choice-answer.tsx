'use client';
import type { PublicQuestion } from '@/engine/protocol';
import { ChoiceMark, choiceColour } from '../../components/choice-mark';
import { Markdown } from '../../components/markdown';

// host/pack-setup.tsx imports these from here.
export { CHOICE_SHAPES, choiceLetter } from '../../components/choice-mark';

/** Options longer than this (characters) are laid out one per row. */
const LONG_CHOICE = 28;

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
          className={`choice ${choiceColour(i)}`}
          data-testid={`choice-${i}`}
          disabled={disabled}
          onClick={() => onSubmit(i)}
        >
          <ChoiceMark index={i} />
          <Markdown text={text} inline className="choice-text" />
        </button>
      ))}
    </div>
  );
}
