/** Number and date formats of the report pages (fixed locale, so every screen reads the same). */

const LOCALE = 'en-GB';

/** 0.5 → "50%"; null → "–". */
export function percent(rate: number | null): string {
  return rate === null ? '–' : `${Math.round(rate * 100)}%`;
}

/** 2400 → "2.4 s"; null → "–". */
export function seconds(ms: number | null): string {
  return ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}

/** 12345 → "12,345". */
export function points(n: number): string {
  return n.toLocaleString(LOCALE);
}

/** A date and time: "27 Nov 2026, 09:30". */
export function dateTime(ms: number): string {
  return new Date(ms).toLocaleString(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A short date: "27 Nov". */
export function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(LOCALE, { day: 'numeric', month: 'short' });
}

/** Question types as people say them. */
export const TYPE_NAMES = {
  expression: 'Expression',
  highlight: 'Highlight',
  count: 'Count',
  formula: 'Formula',
  choice: 'Choice',
  multi: 'Multi-select',
  truefalse: 'True/false',
  poll: 'Poll',
  numeric: 'Number',
  local: 'Local derivative',
} as const;

/** Verdicts as words, with a symbol that does not rely on colour. */
export const VERDICTS = {
  correct: { symbol: '✓', text: 'Correct' },
  partial: { symbol: '◐', text: 'Partly right' },
  wrong: { symbol: '✗', text: 'Wrong' },
  none: { symbol: '–', text: 'No answer' },
  absent: { symbol: '·', text: 'Not in the game yet' },
  voted: { symbol: '●', text: 'Voted' },
} as const;

/** Question statuses as words. */
export const STATUSES = { scored: 'Scored', skipped: 'Skipped (no points)', unscored: 'Open when the game ended (no points)' } as const;
