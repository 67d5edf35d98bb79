'use client';
/**
 * /studio/<packId>: one pack in the studio. Loads it with its version,
 * keeps every edit in an undo/redo history (engine/studio), validates live,
 * and saves through the packs API with the version check: a save from a
 * stale tab is refused with the server's conflict message and nothing is
 * half-saved. Built-in packs open read-only.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Target } from '@/engine/types';
import type { History } from '@/engine/studio/history';
import { canRedo, canUndo, record, redo, startHistory, undo } from '@/engine/studio/history';
import type { PackEditResult, StudioPack, StudioQuestionType } from '@/engine/studio/pack-draft';
import {
  addQuestion,
  addQuestions,
  changeQuestionType,
  compileStudio,
  moveQuestion,
  newStudioPack,
  removeQuestion,
  setNetworkDraft,
  setQuestionTarget,
  setTitle,
  studioFromSpec,
  studioToSpec,
  updateQuestion,
} from '@/engine/studio/pack-draft';
import { validateDraft } from '@/engine/studio/validate';
import { resolveNetworkEntry } from '@/engine/quiz/pack-networks';
import type { PackQuestionInput } from '@/engine/quiz/pack-schema';
import { InstructorGate, type InstructorSession } from '../../reports/_lib/instructor-gate';
import { downloadJson, listPacks, loadPack, savePack } from '../_lib/studio-api';
import { NetworkPanel } from './network-panel';
import { QuestionPanel } from './question-panel';

type Loaded =
  | { readonly state: 'loading' }
  | { readonly state: 'missing'; readonly message: string }
  | { readonly state: 'ready'; readonly builtin: boolean };

type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: string }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'error'; readonly lines: readonly string[] };

function Editor({ packId, session }: { packId: string; session: InstructorSession }) {
  const [isNew] = useState(() => typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('new') === '1');
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [history, setHistory] = useState<History<StudioPack> | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const [savedJson, setSavedJson] = useState<string | null>(null);
  const [tab, setTab] = useState<'network' | 'questions'>('network');
  const [netId, setNetId] = useState<string>('net');
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [editError, setEditError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoaded({ state: 'loading' });
    const [got, list] = await Promise.all([loadPack(packId, session.instructorKey), listPacks()]);
    const builtin = list.ok && list.packs.some((p) => p.id === packId && p.builtin);
    if (!got.ok) {
      if (got.status === 401 || got.status === 403) return session.onRefused();
      if (got.status === 404 && isNew) {
        const fresh = newStudioPack(packId);
        setHistory(startHistory(fresh));
        setVersion(null);
        setSavedJson(null);
        setNetId(fresh.networks[0]?.id ?? 'net');
        setLoaded({ state: 'ready', builtin: false });
        return;
      }
      setLoaded({ state: 'missing', message: got.message });
      return;
    }
    const pack = studioFromSpec(got.spec);
    if (!pack.ok) {
      setLoaded({ state: 'missing', message: `This pack could not be opened: ${pack.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` });
      return;
    }
    setHistory(startHistory(pack.pack));
    setVersion(got.version);
    setSavedJson(JSON.stringify(studioToSpec(pack.pack)));
    setNetId(pack.pack.networks[0]?.id ?? 'net');
    setSave({ kind: 'idle' });
    setLoaded({ state: 'ready', builtin });
  }, [packId, session, isNew]);
  useEffect(() => void load(), [load]);

  const pack = history?.present ?? null;
  const network = pack?.networks.find((n) => n.id === netId) ?? pack?.networks[0] ?? null;
  const validation = useMemo(() => (network ? validateDraft(network.draft) : null), [network]);
  // A network not edited yet is saved as loaded (a built-in id, a generator, layout hints): draw that one for targets.
  const questionNetwork = useMemo(() => {
    if (!network?.original) return validation?.network ?? null;
    const r = resolveNetworkEntry(network.original, `networks.${network.id}`);
    return r.ok ? r.network : null;
  }, [network, validation]);
  const compiled = useMemo(() => (pack ? compileStudio(pack) : null), [pack]);
  const dirty = pack !== null && JSON.stringify(studioToSpec(pack)) !== savedJson;
  const readOnly = loaded.state === 'ready' && loaded.builtin;

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const edit = (r: PackEditResult): void => {
    if (!r.ok) {
      setEditError(r.error);
      return;
    }
    setEditError(null);
    setHistory((h) => (h ? record(h, r.pack) : h));
    if (save.kind === 'saved') setSave({ kind: 'idle' });
  };

  const doSave = async (): Promise<void> => {
    if (!pack || !compiled) return;
    const blocking = [
      ...pack.networks.flatMap((n) => validateDraft(n.draft).issues.filter((i) => i.blocking).map((i) => `${n.id}: ${i.message}`)),
      ...compiled.problems.map((p) => `${p.path || 'pack'}: ${p.message}`),
    ];
    if (blocking.length > 0) {
      setSave({ kind: 'error', lines: [`Nothing was saved: fix ${blocking.length === 1 ? 'this problem' : `these ${blocking.length} problems`} first.`, ...blocking] });
      return;
    }
    setSave({ kind: 'saving' });
    const spec = studioToSpec(pack);
    const r = await savePack(spec, session.instructorKey, version);
    switch (r.kind) {
      case 'saved':
        setVersion(r.version);
        setSavedJson(JSON.stringify(spec));
        setSave({ kind: 'saved', at: new Date().toLocaleTimeString() });
        if (isNew) window.history.replaceState(null, '', `/studio/${encodeURIComponent(pack.id)}`);
        return;
      case 'conflict':
        setSave({ kind: 'conflict', message: r.message });
        return;
      case 'invalid':
        setSave({ kind: 'error', lines: ['Nothing was saved: the server found problems.', ...r.errors.map((e) => `${e.path}: ${e.message}`)] });
        return;
      case 'refused':
        if (r.status === 401 || r.status === 403) session.onRefused();
        else setSave({ kind: 'error', lines: [r.message] });
        return;
    }
  };

  if (loaded.state === 'loading' || (loaded.state === 'ready' && !pack)) return <p className="rp-muted">Loading…</p>;
  if (loaded.state === 'missing' || !pack || !network || !validation || !compiled) {
    return (
      <div className="rp-card">
        <p className="rp-error" role="alert">
          {loaded.state === 'missing' ? loaded.message : 'No such pack.'}
        </p>
        <a href="/studio">Back to the studio</a>
      </div>
    );
  }

  const problemsCount = compiled.problems.length + validation.issues.filter((i) => i.blocking).length;
  return (
    <>
      <p className="rp-back">
        <a href="/studio">← All quizzes</a>
      </p>
      <header className="rp-head st-head">
        <div className="st-title">
          <label className="rp-label" htmlFor="pack-title">
            Quiz title <span className="rp-muted">(id <code data-testid="pack-id">{pack.id}</code>)</span>
          </label>
          <input
            id="pack-title"
            className="rp-input"
            value={pack.title}
            disabled={readOnly}
            onChange={(e) => edit(setTitle(pack, e.target.value))}
            data-testid="pack-title"
          />
          {compiled.problems
            .filter((p) => p.place.kind === 'pack' && p.place.field === 'title')
            .map((p, i) => (
              <p key={i} className="rp-error st-field-error" role="alert">
                {p.message}
              </p>
            ))}
        </div>
        <div className="rp-head-actions" role="toolbar" aria-label="Pack">
          <button type="button" className="rp-btn rp-btn-small" disabled={readOnly || !history || !canUndo(history)} onClick={() => setHistory((h) => (h ? undo(h) : h))} data-testid="undo">
            Undo
          </button>
          <button type="button" className="rp-btn rp-btn-small" disabled={readOnly || !history || !canRedo(history)} onClick={() => setHistory((h) => (h ? redo(h) : h))} data-testid="redo">
            Redo
          </button>
          <button type="button" className="rp-btn rp-btn-small" onClick={() => downloadJson(`${pack.id}.json`, studioToSpec(pack))}>
            Export JSON
          </button>
          {readOnly ? null : (
            <button type="button" className="rp-btn rp-btn-primary" disabled={save.kind === 'saving'} onClick={() => void doSave()} data-testid="save">
              {save.kind === 'saving' ? 'Saving…' : dirty || version === null ? 'Save' : 'Saved'}
            </button>
          )}
        </div>
      </header>
      <div aria-live="polite">
        {save.kind === 'saved' ? (
          <p className="rp-notice" data-testid="save-status">
            Saved at {save.at}. New games use this version; games already running keep theirs. <a href="/host">Host a game</a>
          </p>
        ) : null}
        {save.kind === 'conflict' ? (
          <div className="rp-error" role="alert" data-testid="save-conflict">
            <p>{save.message}</p>
            <button type="button" className="rp-btn rp-btn-small" onClick={() => void load()}>
              Reload the saved version (your changes here are dropped)
            </button>
          </div>
        ) : null}
        {save.kind === 'error' ? (
          <div className="rp-error" role="alert" data-testid="save-error">
            <ul>
              {save.lines.map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {editError ? (
          <p className="rp-error" role="alert">
            {editError}
          </p>
        ) : null}
        {readOnly ? <p className="rp-notice">Built-in packs are read-only. Duplicate it on the studio page to make your own copy.</p> : null}
      </div>
      <nav className="rp-toc st-tabs" aria-label="Studio sections">
        <button type="button" className={`st-tab${tab === 'network' ? ' is-on' : ''}`} aria-pressed={tab === 'network'} onClick={() => setTab('network')} data-testid="tab-network">
          Network
        </button>
        <button type="button" className={`st-tab${tab === 'questions' ? ' is-on' : ''}`} aria-pressed={tab === 'questions'} onClick={() => setTab('questions')} data-testid="tab-questions">
          Questions ({pack.questions.length})
        </button>
        {pack.networks.length > 1 ? (
          <label className="st-netpick">
            Network
            <select className="rp-input" value={network.id} onChange={(e) => setNetId(e.target.value)}>
              {pack.networks.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id}: {n.draft.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <span className={problemsCount === 0 ? 'st-ok' : 'st-bad'} data-testid="problem-count">
          {problemsCount === 0 ? '✓ ready to save' : `${problemsCount} problem${problemsCount === 1 ? '' : 's'}`}
        </span>
      </nav>
      {compiled.problems.some((p) => (p.place.kind === 'pack' && p.place.field !== 'title') || (p.place.kind === 'network' && tab === 'questions')) ? (
        <ul className="st-field-errors" data-testid="pack-problems">
          {compiled.problems
            .filter((p) => (p.place.kind === 'pack' && p.place.field !== 'title') || (p.place.kind === 'network' && tab === 'questions'))
            .map((p, i) => (
              <li key={i}>
                {p.path === 'questions' ? 'No questions yet: add one on the Questions tab (a pack needs at least one).' : `${p.path}: ${p.message}`}
              </li>
            ))}
        </ul>
      ) : null}
      {tab === 'network' ? (
        <NetworkPanel draft={network.draft} validation={validation} readOnly={readOnly} onChange={(d) => edit(setNetworkDraft(pack, network.id, d))} />
      ) : (
        <QuestionPanel
          title={pack.title}
          questions={pack.questions}
          networkId={network.id}
          network={questionNetwork}
          numbering={network.draft.numbering}
          compiled={compiled}
          readOnly={readOnly}
          onAdd={(type: StudioQuestionType, target: Target | null) => edit(addQuestion(pack, type, network.id, target, network.draft.numbering))}
          onUpdate={(i, patch) => edit(updateQuestion(pack, i, patch))}
          onType={(i, type) => edit(changeQuestionType(pack, i, type))}
          onTarget={(i, t) => edit(setQuestionTarget(pack, i, t))}
          onMove={(i, d) => edit(moveQuestion(pack, i, d))}
          onRemove={(i) => edit(removeQuestion(pack, i))}
          onSuggested={(qs: readonly PackQuestionInput[]) => edit(addQuestions(pack, qs))}
        />
      )}
    </>
  );
}

/** The studio's editor page. */
export function StudioEditor({ packId }: { packId: string }) {
  return (
    <main className="rp-page st-page st-editor">
      <InstructorGate intro="The studio writes quiz packs, which hold their answers, so it is for the instructor." action="Open the studio">
        {(session) => <Editor packId={packId} session={session} />}
      </InstructorGate>
    </main>
  );
}
