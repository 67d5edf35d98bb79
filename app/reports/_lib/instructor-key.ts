/**
 * The instructor key in the browser: asked for once on the reports pages and
 * kept in localStorage under `gradflow.instructorKey` (a plain string). Sent
 * as `Authorization: Bearer <key>` to the reports API; the host console may
 * read it too, to create games inside a class (`host:create` with
 * `classId` and `instructorKey`).
 */

/** localStorage key of the instructor key. */
export const INSTRUCTOR_KEY_STORAGE = 'gradflow.instructorKey';

/** The stored instructor key, or null. */
export function loadInstructorKey(): string | null {
  try {
    const key = window.localStorage.getItem(INSTRUCTOR_KEY_STORAGE)?.trim();
    return key ? key : null;
  } catch {
    return null;
  }
}

/** Keeps the instructor key on this browser. */
export function saveInstructorKey(key: string): void {
  try {
    window.localStorage.setItem(INSTRUCTOR_KEY_STORAGE, key.trim());
  } catch {
    // Storage disabled: the key is asked for again next time.
  }
}

/** Forgets the instructor key (a shared laptop). */
export function forgetInstructorKey(): void {
  try {
    window.localStorage.removeItem(INSTRUCTOR_KEY_STORAGE);
  } catch {
    // Nothing stored.
  }
}
