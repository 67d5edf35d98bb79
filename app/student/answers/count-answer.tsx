'use client';
import { useState } from 'react';
import { Keypad, type PadKey } from '../../components/keypad';

/** Longest number the keypad builds. */
const MAX_DIGITS = 18;

const KEYS: readonly PadKey[] = [
  ...['7', '8', '9', '4', '5', '6', '1', '2', '3'].map((d) => ({ id: d, label: d })),
  { id: 'clear', label: 'Clear', kind: 'action' as const },
  { id: '0', label: '0' },
  { id: 'back', label: '⌫', aria: 'Delete last digit', kind: 'action' as const },
];

/** A whole-number answer on a big keypad (the physical keyboard works too). */
export function CountAnswer({
  onSubmit,
  disabled,
}: {
  onSubmit: (value: string) => void;
  disabled: boolean;
}) {
  const [value, setValue] = useState('');
  const press = (id: string) => {
    if (id === 'clear') setValue('');
    else if (id === 'back') setValue((v) => v.slice(0, -1));
    else setValue((v) => (v.length >= MAX_DIGITS ? v : v === '0' ? id : v + id));
  };
  return (
    <form
      className="answer answer-count"
      onSubmit={(e) => {
        e.preventDefault();
        if (value !== '') onSubmit(value);
      }}
    >
      <label className="field-label" htmlFor="count-value">
        Your answer
      </label>
      <input
        id="count-value"
        className="big-value"
        data-testid="count-value"
        inputMode="none"
        autoComplete="off"
        value={value}
        placeholder="0"
        onChange={(e) => setValue(e.target.value.replace(/\D/g, '').slice(0, MAX_DIGITS))}
      />
      <Keypad keys={KEYS} onKey={press} disabled={disabled} columns={3} label="Number keypad" />
      <div className="submit-bar">
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="submit-answer"
          disabled={disabled || value === ''}
        >
          Submit answer
        </button>
      </div>
    </form>
  );
}
