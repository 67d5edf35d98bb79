/**
 * What the chip-built answers share (gradient expressions and local
 * derivatives): appending and deleting whole chips, and the operator row.
 */
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
