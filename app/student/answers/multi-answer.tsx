'use client';
import { useState } from 'react';
import type { PublicQuestion } from '@/engine/protocol';
import { ChoiceMark, choiceColour } from '../../components/choice-mark';
import { Markdown } from '../../components/markdown';
import { plural } from '../../lib/format';

/** Options longer than this (characters) are laid out one per row (as for a choice question). */
const LONG_CHOICE = 28;

/** Multi-select: tap options to toggle them (pressed options carry a check, not colour alone), then Submit. */
export function MultiAnswer({
  question,
  onSubmit,
  disabled,
}: {
  question: PublicQuestion;
  onSubmit: (indices: number[]) => void;
  disabled: boolean;
}) {
  const [picked, setPicked] = useState<ReadonlySet<number>>(new Set());
  const toggle = (i: number) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  return (
    <div className="multi-answer">
      <p className="muted" id="multi-hint">
        Pick every right option: a wrong pick costs as much as a right one earns.
      </p>
      <div
        className={`choices${question.choices.some((c) => c.length > LONG_CHOICE) ? ' choices-long' : ''}`}
        role="group"
        aria-label="Options"
        aria-describedby="multi-hint"
      >
        {question.choices.map((text, i) => (
          <button
            key={i}
            type="button"
            className={`choice choice-toggle ${choiceColour(i)}`}
            data-testid={`choice-${i}`}
            aria-pressed={picked.has(i)}
            disabled={disabled}
            onClick={() => toggle(i)}
          >
            <ChoiceMark index={i} />
            <Markdown text={text} inline className="choice-text" />
            <span className="choice-check" aria-hidden="true">
              {picked.has(i) ? '✓' : ''}
            </span>
          </button>
        ))}
      </div>
      <button
        type="button"
        className="btn btn-primary btn-block"
        data-testid="submit-answer"
        disabled={disabled || picked.size === 0}
        onClick={() => onSubmit([...picked].sort((a, b) => a - b))}
      >
        Submit {picked.size > 0 ? `(${plural(picked.size, 'option')})` : ''}
      </button>
    </div>
  );
}
