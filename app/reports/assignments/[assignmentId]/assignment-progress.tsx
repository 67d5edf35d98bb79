'use client';
/**
 * One assignment for the instructor (`/reports/assignments/<id>`): who
 * started and who finished with their marks, then the per-question analytics
 * of live games over each student's best attempt — correct rate, mistakes,
 * and the class heatmap on highlight questions without variants.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { AssignmentDetailResponse, AssignmentQuestionStats } from '@/engine/assignments';
import '../../../assignments/assignments.css';
import { apiRequest } from '../../../assignments/_lib/request';
import { CorrectRateChart } from '../../_lib/charts';
import { dateTime, percent, TYPE_NAMES } from '../../_lib/format';
import { InstructorGate, type InstructorSession } from '../../_lib/instructor-gate';
import { MathText } from '../../_lib/math-text';
import { NetworkHeatmap } from '../../_lib/network-heatmap';
import '../../_lib/reports.css';

const STATE_TEXT = { 'not-started': 'not started', started: 'started', finished: 'finished' } as const;

function QuestionStats({ q }: { q: AssignmentQuestionStats }) {
  return (
    <article className="rp-card" data-testid="assignment-question-stats" aria-labelledby={`aq-${q.index}`}>
      <div className="rp-question-head">
        <h3 id={`aq-${q.index}`}>
          Q{q.index + 1} · {TYPE_NAMES[q.type]}
          {q.hasVariants ? <span className="rp-tag">own variant per attempt</span> : null}
        </h3>
      </div>
      <p className="rp-prompt">
        <MathText text={q.prompt} />
      </p>
      <p className="rp-stats">
        <span>
          <span className="rp-strong">{percent(q.correctRate)}</span> correct
        </span>
        <span>
          {q.correct} correct · {q.partial} partly · {q.attempted} attempted
        </span>
        <span>{q.averageAttempts === null ? '—' : q.averageAttempts.toFixed(1)} attempts on average</span>
      </p>
      {q.mistakes.length > 0 ? (
        <>
          <h4>Mistakes (students, any attempt)</h4>
          <ul className="rp-mistakes" data-testid="assignment-mistakes">
            {q.mistakes.map((m) => (
              <li key={m.code}>
                <code>{m.code}</code> {m.message} <span className="rp-strong">{m.count}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {q.type === 'highlight' && !q.hasVariants && q.network ? (
        <div>
          <NetworkHeatmap network={q.network} heatmap={q.heatmap} keyEdges={q.keyEdges} answered={q.attempted} title={`Edges selected in question ${q.index + 1} (best attempts)`} />
        </div>
      ) : null}
    </article>
  );
}

function Progress({ assignmentId, instructorKey, onRefused }: InstructorSession & { assignmentId: string }) {
  const [data, setData] = useState<AssignmentDetailResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const res = await apiRequest<AssignmentDetailResponse>(`/api/assignments/${encodeURIComponent(assignmentId)}`, { token: instructorKey });
    if (!res.ok && (res.status === 401 || res.status === 403)) return onRefused();
    if (!res.ok) return setError(res.status === 404 ? 'There is no assignment at this address.' : res.message);
    setError(null);
    setData(res.data);
  }, [assignmentId, instructorKey, onRefused]);
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
  if (!data) return <p className="rp-muted">Loading…</p>;
  const a = data.assignment;
  return (
    <>
      <p className="rp-back">
        <Link href={`/reports/classes/${encodeURIComponent(a.classId)}`}>← {data.className}</Link>
      </p>
      <header className="rp-head">
        <div>
          <p className="rp-kicker">Assignment · {a.status}</p>
          <h1 data-testid="assignment-title">{a.title}</h1>
          <p className="rp-muted">
            {dateTime(a.opensAt)} – {dateTime(a.closesAt)} · {a.questionCount} questions · {a.attempts} attempts each · best attempt counts · student link <code>/a/{a.id}</code>
          </p>
        </div>
        <nav className="rp-head-actions">
          <button type="button" className="rp-btn" onClick={() => void load()}>
            Refresh
          </button>
        </nav>
      </header>
      <p className="rp-stats" data-testid="assignment-counts">
        <span>
          <span className="rp-strong">{data.members}</span> students
        </span>
        <span>
          <span className="rp-strong">{data.started}</span> started
        </span>
        <span>
          <span className="rp-strong">{data.finished}</span> finished
        </span>
      </p>

      <section className="rp-section" aria-labelledby="progress-title">
        <h2 id="progress-title">Progress</h2>
        <div className="rp-scroll">
          <table className="rp-table" data-testid="assignment-progress">
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Student id</th>
                <th scope="col">State</th>
                <th scope="col" className="rp-num">
                  Points
                </th>
                <th scope="col" className="rp-num">
                  %
                </th>
                <th scope="col" className="rp-num">
                  Done
                </th>
                <th scope="col" className="rp-num">
                  Attempts
                </th>
                <th scope="col">Last answer</th>
              </tr>
            </thead>
            <tbody>
              {data.progress.map((p) => (
                <tr key={p.memberId}>
                  <th scope="row">{p.nickname}</th>
                  <td>{p.studentId ?? <span className="rp-muted">—</span>}</td>
                  <td className={`as-state-${p.state}`}>{STATE_TEXT[p.state]}</td>
                  <td className="rp-num">
                    {p.mark.points} / {p.mark.maxPoints}
                  </td>
                  <td className="rp-num">{p.mark.percent === null ? '—' : `${p.mark.percent}%`}</td>
                  <td className="rp-num">
                    {p.mark.done} / {a.questionCount}
                  </td>
                  <td className="rp-num">{p.attemptsUsed}</td>
                  <td>{p.lastAt === null ? <span className="rp-muted">—</span> : dateTime(p.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="rp-section" aria-labelledby="questions-title">
        <h2 id="questions-title">Questions</h2>
        <CorrectRateChart title="Correct rate per question (of all students in the class)" data={data.questions.map((q) => ({ label: `Q${q.index + 1}`, value: q.correctRate }))} />
        {data.questions.map((q) => (
          <QuestionStats key={q.questionId} q={q} />
        ))}
      </section>
    </>
  );
}

export function AssignmentProgress({ assignmentId }: { assignmentId: string }) {
  return <main className="rp-page">{<InstructorGate>{(session) => <Progress assignmentId={assignmentId} {...session} />}</InstructorGate>}</main>;
}
