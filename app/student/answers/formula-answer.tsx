'use client';
/**
 * A formula in the question's parameters (e.g. `k`), built on a keypad or
 * typed. The live preview (engine previewFormula, which needs mathjs) is
 * loaded on demand; the keypad works before it arrives.
 */
import { useEffect, useState } from 'react';
import type { PreviewResult } from '@/engine/expr/notes';
import { Keypad, type PadKey } from '../../components/keypad';
import { Tex } from '../../components/tex';

type PreviewFn = (params: readonly string[], answer: string) => PreviewResult;
let previewFn: PreviewFn | null = null;
let previewLoading: Promise<PreviewFn> | null = null;

/** Starts loading the formula preview (mathjs) in the background. */
export function loadFormulaPreview(): Promise<PreviewFn> {
  previewLoading ??= import('@/engine/expr/formula').then((m) => (previewFn = m.previewFormula));
  return previewLoading;
}

/** Codes that mean "could not read": answers with them are not sent. */
const UNREADABLE = new Set([
  'parse/error',
  'parse/empty',
  'parse/too-long',
  'parse/too-complex',
  'parse/ambiguous-index',
]);

const PRETTY: Readonly<Record<string, string>> = { '*': '×', '/': '÷', '-': '−' };
const ASCII: Readonly<Record<string, string>> = { '×': '*', '÷': '/', '−': '-', '·': '*' };
const pretty = (s: string) => s.replace(/[*/-]/g, (c) => PRETTY[c] ?? c);
const ascii = (s: string) => s.replace(/[×÷−·]/g, (c) => ASCII[c] ?? c);

function keysFor(params: readonly string[]): PadKey[] {
  const d = (x: string): PadKey => ({ id: x, label: x });
  const op = (id: string, label: string, aria: string): PadKey => ({ id, label, aria, kind: 'op' });
  // prettier-ignore
  return [
    d('7'), d('8'), d('9'), op('/', '÷', 'divided by'),
    d('4'), d('5'), d('6'), op('*', '×', 'times'),
    d('1'), d('2'), d('3'), op('-', '−', 'minus'),
    d('0'), op('(', '(', 'open bracket'), op(')', ')', 'close bracket'), op('+', '+', 'plus'),
    ...params.map((p): PadKey => ({ id: `param:${p}`, label: p, aria: `parameter ${p}`, kind: 'param' })),
    op('^', '^', 'to the power of'),
    { id: 'back', label: '⌫', aria: 'Delete last character', kind: 'action' },
    // Clear fills the rest of the last row.
    { id: 'clear', label: 'Clear', kind: 'action', span: 4 - ((params.length + 2) % 4) },
  ];
}

export function FormulaAnswer({
  params,
  onSubmit,
  disabled,
}: {
  params: readonly string[];
  onSubmit: (text: string) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState('');
  const [, setLoaded] = useState(previewFn !== null);
  useEffect(() => {
    let live = true;
    void loadFormulaPreview().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);
  const preview = previewFn && text.trim() !== '' ? previewFn(params, text) : null;
  const unreadable = preview?.notes.find((n) => UNREADABLE.has(n.code)) ?? null;

  const press = (id: string) => {
    if (id === 'clear') setText('');
    else if (id === 'back') setText((t) => t.slice(0, -1));
    else if (id.startsWith('param:')) setText((t) => t + id.slice(6));
    else setText((t) => t + id);
  };

  return (
    <form
      className="answer answer-formula"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '' && !unreadable) onSubmit(text.trim());
      }}
    >
      <label className="field-label" htmlFor="formula-text">
        Your formula{params.length > 0 ? ` in ${params.join(', ')}` : ''}
      </label>
      <input
        id="formula-text"
        className="big-value formula-input"
        data-testid="formula-text"
        inputMode="none"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        value={pretty(text)}
        onChange={(e) => setText(ascii(e.target.value))}
      />
      <div className="preview" data-testid="answer-preview" aria-live="polite">
        {text.trim() === '' ? (
          <p className="muted">Build your formula with the keys below.</p>
        ) : !preview ? (
          <p className="muted">Reading your formula…</p>
        ) : unreadable ? (
          <p className="preview-problem" data-testid="preview-problem" role="alert">
            {unreadable.message}
          </p>
        ) : preview.read ? (
          <p>
            <span className="preview-label">We read your answer as </span>
            <Tex latex={preview.read.latex} />
          </p>
        ) : null}
      </div>
      <Keypad keys={keysFor(params)} onKey={press} disabled={disabled} columns={4} label="Formula keypad" />
      <div className="submit-bar">
        <button
          type="submit"
          className="btn btn-primary btn-block"
          data-testid="submit-answer"
          disabled={disabled || text.trim() === '' || unreadable !== null}
        >
          Submit answer
        </button>
      </div>
    </form>
  );
}
