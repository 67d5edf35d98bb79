'use client';
/** A large on-screen keypad (≥ 44 px keys) for numbers and formulas. */

/** One key: what it inserts (or does) and how it is labelled. */
export interface PadKey {
  readonly id: string;
  /** Visible label. */
  readonly label: string;
  /** Accessible name when the label is a symbol. */
  readonly aria?: string;
  readonly kind?: 'digit' | 'op' | 'param' | 'action';
  /** Columns the key spans (default 1). */
  readonly span?: number;
}

export function Keypad({
  keys,
  onKey,
  disabled,
  columns = 4,
  label,
}: {
  keys: readonly PadKey[];
  onKey: (id: string) => void;
  disabled?: boolean;
  columns?: number;
  label: string;
}) {
  return (
    <div
      className="keypad"
      role="group"
      aria-label={label}
      style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {keys.map((k) => (
        <button
          key={k.id}
          type="button"
          className={`key key-${k.kind ?? 'digit'}`}
          style={k.span && k.span > 1 ? { gridColumn: `span ${k.span}` } : undefined}
          aria-label={k.aria ?? k.label}
          data-key={k.id}
          disabled={disabled}
          onClick={() => onKey(k.id)}
        >
          {k.label}
        </button>
      ))}
    </div>
  );
}
