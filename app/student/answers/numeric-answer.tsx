'use client';
/**
 * A number answer (numeric questions): typed or built on a keypad, in any
 * of the three forms the engine reads — `0.0123`, `1.23e-2` or `-1/8`. The
 * preview says how it was read (as LaTeX and as a decimal) with the engine's
 * own reader, so an unreadable number is never sent; it never grades.
 */
import { useState } from 'react';
import { formatNumber, readNumberAnswer, MAX_NUMBER_ANSWER_CHARS } from '@/engine/numeric/number-answer';
import { Keypad, type PadKey } from '../../components/keypad';
import { Tex } from '../../components/tex';

const KEYS: readonly PadKey[] = [
  ...['7', '8', '9'].map((d) => ({ id: d, label: d })),
  { id: '/', label: '/', aria: 'fraction bar', kind: 'op' as const },
  ...['4', '5', '6'].map((d) => ({ id: d, label: d })),
  { id: 'e', label: 'e', aria: 'times ten to the power', kind: 'op' as const },
  ...['1', '2', '3'].map((d) => ({ id: d, label: d })),
  { id: '-', label: '−', aria: 'minus', kind: 'op' as const },
  { id: '0', label: '0' },
  { id: '.', label: '.', aria: 'decimal point', kind: 'op' as const },
  { id: 'back', label: '⌫', aria: 'Delete last character', kind: 'action' as const },
  { id: 'clear', label: 'Clear', kind: 'action' as const },
];

export function NumericAnswer({
  tolerance,
  onSubmit,
  disabled,
}: {
  /** How precise the answer must be, e.g. "within 1% of the exact value". */
  tolerance: string | null;
  onSubmit: (text: string) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState('');
  const read = text.trim() === '' ? null : readNumberAnswer(text);
  const ok = read !== null && read.ok;
  const press = (id: string) => {
    if (id === 'clear') setText('');
    else if (id === 'back') setText((t) => t.slice(0, -1));
    else setText((t) => (t.length >= MAX_NUMBER_ANSWER_CHARS ? t : t + id));
  };
  return (
    <form
      className="answer answer-numeric"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onSubmit(text.trim());
      }}
    >
      <label className="field-label" htmlFor="numeric-text">
        Your number
      </label>
      <input
        id="numeric-text"
        className="big-value"
        data-testid="numeric-text"
        inputMode="none"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        placeholder="e.g. -1/8"
        maxLength={MAX_NUMBER_ANSWER_CHARS}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="preview" data-testid="answer-preview" aria-live="polite">
        {read === null ? (
          <p className="muted">
            Type a decimal, 1.23e-2 or a fraction{tolerance ? `, ${tolerance}` : ''}.
          </p>
        ) : !read.ok ? (
          <p className="preview-problem" data-testid="preview-problem" role="alert">
            {read.note.message}
          </p>
        ) : (
          <p>
            <span className="preview-label">We read your answer as </span>
            <Tex latex={read.latex} />
            {read.text.includes('/') || /e/i.test(read.text) ? <span> = {formatNumber(read.number)}</span> : null}
          </p>
        )}
      </div>
      <Keypad keys={KEYS} onKey={press} disabled={disabled} columns={4} label="Number keypad" />
      <div className="submit-bar">
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="submit-answer"
          disabled={disabled || !ok}
        >
          Submit answer
        </button>
      </div>
    </form>
  );
}
