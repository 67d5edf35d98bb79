'use client';
/**
 * What the chip-built answers share (gradient expressions and local
 * derivatives): the whole answer form — the network to look at, chips or
 * typing, the live "We read your answer as …" preview, submit — with
 * appending and deleting whole chips and the operator row.
 */
import { useState, type ReactNode } from 'react';
import { UNGRADED_CODES, type NoteCode, type PreviewResult } from '@/engine/expr/notes';
import { NetworkGraph } from '../../components/network-graph';
import { Tex } from '../../components/tex';

/** An operator key of the chip pad. */
export interface OperatorKey {
  readonly text: string;
  readonly label: string;
  readonly aria: string;
}

/** Appends a token with one space between tokens. */
export function appendToken(text: string, token: string): string {
  const t = text.trimEnd();
  return t === '' ? token : `${t} ${token}`;
}

/** Removes the last token: a whole chip when the text ends with one, else one character. */
export function backspaceToken(text: string, chips: readonly { readonly text: string }[]): string {
  const t = text.trimEnd();
  let longest = '';
  for (const c of chips) if (t.endsWith(c.text) && c.text.length > longest.length) longest = c.text;
  return (longest ? t.slice(0, -longest.length) : t.slice(0, -1)).trimEnd();
}

/** A chip showing math, named for screen readers by its spoken words (not an aria-label that would differ from the visible math). */
export function MathChip({ latex, label, disabled, onClick, data }: { latex: string; label: string; disabled: boolean; onClick: () => void; data: Record<string, string> }) {
  return (
    <button type="button" className="chip" disabled={disabled} onClick={onClick} {...data}>
      <span aria-hidden="true">
        <Tex latex={latex} />
      </span>
      <span className="sr-only">{label}</span>
    </button>
  );
}

/** The operator row: the operators, delete the last piece, clear. */
export function OperatorRow({
  operators,
  text,
  setText,
  chips,
  disabled,
}: {
  operators: readonly OperatorKey[];
  text: string;
  setText: (update: (t: string) => string) => void;
  chips: readonly { readonly text: string }[];
  disabled: boolean;
}) {
  return (
    <div className="chips chips-ops" role="group" aria-label="Operators">
      {operators.map((o) => (
        <button key={o.text} type="button" className="chip chip-op" aria-label={o.aria} data-op={o.text} disabled={disabled} onClick={() => setText((t) => appendToken(t, o.text))}>
          {o.label}
        </button>
      ))}
      <button type="button" className="chip chip-op" aria-label="Delete last piece" data-op="back" disabled={disabled || text === ''} onClick={() => setText((t) => backspaceToken(t, chips))}>
        ⌫
      </button>
      <button type="button" className="chip chip-op" data-op="clear" disabled={disabled || text === ''} onClick={() => setText(() => '')}>
        Clear
      </button>
    </div>
  );
}

/** A chip of the pad: what it shows, its spoken name, the text it appends and the group it sits in. */
export interface PadChip {
  readonly key: string;
  readonly latex: string;
  readonly label: string;
  readonly text: string;
  readonly group: string;
}

/** The whole chip pad: the chips under their group titles (empty groups left out), then the operator row. */
export function ChipBuilder({
  groups,
  chips,
  dataKey,
  operators,
  text,
  setText,
  disabled,
}: {
  groups: readonly { readonly id: string; readonly title: string }[];
  chips: readonly PadChip[];
  /** The data attribute that names each chip for tests (`data-atom`, `data-symbol`). */
  dataKey: string;
  operators: readonly OperatorKey[];
  text: string;
  setText: (update: (t: string) => string) => void;
  disabled: boolean;
}) {
  return (
    <div className="chip-builder">
      {groups.map((g) => {
        const inGroup = chips.filter((c) => c.group === g.id);
        if (inGroup.length === 0) return null;
        return (
          <div key={g.id} className="chip-group" role="group" aria-label={g.title}>
            <p className="chip-group-title">{g.title}</p>
            <div className="chips">
              {inGroup.map((c) => (
                <MathChip key={c.key} latex={c.latex} label={c.label} disabled={disabled} data={{ [dataKey]: c.key }} onClick={() => setText((t) => appendToken(t, c.text))} />
              ))}
            </div>
          </div>
        );
      })}
      <OperatorRow operators={operators} text={text} setText={setText} chips={chips} disabled={disabled} />
    </div>
  );
}

/** Typing instead of chips: the labelled text box and a hint on how to write. */
export function TypedAnswer({ id, rows, placeholder, hint, text, setText }: { id: string; rows: number; placeholder: string; hint: ReactNode; text: string; setText: (text: string) => void }) {
  return (
    <div className="typed">
      <label className="field-label" htmlFor={id}>
        Your answer
      </label>
      <textarea
        id={id}
        className="text-input"
        data-testid="expression-text"
        rows={rows}
        autoCapitalize="off"
        autoComplete="off"
        spellCheck={false}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
      />
      <p className="hint">{hint}</p>
    </div>
  );
}

/**
 * A chip-built answer: the question's network (folded away on demand), chips or typing, the preview (`read` parses,
 * never grades), and submit. An answer the preview cannot read cannot be sent (no penalty).
 */
export function ChipAnswerForm({
  className,
  network,
  target,
  pad,
  typed,
  read,
  lhsLatex,
  showWarnings,
  onSubmit,
  disabled,
}: {
  className: string;
  network: unknown;
  /** The target highlighted on the network, if any. */
  target: string | null;
  /** The chips, or null when the network cannot make them (typing only). */
  pad: { groups: readonly { readonly id: string; readonly title: string }[]; chips: readonly PadChip[]; dataKey: string; operators: readonly OperatorKey[] } | null;
  typed: { id: string; rows: number; placeholder: string; hint: ReactNode };
  /** Reads a non-empty answer for the preview; null when it cannot be read here. */
  read: (text: string) => PreviewResult | null;
  /** The left-hand side shown before the read answer, or null. */
  lhsLatex: (text: string) => string | null;
  /** Whether notes that do not block sending are shown under the preview. */
  showWarnings: boolean;
  onSubmit: (text: string) => void;
  disabled: boolean;
}) {
  const [mode, setMode] = useState<'chips' | 'type'>('chips');
  const [text, setText] = useState('');
  const [showNet, setShowNet] = useState(true);
  const preview = text.trim() !== '' ? read(text) : null;
  const unreadable = preview?.notes.find((n) => UNGRADED_CODES.has(n.code as NoteCode)) ?? null;
  const warnings = showWarnings ? (preview?.notes.filter((n) => !UNGRADED_CODES.has(n.code as NoteCode)) ?? []) : [];
  const chipMode = mode === 'chips' && pad !== null;
  const lhs = preview?.read ? lhsLatex(text) : null;

  return (
    <form
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '' && !unreadable) onSubmit(text.trim());
      }}
    >
      {network ? (
        <details className="net-details" open={showNet} onToggle={(e) => setShowNet(e.currentTarget.open)}>
          <summary>
            <span aria-hidden="true">{showNet ? '▾' : '▸'}</span>&nbsp;
            {showNet ? 'Hide the network' : 'Show the network'}
          </summary>
          <NetworkGraph network={network} target={target} mode="show" title="The network of this question" />
        </details>
      ) : null}

      <div className="seg" role="group" aria-label="How to enter the answer">
        <button type="button" className="seg-btn" aria-pressed={chipMode} disabled={!pad} onClick={() => setMode('chips')}>
          Tap chips
        </button>
        <button type="button" className="seg-btn" aria-pressed={!chipMode} data-testid="mode-type" onClick={() => setMode('type')}>
          Type it
        </button>
      </div>

      <div className="preview preview-expression" data-testid="answer-preview" aria-live="polite">
        {text.trim() === '' ? (
          <p className="muted">{chipMode ? 'Tap the chips below to build your answer.' : 'Type your answer below.'}</p>
        ) : unreadable ? (
          <p className="preview-problem" data-testid="preview-problem" role="alert">
            {unreadable.message}
          </p>
        ) : preview?.read ? (
          <>
            <p className="preview-label">We read your answer as</p>
            <p className="preview-math">
              <Tex latex={lhs ? `${lhs} = ${preview.read.latex}` : preview.read.latex} />
            </p>
          </>
        ) : null}
        {warnings.map((w, i) => (
          <p key={i} className="preview-warning">
            {w.message}
          </p>
        ))}
      </div>

      {chipMode && pad ? (
        <ChipBuilder groups={pad.groups} chips={pad.chips} dataKey={pad.dataKey} operators={pad.operators} text={text} setText={setText} disabled={disabled} />
      ) : (
        <TypedAnswer id={typed.id} rows={typed.rows} placeholder={typed.placeholder} hint={typed.hint} text={text} setText={setText} />
      )}

      <div className="submit-bar">
        <button type="submit" className="btn btn-primary btn-block" data-testid="submit-answer" disabled={disabled || text.trim() === '' || unreadable !== null}>
          Submit answer
        </button>
      </div>
    </form>
  );
}
