'use client';
/**
 * One class for the instructor (`/reports/classes/<classId>`): assign a pack,
 * some of its questions or a finished game's questions with opening and
 * closing times; the class's assignments with their student links; the roster
 * of student identifiers (typed in or imported as CSV); the Canvas and Moodle
 * gradebook downloads.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AssignmentListResponse, RosterResponse, RosterRow } from '@/engine/assignments';
import type { PublicQuestion } from '@/engine/protocol';
import type { ClassListResponse, ReportListResponse } from '@/engine/reports';
import { apiRequest, toLocalInput } from '../../../assignments/_lib/request';
import '../../../assignments/assignments.css';
import { downloadWithKey } from '../../_lib/fetch-json';
import { dateTime, TYPE_NAMES } from '../../_lib/format';
import { InstructorGate, type InstructorSession } from '../../_lib/instructor-gate';
import { MathText } from '../../_lib/math-text';
import '../../_lib/reports.css';

/** How long a new assignment stays open unless the instructor says otherwise. */
const DEFAULT_OPEN_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_ATTEMPTS = 3;
const MAX_ATTEMPTS = 10;

interface PackSummary {
  readonly id: string;
  readonly title: string;
  readonly questions: number;
}

type Picked = { readonly id: string; readonly type: PublicQuestion['type']; readonly prompt: string };

function AssignForm({ classId, games, instructorKey, onRefused, onCreated }: { classId: string; games: ReportListResponse['reports']; instructorKey: string; onRefused: () => void; onCreated: () => void }) {
  const [packs, setPacks] = useState<PackSummary[]>([]);
  const [sourceKind, setSourceKind] = useState<'pack' | 'game'>('pack');
  const [packId, setPackId] = useState('');
  const [roomId, setRoomId] = useState('');
  const [questions, setQuestions] = useState<Picked[]>([]);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [title, setTitle] = useState('');
  const [opens, setOpens] = useState(() => toLocalInput(Date.now()));
  const [closes, setCloses] = useState(() => toLocalInput(Date.now() + DEFAULT_OPEN_DAYS * DAY_MS));
  const [attempts, setAttempts] = useState(DEFAULT_ATTEMPTS);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void apiRequest<PackSummary[]>('/api/packs').then((r) => {
      if (!r.ok) return setError(r.message);
      setPacks(r.data);
      setPackId((p) => p || r.data[0]?.id || '');
    });
  }, []);

  useEffect(() => {
    const pick = (list: Picked[]) => {
      setQuestions(list);
      setChosen(new Set(list.map((q) => q.id)));
    };
    if (sourceKind === 'pack' && packId) {
      void apiRequest<{ questions: PublicQuestion[] }>(`/api/packs/${encodeURIComponent(packId)}/preview`).then((r) => (r.ok ? pick(r.data.questions) : setError(r.message)));
    } else if (sourceKind === 'game' && roomId) {
      void apiRequest<{ questions: Picked[] }>(`/api/reports/${encodeURIComponent(roomId)}`, { token: instructorKey }).then((r) => {
        if (!r.ok && (r.status === 401 || r.status === 403)) return onRefused();
        return r.ok ? pick(r.data.questions) : setError(r.message);
      });
    } else pick([]);
  }, [sourceKind, packId, roomId, instructorKey, onRefused]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const opensAt = new Date(opens).getTime();
    const closesAt = new Date(closes).getTime();
    if (Number.isNaN(opensAt) || Number.isNaN(closesAt)) return setError('Give an opening and a closing time.');
    setBusy(true);
    const res = await apiRequest<unknown>('/api/assignments', {
      token: instructorKey,
      body: {
        classId,
        ...(title.trim() ? { title: title.trim() } : {}),
        source: sourceKind === 'pack' ? { kind: 'pack', packId } : { kind: 'game', roomId },
        questionIds: questions.filter((q) => chosen.has(q.id)).map((q) => q.id),
        opensAt,
        closesAt,
        attempts,
      },
    });
    setBusy(false);
    if (!res.ok && (res.status === 401 || res.status === 403)) return onRefused();
    if (!res.ok) return setError(res.message);
    setError(null);
    setTitle('');
    onCreated();
  };

  const toggle = (id: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <form className="rp-card as-form" onSubmit={(e) => void submit(e)} data-testid="assign-form">
      <h3>Assign</h3>
      <div className="as-form-row">
        <label>
          <span className="rp-label">Questions from</span>
          <select className="rp-input" value={sourceKind} onChange={(e) => setSourceKind(e.target.value as 'pack' | 'game')}>
            <option value="pack">a quiz pack</option>
            <option value="game">a finished game of this class</option>
          </select>
        </label>
        {sourceKind === 'pack' ? (
          <label>
            <span className="rp-label">Pack</span>
            <select className="rp-input" value={packId} onChange={(e) => setPackId(e.target.value)} data-testid="assign-pack">
              {packs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title} ({p.questions} questions)
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            <span className="rp-label">Game</span>
            <select className="rp-input" value={roomId} onChange={(e) => setRoomId(e.target.value)}>
              <option value="">Choose a game…</option>
              {games.map((g) => (
                <option key={g.roomId} value={g.roomId}>
                  {g.title} — {dateTime(g.endedAt)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {questions.length > 0 ? (
        <fieldset className="as-checks" data-testid="assign-questions">
          <legend className="rp-label">
            Questions ({chosen.size} of {questions.length})
          </legend>
          {questions.map((q, i) => (
            <label key={q.id}>
              <input type="checkbox" checked={chosen.has(q.id)} onChange={() => toggle(q.id)} data-question-id={q.id} />
              <span>
                <span className="rp-strong">
                  Q{i + 1} · {TYPE_NAMES[q.type]}
                </span>{' '}
                <MathText text={q.prompt.length > 140 ? `${q.prompt.slice(0, 140)}…` : q.prompt} />
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="as-form-row">
        <label>
          <span className="rp-label">Title (optional)</span>
          <input className="rp-input" value={title} maxLength={120} onChange={(e) => setTitle(e.target.value)} placeholder="the pack's or game's title" data-testid="assign-title" />
        </label>
        <label>
          <span className="rp-label">Attempts per question</span>
          <input className="rp-input" type="number" min={1} max={MAX_ATTEMPTS} value={attempts} onChange={(e) => setAttempts(Number(e.target.value))} data-testid="assign-attempts" />
        </label>
      </div>
      <div className="as-form-row">
        <label>
          <span className="rp-label">Opens</span>
          <input className="rp-input" type="datetime-local" value={opens} onChange={(e) => setOpens(e.target.value)} required data-testid="assign-opens" />
        </label>
        <label>
          <span className="rp-label">Closes</span>
          <input className="rp-input" type="datetime-local" value={closes} onChange={(e) => setCloses(e.target.value)} required data-testid="assign-closes" />
        </label>
      </div>
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="rp-btn rp-btn-primary" disabled={busy || chosen.size === 0}>
        {busy ? 'Assigning…' : 'Assign to this class'}
      </button>
    </form>
  );
}

function Roster({ classId, instructorKey, onRefused }: { classId: string; instructorKey: string; onRefused: () => void }) {
  const [rows, setRows] = useState<readonly RosterRow[] | null>(null);
  const [csv, setCsv] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [unmatched, setUnmatched] = useState<RosterResponse['unmatched']>([]);
  const path = `/api/classes/${encodeURIComponent(classId)}/roster`;

  const take = useCallback(
    (r: Awaited<ReturnType<typeof apiRequest<RosterResponse>>>, done: string | null) => {
      if (!r.ok && (r.status === 401 || r.status === 403)) return onRefused();
      if (!r.ok) return setMessage(r.message);
      setRows(r.data.roster);
      setUnmatched(r.data.unmatched ?? []);
      setMessage(done);
    },
    [onRefused],
  );
  useEffect(() => {
    void apiRequest<RosterResponse>(path, { token: instructorKey }).then((r) => take(r, null));
  }, [path, instructorKey, take]);

  const edit = (memberId: string, field: 'studentId' | 'name' | 'email', value: string) => setRows((rs) => rs?.map((r) => (r.memberId === memberId ? { ...r, [field]: value } : r)) ?? null);
  const save = async () => {
    const entries = (rows ?? []).map((r) => ({ memberId: r.memberId, studentId: r.studentId || null, name: r.name || null, email: r.email || null }));
    take(await apiRequest<RosterResponse>(path, { token: instructorKey, method: 'PUT', body: { entries } }), 'Roster saved.');
  };
  const importCsv = async () => take(await apiRequest<RosterResponse>(`${path}.csv`, { token: instructorKey, body: csv }), 'Roster imported.');

  if (!rows) return <p className="rp-muted">Loading the roster…</p>;
  return (
    <>
      {rows.length === 0 ? (
        <p className="rp-muted">No students yet: they join the class in a live game or by opening an assignment.</p>
      ) : (
        <div className="rp-scroll">
          <table className="rp-table as-roster" data-testid="roster">
            <thead>
              <tr>
                <th scope="col">Nickname</th>
                <th scope="col">Student id (SIS User ID / ID number)</th>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Member id</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.memberId}>
                  <th scope="row">{r.nickname}</th>
                  <td>
                    <input className="rp-input" aria-label={`Student id of ${r.nickname}`} value={r.studentId ?? ''} onChange={(e) => edit(r.memberId, 'studentId', e.target.value)} />
                  </td>
                  <td>
                    <input className="rp-input" aria-label={`Name of ${r.nickname}`} value={r.name ?? ''} onChange={(e) => edit(r.memberId, 'name', e.target.value)} />
                  </td>
                  <td>
                    <input className="rp-input" aria-label={`Email of ${r.nickname}`} value={r.email ?? ''} onChange={(e) => edit(r.memberId, 'email', e.target.value)} />
                  </td>
                  <td>
                    <code>{r.memberId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <button type="button" className="rp-btn rp-btn-primary" onClick={() => void save()} disabled={rows.length === 0} data-testid="roster-save">
          Save roster
        </button>
      </p>
      <label className="rp-label" htmlFor="roster-csv">
        Import a roster CSV: a <code>member_id</code> or <code>nickname</code> column, and <code>student_id</code>, <code>name</code>, <code>email</code>
      </label>
      <textarea id="roster-csv" className="rp-input as-csv" value={csv} onChange={(e) => setCsv(e.target.value)} placeholder={'nickname,student_id,name,email\nAda,S-001,Ada Lovelace,ada@example.edu'} />
      <p>
        <button type="button" className="rp-btn" onClick={() => void importCsv()} disabled={!csv.trim()} data-testid="roster-import">
          Import
        </button>
      </p>
      {message ? (
        <p className="rp-notice" role="status">
          {message}
        </p>
      ) : null}
      {unmatched && unmatched.length > 0 ? (
        <ul className="rp-notes" data-testid="roster-unmatched">
          {unmatched.map((u, i) => (
            <li key={i}>
              {u.line > 0 ? `Line ${u.line}: ` : ''}
              {u.message}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Admin({ classId, instructorKey, onRefused, forget }: InstructorSession & { classId: string }) {
  const [name, setName] = useState<string | null>(null);
  const [list, setList] = useState<AssignmentListResponse['assignments'] | null>(null);
  const [games, setGames] = useState<ReportListResponse['reports']>([]);
  const [error, setError] = useState<string | null>(null);
  const [scale, setScale] = useState<'points' | 'percent'>('points');
  const [exportError, setExportError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [c, a, r] = await Promise.all([
      apiRequest<ClassListResponse>('/api/classes', { token: instructorKey }),
      apiRequest<AssignmentListResponse>(`/api/assignments?class=${encodeURIComponent(classId)}`, { token: instructorKey }),
      apiRequest<ReportListResponse>('/api/reports', { token: instructorKey }),
    ]);
    for (const res of [c, a, r]) if (!res.ok && (res.status === 401 || res.status === 403)) return onRefused();
    if (!a.ok) return setError(a.status === 404 ? 'There is no class at this address.' : a.message);
    if (!c.ok) return setError(c.message);
    setError(null);
    setName(c.data.classes.find((x) => x.id === classId)?.name ?? '');
    setList(a.data.assignments);
    if (r.ok) setGames(r.data.reports.filter((g) => g.classId === classId && g.questionsPlayed > 0));
  }, [classId, instructorKey, onRefused]);

  useEffect(() => {
    void load();
  }, [load]);

  if (error) {
    return (
      <p className="rp-error" role="alert">
        {error}
      </p>
    );
  }
  if (list === null || name === null) return <p className="rp-muted">Loading…</p>;
  const download = async (format: 'canvas' | 'moodle') =>
    setExportError(await downloadWithKey(`/api/classes/${encodeURIComponent(classId)}/gradebook.csv?format=${format}&scale=${scale}`, instructorKey, `gradflow-${format}.csv`));

  return (
    <>
      <p className="rp-back">
        <Link href="/reports">← Reports</Link>
      </p>
      <header className="rp-head">
        <div>
          <p className="rp-kicker">Class</p>
          <h1 data-testid="class-admin-name">{name}</h1>
          <p className="rp-muted">Homework after the lecture, the roster of student identifiers, and the marks for the gradebook.</p>
        </div>
        <nav className="rp-head-actions">
          <Link className="rp-btn" href={`/classes/${encodeURIComponent(classId)}`}>
            Leaderboard
          </Link>
          <button type="button" className="rp-btn" onClick={forget}>
            Sign out
          </button>
        </nav>
      </header>

      <section className="rp-section" aria-labelledby="assignments-title">
        <h2 id="assignments-title">Assignments</h2>
        {list.length === 0 ? (
          <p className="rp-muted">No assignments yet.</p>
        ) : (
          <div className="rp-scroll">
            <table className="rp-table" data-testid="assignment-list">
              <thead>
                <tr>
                  <th scope="col">Assignment</th>
                  <th scope="col">Status</th>
                  <th scope="col">Opens</th>
                  <th scope="col">Closes</th>
                  <th scope="col" className="rp-num">
                    Started
                  </th>
                  <th scope="col" className="rp-num">
                    Finished
                  </th>
                  <th scope="col">Student link</th>
                </tr>
              </thead>
              <tbody>
                {list.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link href={`/reports/assignments/${encodeURIComponent(a.id)}`}>{a.title}</Link>
                      <div className="rp-muted">
                        {a.questionCount} questions · {a.attempts} attempts
                      </div>
                    </th>
                    <td>{a.status}</td>
                    <td>{dateTime(a.opensAt)}</td>
                    <td>{dateTime(a.closesAt)}</td>
                    <td className="rp-num">{a.started}</td>
                    <td className="rp-num">{a.finished}</td>
                    <td>
                      <code data-testid="student-link">/a/{a.id}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <AssignForm classId={classId} games={games} instructorKey={instructorKey} onRefused={onRefused} onCreated={() => void load()} />
      </section>

      <section className="rp-section" aria-labelledby="gradebook-title">
        <h2 id="gradebook-title">Gradebook export</h2>
        <p className="rp-muted">
          One row per student, one column per assignment and per live game. Canvas matches rows by <em>SIS User ID</em>, Moodle by <em>ID number</em> (or email): fill them in the roster below first.
        </p>
        <div className="rp-row">
          <label className="rp-label" htmlFor="gradebook-scale">
            Grades as
          </label>
          <select id="gradebook-scale" className="rp-input" value={scale} onChange={(e) => setScale(e.target.value as 'points' | 'percent')}>
            <option value="points">points</option>
            <option value="percent">percent</option>
          </select>
          <button type="button" className="rp-btn rp-btn-primary" onClick={() => void download('canvas')} data-testid="export-canvas">
            Canvas CSV
          </button>
          <button type="button" className="rp-btn rp-btn-primary" onClick={() => void download('moodle')} data-testid="export-moodle">
            Moodle CSV
          </button>
        </div>
        {exportError ? (
          <p className="rp-error" role="alert">
            {exportError}
          </p>
        ) : null}
      </section>

      <section className="rp-section" aria-labelledby="roster-title">
        <h2 id="roster-title">Roster</h2>
        <Roster classId={classId} instructorKey={instructorKey} onRefused={onRefused} />
      </section>
    </>
  );
}

export function ClassAdmin({ classId }: { classId: string }) {
  return <main className="rp-page">{<InstructorGate>{(session) => <Admin classId={classId} {...session} />}</InstructorGate>}</main>;
}
