'use client';
/** The instructor's list of classes (create one, run a game in one) and of past games. */
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ClassListResponse, ReportListResponse } from '@/engine/reports';
import { apiJson } from './_lib/fetch-json';
import { dateTime, percent, points } from './_lib/format';
import { InstructorGate, type InstructorSession } from './_lib/instructor-gate';
import './_lib/reports.css';

const CLASS_NAME_MAX = 80;

function Home({ instructorKey, onRefused, forget }: InstructorSession) {
  const [classes, setClasses] = useState<ClassListResponse['classes'] | null>(null);
  const [reports, setReports] = useState<ReportListResponse['reports'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [c, r] = await Promise.all([apiJson<ClassListResponse>('/api/classes', instructorKey), apiJson<ReportListResponse>('/api/reports', instructorKey)]);
    if ((!c.ok && (c.status === 401 || c.status === 403)) || (!r.ok && (r.status === 401 || r.status === 403))) return onRefused();
    if (!c.ok) return setError(c.message);
    if (!r.ok) return setError(r.message);
    setError(null);
    setClasses(c.data.classes);
    setReports(r.data.reports);
  }, [instructorKey, onRefused]);

  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    setCreating(true);
    const res = await apiJson<{ class: { id: string } }>('/api/classes', instructorKey, { name: name.trim() });
    setCreating(false);
    if (!res.ok) return setCreateError(res.message);
    setCreateError(null);
    setName('');
    await load();
  };

  return (
    <>
      <header className="rp-head">
        <div>
          <h1>Reports</h1>
          <p className="rp-muted">Finished games and class leaderboards. Students see only nicknames and their own answers.</p>
        </div>
        <nav className="rp-head-actions">
          <a className="rp-btn" href="/host">
            Host a game
          </a>
          <button type="button" className="rp-btn" onClick={forget}>
            Sign out
          </button>
        </nav>
      </header>
      {error ? (
        <p className="rp-error" role="alert">
          {error}{' '}
          <button type="button" className="rp-btn rp-btn-small" onClick={() => void load()}>
            Retry
          </button>
        </p>
      ) : null}

      <section className="rp-section" aria-labelledby="classes-title">
        <h2 id="classes-title">Classes</h2>
        {classes === null ? (
          <p className="rp-muted">Loading…</p>
        ) : classes.length === 0 ? (
          <p className="rp-muted">No classes yet. A class keeps each student’s identity across its games and adds their points up on one leaderboard.</p>
        ) : (
          <div className="rp-scroll">
            <table className="rp-table" data-testid="class-list">
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col" className="rp-num">
                    Games
                  </th>
                  <th scope="col" className="rp-num">
                    Students
                  </th>
                  <th scope="col">
                    <span className="rp-sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {classes.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link href={`/classes/${c.id}`}>{c.name}</Link>
                    </th>
                    <td className="rp-num">{c.games}</td>
                    <td className="rp-num">{c.students}</td>
                    <td className="rp-actions">
                      <Link className="rp-btn rp-btn-small" href={`/classes/${c.id}`}>
                        Leaderboard
                      </Link>
                      <a className="rp-btn rp-btn-small" href={`/host?class=${encodeURIComponent(c.id)}`}>
                        Run a game in this class
                      </a>
                      <Link className="rp-btn rp-btn-small" href={`/reports/classes/${encodeURIComponent(c.id)}`}>
                        Assignments &amp; gradebook
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <form className="rp-inline-form" onSubmit={(e) => void create(e)}>
          <label className="rp-label" htmlFor="class-name">
            New class
          </label>
          <div className="rp-row">
            <input
              id="class-name"
              className="rp-input"
              placeholder="e.g. 50.039 Deep Learning"
              maxLength={CLASS_NAME_MAX}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="rp-btn rp-btn-primary" disabled={creating || !name.trim()}>
              {creating ? 'Creating…' : 'Create class'}
            </button>
          </div>
          {createError ? (
            <p className="rp-error" role="alert">
              {createError}
            </p>
          ) : null}
        </form>
      </section>

      <section className="rp-section" aria-labelledby="games-title">
        <h2 id="games-title">Past games</h2>
        {reports === null ? (
          <p className="rp-muted">Loading…</p>
        ) : reports.length === 0 ? (
          <p className="rp-muted">No finished games yet. A report is written when a game ends (or the host ends it early).</p>
        ) : (
          <div className="rp-scroll">
            <table className="rp-table" data-testid="report-list">
              <thead>
                <tr>
                  <th scope="col">Ended</th>
                  <th scope="col">Game</th>
                  <th scope="col">Class</th>
                  <th scope="col" className="rp-num">
                    Students
                  </th>
                  <th scope="col" className="rp-num">
                    Questions
                  </th>
                  <th scope="col" className="rp-num">
                    Correct
                  </th>
                  <th scope="col">Winner</th>
                </tr>
              </thead>
              <tbody>
                {reports.map((r) => (
                  <tr key={r.roomId}>
                    <td className="rp-nowrap">{dateTime(r.endedAt)}</td>
                    <th scope="row">
                      <Link href={`/reports/${r.roomId}`}>{r.title}</Link>
                      {r.endedEarly ? <span className="rp-tag">ended early</span> : null}
                    </th>
                    <td>{r.classId ? <Link href={`/classes/${r.classId}`}>{r.className ?? 'class'}</Link> : <span className="rp-muted">–</span>}</td>
                    <td className="rp-num">{r.players}</td>
                    <td className="rp-num">
                      {r.questionsPlayed} / {r.questionCount}
                    </td>
                    <td className="rp-num">{percent(r.correctRate)}</td>
                    <td>
                      {r.leaders[0] ? (
                        <>
                          {r.leaders[0].nickname} <span className="rp-muted rp-nowrap">· {points(r.leaders[0].score)}</span>
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ReportsHome() {
  return (
    <main className="rp-page">
      <InstructorGate>{(session) => <Home {...session} />}</InstructorGate>
    </main>
  );
}
