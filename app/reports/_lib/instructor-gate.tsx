'use client';
/**
 * Asks for the instructor key once per browser, checks it against the API
 * and keeps it (instructor-key.ts); then renders the page with it. A page
 * whose request is refused calls `onRefused` to ask again.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { apiJson } from './fetch-json';
import { forgetInstructorKey, loadInstructorKey, saveInstructorKey } from './instructor-key';

/** What a gated page gets. */
export interface InstructorSession {
  readonly instructorKey: string;
  /** The API refused the key: forget it and ask again. */
  readonly onRefused: () => void;
  /** Sign out on a shared laptop. */
  readonly forget: () => void;
}

export function InstructorGate({
  children,
  intro = 'Reports and classes are for the instructor.',
  action = 'Open reports',
}: {
  children: (session: InstructorSession) => ReactNode;
  /** What the key opens, first sentence of the form (the studio says its own). */
  intro?: string;
  /** The submit button's label. */
  action?: string;
}) {
  const [key, setKey] = useState<string | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => setKey(loadInstructorKey()), []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const candidate = draft.trim();
    if (!candidate) return;
    setBusy(true);
    const check = await apiJson<unknown>('/api/classes', candidate);
    setBusy(false);
    if (check.ok) {
      saveInstructorKey(candidate);
      setNotice(null);
      setDraft('');
      setKey(candidate);
    } else {
      setNotice(check.status === 403 ? 'That is not the instructor key.' : check.message);
    }
  };

  if (key === undefined) return <p className="rp-muted">Loading…</p>;
  if (key) {
    return children({
      instructorKey: key,
      onRefused: () => {
        forgetInstructorKey();
        setNotice('The instructor key was not accepted (it may have changed). Enter it again.');
        setKey(null);
      },
      forget: () => {
        forgetInstructorKey();
        setKey(null);
      },
    });
  }
  return (
    <form className="rp-card rp-key-form" onSubmit={(e) => void submit(e)} data-testid="instructor-key-form">
      <h2>Instructor key</h2>
      <p className="rp-muted">
        {intro} The server printed the key when it first started (or it is the value of{' '}
        <code>GRADFLOW_INSTRUCTOR_KEY</code>). This browser keeps it until you sign out.
      </p>
      {notice ? (
        <p className="rp-error" role="alert">
          {notice}
        </p>
      ) : null}
      <label className="rp-label" htmlFor="instructor-key">
        Key
      </label>
      <div className="rp-row">
        <input
          id="instructor-key"
          className="rp-input"
          type="password"
          autoComplete="current-password"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          required
        />
        <button type="submit" className="rp-btn rp-btn-primary" disabled={busy}>
          {busy ? 'Checking…' : action}
        </button>
      </div>
    </form>
  );
}
