/**
 * Undo and redo for the studio: a history of drafts (or any immutable value).
 * Every function is pure and returns a new history.
 */

/** Most edits kept for undo; older ones are dropped. */
export const MAX_UNDO_STEPS = 200;

/** The value being edited, with what undo and redo lead back to. */
export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
}

/** A history holding only `present`. */
export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/**
 * Records `next` as the new present (clearing redo). The same object as the
 * present records nothing, so a refused edit leaves no empty undo step.
 */
export function record<T>(h: History<T>, next: T): History<T> {
  if (next === h.present) return h;
  const past = [...h.past, h.present];
  return { past: past.length > MAX_UNDO_STEPS ? past.slice(past.length - MAX_UNDO_STEPS) : past, present: next, future: [] };
}

/** True when there is an edit to undo. */
export function canUndo<T>(h: History<T>): boolean {
  return h.past.length > 0;
}

/** True when there is an undone edit to redo. */
export function canRedo<T>(h: History<T>): boolean {
  return h.future.length > 0;
}

/** Goes back one edit (unchanged when there is none). */
export function undo<T>(h: History<T>): History<T> {
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: h.past[h.past.length - 1] as T, future: [h.present, ...h.future] };
}

/** Goes forward one undone edit (unchanged when there is none). */
export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  return { past: [...h.past, h.present], present: h.future[0] as T, future: h.future.slice(1) };
}
