'use client';
/**
 * Before the game: pick a pack (Week 09 first), preview every question as
 * students will see it, upload, download or delete a pack (these need the
 * instructor key: asked for when first needed, then kept like on the reports
 * pages), choose options, create the room.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RoomSettings } from '@/engine/game/phases';
import type { PublicQuestion } from '@/engine/protocol';
import { ClassPicker, type ClassChoice } from '../classes/_components/class-picker';
import { LazyNetworkGraph } from '../components/lazy';
import { saveBlob } from '../lib/save-file';
import { Markdown } from '../components/markdown';
import { forgetInstructorKey, loadInstructorKey, saveInstructorKey } from '../reports/_lib/instructor-key';
import { CHOICE_SHAPES, choiceLetter } from '../student/answers/choice-answer';

/** An action that needs the instructor key; answers 'refused' when the server did not accept it. */
type KeyedAction = (key: string) => Promise<'refused' | void>;

/** Whether the packs API refused the key (401 without one, 403 with a wrong one). */
const refusedKey = (status: number) => status === 401 || status === 403;

/** One row of GET /api/packs. */
interface PackSummary {
  readonly id: string;
  readonly title: string;
  readonly questions: number;
  readonly builtin: boolean;
}

interface PackPreview {
  readonly id: string;
  readonly title: string;
  readonly questions: readonly PublicQuestion[];
}

interface UploadError {
  readonly path: string;
  readonly message: string;
}

const WEEK09 = 'week09';

const TYPE_NAMES: Readonly<Record<PublicQuestion['type'], string>> = {
  expression: 'Expression',
  highlight: 'Highlight',
  count: 'Count',
  formula: 'Formula',
  numeric: 'Number',
  choice: 'Choice',
  multi: 'Multi-select',
  truefalse: 'True/false',
  poll: 'Poll',
  local: 'Local derivative',
};

function isPackList(v: unknown): v is PackSummary[] {
  return (
    Array.isArray(v) &&
    v.every((p) => typeof p === 'object' && p !== null && typeof (p as PackSummary).id === 'string')
  );
}

function sortPacks(packs: PackSummary[]): PackSummary[] {
  return [...packs].sort(
    (a, b) =>
      Number(b.id === WEEK09) - Number(a.id === WEEK09) ||
      Number(b.builtin) - Number(a.builtin) ||
      a.title.localeCompare(b.title),
  );
}

export function PackSetup({
  onCreate,
  notice,
}: {
  onCreate: (
    packId: string,
    settings: Partial<RoomSettings>,
    inClass: ClassChoice | null,
  ) => Promise<string | null>;
  notice: string | null;
}) {
  const [packs, setPacks] = useState<PackSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<PackPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [upload, setUpload] = useState<{
    status: 'idle' | 'busy' | 'ok' | 'error';
    errors: UploadError[];
    message?: string;
  }>({ status: 'idle', errors: [] });
  const [settings, setSettings] = useState({ scoring: true, autoAdvance: false, showLeaderboard: true });
  const [creating, setCreating] = useState(false);
  const [inClass, setInClass] = useState<ClassChoice | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [keyPrompt, setKeyPrompt] = useState<{ reason: string; action: KeyedAction } | null>(null);
  const [keyDraft, setKeyDraft] = useState('');
  const [packError, setPackError] = useState<string | null>(null);

  /** Runs `action` with the kept key, or asks for the key first (again when the server refused it). */
  const withKey = useCallback(async (reason: string, action: KeyedAction, key = loadInstructorKey()) => {
    if (!key) {
      setKeyPrompt({ reason, action });
      return;
    }
    if ((await action(key)) === 'refused') {
      forgetInstructorKey();
      setKeyPrompt({ reason: 'The instructor key was not accepted (it may have changed). Enter it again.', action });
    }
  }, []);

  const submitKey = async (e: FormEvent) => {
    e.preventDefault();
    const key = keyDraft.trim();
    if (!key || !keyPrompt) return;
    const { reason, action } = keyPrompt;
    saveInstructorKey(key);
    setKeyDraft('');
    setKeyPrompt(null);
    await withKey(reason, action, key);
  };

  const loadPacks = useCallback(async (select?: string) => {
    try {
      const res = await fetch('/api/packs', { cache: 'no-store' });
      const body: unknown = await res.json();
      if (!isPackList(body)) throw new Error('bad list');
      const sorted = sortPacks(body);
      setPacks(sorted);
      setListError(null);
      setSelected((cur) => select ?? cur ?? sorted[0]?.id ?? null);
    } catch {
      setListError('Could not load the quiz packs. Is the server running?');
    }
  }, []);

  useEffect(() => {
    void loadPacks();
  }, [loadPacks]);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    setPreview(null);
    setPreviewError(null);
    fetch(`/api/packs/${encodeURIComponent(selected)}/preview`, { cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        return (await res.json()) as PackPreview;
      })
      .then((p) => live && setPreview(p))
      .catch(() => live && setPreviewError('Could not load this pack.'));
    return () => {
      live = false;
    };
  }, [selected]);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setUpload({ status: 'busy', errors: [] });
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch (e) {
      setUpload({
        status: 'error',
        errors: [{ path: '', message: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` }],
      });
      return;
    }
    setUpload({ status: 'idle', errors: [] });
    await withKey('Uploading a pack needs the instructor key.', async (key) => {
      setUpload({ status: 'busy', errors: [] });
      try {
        const res = await fetch('/api/packs', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify(json),
        });
        if (refusedKey(res.status)) {
          setUpload({ status: 'idle', errors: [] });
          return 'refused';
        }
        const body = (await res.json()) as { ok: boolean; id?: string; replaced?: boolean; errors?: UploadError[] };
        if (body.ok && body.id) {
          setUpload({ status: 'ok', errors: [], message: `${body.replaced ? 'Replaced' : 'Uploaded'} “${body.id}”.` });
          await loadPacks(body.id);
        } else {
          setUpload({
            status: 'error',
            errors: body.errors ?? [{ path: '', message: `Upload failed (${res.status}).` }],
          });
        }
      } catch {
        setUpload({
          status: 'error',
          errors: [{ path: '', message: 'Upload failed: the server did not answer.' }],
        });
      }
    });
  };

  const download = async (id: string) => {
    setPackError(null);
    await withKey('Downloading a pack (with its answers) needs the instructor key.', async (key) => {
      try {
        const res = await fetch(`/api/packs/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
        if (refusedKey(res.status)) return 'refused';
        if (!res.ok) {
          setPackError(`The download failed (${res.status}).`);
          return;
        }
        saveBlob(await res.blob(), `${id}.json`);
      } catch {
        setPackError('The download failed: the server did not answer.');
      }
    });
  };

  const remove = async (id: string) => {
    setPackError(null);
    await withKey('Deleting a pack needs the instructor key.', async (key) => {
      try {
        const res = await fetch(`/api/packs/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
        if (refusedKey(res.status)) return 'refused';
        if (!res.ok) {
          const body = (await res.json().catch(() => ({}))) as { message?: string };
          setPackError(body.message ?? `The pack was not deleted (${res.status}).`);
          return;
        }
        setUpload({ status: 'ok', errors: [], message: `Deleted “${id}”. Games already created keep their questions.` });
        setSelected(null);
        await loadPacks(WEEK09);
      } catch {
        setPackError('The pack was not deleted: the server did not answer.');
      }
    });
  };

  const create = async () => {
    if (!selected) return;
    setCreating(true);
    setCreateError(null);
    const problem = await onCreate(selected, settings, inClass);
    setCreating(false);
    if (problem) setCreateError(problem);
  };

  const current = packs?.find((p) => p.id === selected) ?? null;

  return (
    <div className="setup" data-testid="host-setup">
      <section className="setup-side panel" aria-labelledby="packs-title">
        <h2 id="packs-title">Quiz packs</h2>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        {listError ? (
          <p className="error" role="alert">
            {listError}
          </p>
        ) : null}
        {packs === null && !listError ? <p className="muted">Loading…</p> : null}
        <ul className="pack-list" role="list">
          {packs?.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                className="pack-item"
                aria-pressed={p.id === selected}
                data-testid={`pack-${p.id}`}
                onClick={() => setSelected(p.id)}
              >
                <span className="pack-title">{p.title}</span>
                <span className="pack-meta">
                  {p.questions} questions · {p.builtin ? 'built in' : 'uploaded'}
                </span>
              </button>
            </li>
          ))}
        </ul>

        <div className="upload">
          <label className="btn btn-block" htmlFor="pack-upload">
            Upload a pack (JSON)…
          </label>
          <input
            id="pack-upload"
            className="sr-only"
            type="file"
            accept="application/json,.json"
            data-testid="pack-upload"
            onChange={(e) => void onFile(e.target.files?.[0]).finally(() => (e.target.value = ''))}
          />
          {keyPrompt ? (
            <form className="key-form" onSubmit={(e) => void submitKey(e)} data-testid="host-key-form">
              <p role="status">{keyPrompt.reason}</p>
              <label htmlFor="host-instructor-key">Instructor key</label>
              <input
                id="host-instructor-key"
                type="password"
                autoComplete="current-password"
                value={keyDraft}
                data-testid="host-key-input"
                onChange={(e) => setKeyDraft(e.target.value)}
                required
              />
              <div className="key-form-actions">
                <button type="submit" className="btn btn-primary" data-testid="host-key-submit">
                  Continue
                </button>
                <button type="button" className="btn" onClick={() => setKeyPrompt(null)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : null}
          {upload.status === 'busy' ? (
            <p className="muted" role="status">
              Uploading…
            </p>
          ) : null}
          {upload.status === 'ok' ? (
            <p className="notice" role="status" data-testid="upload-ok">
              {upload.message}
            </p>
          ) : null}
          {upload.status === 'error' ? (
            <div className="error upload-errors" role="alert" data-testid="upload-errors">
              <p>The pack was not accepted:</p>
              <ul>
                {upload.errors.map((e, i) => (
                  <li key={i}>
                    {e.path ? <code>{e.path}</code> : null} {e.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>

        <fieldset className="options">
          <legend>Options</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.scoring}
              data-testid="opt-scoring"
              onChange={(e) => setSettings((s) => ({ ...s, scoring: e.target.checked }))}
            />
            <span>
              Score points <span className="muted">(off: practice room)</span>
            </span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.autoAdvance}
              data-testid="opt-auto"
              onChange={(e) => setSettings((s) => ({ ...s, autoAdvance: e.target.checked }))}
            />
            <span>Advance automatically after each reveal</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={settings.showLeaderboard}
              data-testid="opt-leaderboard"
              onChange={(e) => setSettings((s) => ({ ...s, showLeaderboard: e.target.checked }))}
            />
            <span>Show the leaderboard between questions</span>
          </label>
          <ClassPicker onChange={setInClass} />
        </fieldset>
        {createError ? (
          <p className="error" role="alert">
            {createError}
          </p>
        ) : null}
        <button
          type="button"
          className="btn btn-primary btn-block btn-xl"
          data-testid="create-room"
          disabled={!selected || creating}
          onClick={() => void create()}
        >
          {creating ? 'Creating…' : 'Create game'}
        </button>
      </section>

      <section className="setup-preview" aria-labelledby="preview-title" data-testid="pack-preview">
        <div className="preview-head">
          <h2 id="preview-title">{preview?.title ?? current?.title ?? 'Preview'}</h2>
          {selected ? (
            <div className="preview-actions">
              <button type="button" className="btn" data-testid="pack-download" onClick={() => void download(selected)}>
                Download JSON
              </button>
              {current && !current.builtin ? (
                <button type="button" className="btn" data-testid="pack-delete" onClick={() => void remove(selected)}>
                  Delete pack
                </button>
              ) : null}
            </div>
          ) : null}
        </div>
        {packError ? (
          <p className="error" role="alert" data-testid="pack-error">
            {packError}
          </p>
        ) : null}
        {previewError ? (
          <p className="error" role="alert">
            {previewError}
          </p>
        ) : null}
        {!preview && !previewError && selected ? <p className="muted">Loading the questions…</p> : null}
        {preview ? (
          <ol className="q-cards">
            {preview.questions.map((q) => (
              <li key={q.id} className="q-card" data-testid="preview-question">
                <div className="q-card-head">
                  <span className="q-card-n">{q.index + 1}</span>
                  <span className="q-card-type">{TYPE_NAMES[q.type]}</span>
                  <span className="muted">{Math.round(q.timeLimitMs / 1000)} s</span>
                  {q.multiplier !== 1 ? <span className="badge">×{q.multiplier}</span> : null}
                  {q.target ? <code>{q.target}</code> : null}
                  {q.params.length > 0 ? <span className="muted">in {q.params.join(', ')}</span> : null}
                </div>
                <Markdown text={q.prompt} className="q-card-prompt" />
                {q.choices.length > 0 ? (
                  <ul className="q-card-choices">
                    {q.choices.map((c, i) => (
                      <li key={i}>
                        <span className={`choice-chip choice-${i % CHOICE_SHAPES.length}`} aria-hidden="true">
                          {CHOICE_SHAPES[i % CHOICE_SHAPES.length]} {choiceLetter(i)}
                        </span>{' '}
                        <Markdown text={c} inline />
                      </li>
                    ))}
                  </ul>
                ) : null}
                {q.network ? (
                  <div className="q-card-net">
                    <LazyNetworkGraph
                      network={q.network}
                      target={q.target}
                      mode="show"
                      size="projector"
                      values={q.numeric?.values}
                      title={`Network of question ${q.index + 1}`}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}
