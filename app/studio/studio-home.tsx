'use client';
/**
 * /studio: the quiz packs (built-in ones read-only but duplicable), new,
 * duplicate, delete, import and export JSON. Behind the instructor key.
 */
import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { useRouter } from 'next/navigation';
import { duplicateSpec, importPackText } from '@/engine/studio/pack-draft';
import type { PackSpecInput } from '@/engine/quiz/pack-schema';
import { InstructorGate, type InstructorSession } from '../reports/_lib/instructor-gate';
import { deletePack, downloadJson, listPacks, loadPack, savePack, type PackListItem } from './_lib/studio-api';

/** A fresh pack id for a new quiz: `quiz-` and the time in base 36 (unique enough for one instructor). */
function freshId(prefix: string, taken: readonly PackListItem[]): string {
  const stem = `${prefix}-${Date.now().toString(36)}`.slice(0, 60);
  let id = stem;
  for (let k = 2; taken.some((p) => p.id === id); k++) id = `${stem}-${k}`;
  return id;
}

function Home({ session }: { session: InstructorSession }) {
  const router = useRouter();
  const [packs, setPacks] = useState<PackListItem[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ title: string; lines: string[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    const r = await listPacks();
    if (r.ok) setPacks(r.packs);
    else setNotice(r.message);
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const refused = (status: number, message: string): void => {
    if (status === 401 || status === 403) session.onRefused();
    else setNotice(message);
  };

  const duplicate = async (p: PackListItem) => {
    setBusy(true);
    const got = await loadPack(p.id, session.instructorKey);
    if (!got.ok) {
      setBusy(false);
      return refused(got.status, got.message);
    }
    const id = freshId(`${p.id}-copy`.slice(0, 40), packs ?? []);
    const saved = await savePack(duplicateSpec(got.spec as PackSpecInput, id), session.instructorKey, null);
    setBusy(false);
    if (saved.kind === 'saved') {
      setNotice(`Duplicated "${p.title}" as ${id}.`);
      await refresh();
    } else if (saved.kind === 'refused') refused(saved.status, saved.message);
    else setNotice(saved.kind === 'conflict' ? saved.message : saved.errors.map((e) => e.message).join('; '));
  };

  const exportPack = async (p: PackListItem) => {
    const got = await loadPack(p.id, session.instructorKey);
    if (!got.ok) return refused(got.status, got.message);
    downloadJson(`${p.id}.json`, got.spec);
  };

  const remove = async (p: PackListItem) => {
    if (!window.confirm(`Delete "${p.title}" (${p.id})? Games already running keep their questions.`)) return;
    const r = await deletePack(p.id, session.instructorKey);
    if (!r.ok) return refused(r.status, r.message);
    setNotice(`Deleted "${p.title}".`);
    await refresh();
  };

  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setProblems(null);
    const parsed = importPackText(await file.text());
    if (!parsed.ok) {
      setProblems({ title: `${file.name} was not imported: nothing was saved.`, lines: parsed.errors.map((x) => `${x.path || '(file)'}: ${x.message}`) });
      return;
    }
    setBusy(true);
    const saved = await savePack(parsed.spec, session.instructorKey, null);
    setBusy(false);
    if (saved.kind === 'saved') router.push(`/studio/${encodeURIComponent(parsed.spec.id)}`);
    else if (saved.kind === 'conflict') setProblems({ title: `${file.name} was not imported.`, lines: [saved.message] });
    else if (saved.kind === 'invalid') setProblems({ title: `${file.name} was not imported.`, lines: saved.errors.map((x) => `${x.path}: ${x.message}`) });
    else refused(saved.status, saved.message);
  };

  return (
    <>
      <header className="rp-head">
        <div>
          <p className="rp-kicker">gradflow studio</p>
          <h1>Your quizzes</h1>
          <p className="rp-muted">Draw a network, tap targets, and the engine writes every key, explanation and variant.</p>
        </div>
        <div className="rp-head-actions">
          <button type="button" className="rp-btn rp-btn-primary" data-testid="studio-new" onClick={() => router.push(`/studio/${freshId('quiz', packs ?? [])}?new=1`)}>
            New quiz
          </button>
          <label className="rp-btn" data-testid="studio-import">
            Import JSON
            <input type="file" accept="application/json,.json" className="rp-sr-only" onChange={(e) => void importFile(e)} />
          </label>
          <a className="rp-btn" href="/host">
            Host a game
          </a>
          <button type="button" className="rp-btn rp-btn-small" onClick={session.forget}>
            Sign out
          </button>
        </div>
      </header>
      {notice ? (
        <p className="rp-notice" role="status" data-testid="studio-notice">
          {notice}
        </p>
      ) : null}
      {problems ? (
        <div className="rp-error" role="alert" data-testid="studio-import-errors">
          <p>{problems.title}</p>
          <ul>
            {problems.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {packs === null ? (
        <p className="rp-muted">Loading…</p>
      ) : (
        <ul className="st-pack-list" data-testid="studio-packs">
          {packs.map((p) => (
            <li key={p.id} className="rp-card st-pack" data-testid={`studio-pack-${p.id}`}>
              <div>
                <h3>
                  {p.title}
                  {p.builtin ? <span className="rp-tag">built-in, read-only</span> : null}
                </h3>
                <p className="rp-muted">
                  <code>{p.id}</code> · {p.questions} question{p.questions === 1 ? '' : 's'}
                </p>
              </div>
              <div className="rp-head-actions">
                {p.builtin ? null : (
                  <a className="rp-btn rp-btn-small rp-btn-primary" href={`/studio/${encodeURIComponent(p.id)}`} data-testid={`studio-edit-${p.id}`}>
                    Edit
                  </a>
                )}
                <button type="button" className="rp-btn rp-btn-small" disabled={busy} onClick={() => void duplicate(p)} data-testid={`studio-duplicate-${p.id}`}>
                  Duplicate
                </button>
                <button type="button" className="rp-btn rp-btn-small" onClick={() => void exportPack(p)}>
                  Export JSON
                </button>
                {p.builtin ? null : (
                  <button type="button" className="rp-btn rp-btn-small" onClick={() => void remove(p)} data-testid={`studio-delete-${p.id}`}>
                    Delete
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The studio's home page. */
export function StudioHome() {
  return (
    <main className="rp-page st-page">
      <InstructorGate intro="The studio writes quiz packs, which hold their answers, so it is for the instructor." action="Open the studio">
        {(session) => <Home session={session} />}
      </InstructorGate>
    </main>
  );
}
