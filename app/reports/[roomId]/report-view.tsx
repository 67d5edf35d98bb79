'use client';
/**
 * A finished game's report for the instructor: leaderboard, correct rate per
 * question (chart and table), each question's answers, mistakes and heatmap,
 * and every student's answers; CSV and JSON exports.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { PublicGameReport, ReportQuestion, ReportStudent } from '@/engine/reports';
import { CorrectRateChart } from '../_lib/charts';
import { apiJson, downloadWithKey } from '../_lib/fetch-json';
import { dateTime, percent, points, seconds, STATUSES, TYPE_NAMES, VERDICTS } from '../_lib/format';
import { InstructorGate, type InstructorSession } from '../_lib/instructor-gate';
import { Latex, MathText } from '../_lib/math-text';
import { NetworkHeatmap } from '../_lib/network-heatmap';
import '../_lib/reports.css';

function Leaderboard({ report }: { report: PublicGameReport }) {
  return (
    <div className="rp-scroll">
      <table className="rp-table" data-testid="report-leaderboard">
        <thead>
          <tr>
            <th scope="col" className="rp-num">
              Rank
            </th>
            <th scope="col">Nickname</th>
            <th scope="col" className="rp-num">
              Points
            </th>
            <th scope="col" className="rp-num">
              Correct
            </th>
            <th scope="col" className="rp-num">
              Partly
            </th>
            <th scope="col" className="rp-num">
              Wrong
            </th>
            <th scope="col" className="rp-num">
              No answer
            </th>
            <th scope="col" className="rp-num">
              Avg. time
            </th>
          </tr>
        </thead>
        <tbody>
          {report.students.map((s) => (
            <tr key={s.playerId}>
              <td className="rp-num">{s.rank}</td>
              <th scope="row" className="rp-name">
                <a href={`#student-${s.playerId}`}>{s.nickname}</a>
              </th>
              <td className="rp-num rp-strong">{points(s.score)}</td>
              <td className="rp-num">{s.correct}</td>
              <td className="rp-num">{s.partial}</td>
              <td className="rp-num">{s.wrong}</td>
              <td className="rp-num">{s.unanswered}</td>
              <td className="rp-num">{seconds(s.averageResponseMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionTable({ report }: { report: PublicGameReport }) {
  return (
    <div className="rp-scroll">
      <table className="rp-table" data-testid="question-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col" className="rp-num">
              Correct
            </th>
            <th scope="col" className="rp-num">
              Answered
            </th>
            <th scope="col" className="rp-num">
              Avg. time
            </th>
            <th scope="col">Most common mistake</th>
          </tr>
        </thead>
        <tbody>
          {report.questions.map((q) => (
            <tr key={q.index}>
              <th scope="row">
                <a href={`#question-${q.index + 1}`}>Q{q.index + 1}</a>
              </th>
              <td>{TYPE_NAMES[q.type]}</td>
              <td className="rp-nowrap">{q.status === 'scored' ? `Scored ×${q.multiplier}` : q.status === 'skipped' ? 'Skipped' : 'Not closed'}</td>
              <td className="rp-num rp-strong">
                {percent(q.correctRate)}
                {q.partial > 0 ? <span className="rp-muted"> (+{q.partial} partly)</span> : null}
              </td>
              <td className="rp-num">
                {q.answered} / {q.players}
              </td>
              <td className="rp-num">{seconds(q.averageResponseMs)}</td>
              <td>
                {q.mistakes[0] ? (
                  <>
                    <code>{q.mistakes[0].code}</code> × {q.mistakes[0].count}
                  </>
                ) : (
                  <span className="rp-muted">–</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KeyText({ q }: { q: ReportQuestion }) {
  if (q.type === 'poll') return <span className="rp-key-text">A poll: no right answer</span>;
  if (q.key.latex) return <Latex tex={q.key.latex} display />;
  return <span className="rp-key-text">{q.key.text}</span>;
}

function QuestionDetail({ q }: { q: ReportQuestion }) {
  const max = Math.max(1, ...q.distribution.map((d) => d.count));
  return (
    <article className="rp-card rp-question" id={`question-${q.index + 1}`} data-testid={`question-${q.index + 1}`}>
      <header className="rp-question-head">
        <h3>
          Q{q.index + 1} <span className="rp-muted">· {TYPE_NAMES[q.type]}</span>
        </h3>
        <span className={`rp-tag rp-tag-${q.status}`}>{STATUSES[q.status]}</span>
      </header>
      <p className="rp-prompt">
        <MathText text={q.prompt} />
      </p>
      {q.hasVariants ? <p className="rp-muted">Every student had their own variant; the prompt and answer shown are one example.</p> : null}
      <dl className="rp-stats">
        <div>
          <dt>Correct</dt>
          <dd>{percent(q.correctRate)}</dd>
        </div>
        <div>
          <dt>Partly right</dt>
          <dd>{q.partial}</dd>
        </div>
        <div>
          <dt>Answered</dt>
          <dd>
            {q.answered} / {q.players}
          </dd>
        </div>
        <div>
          <dt>Avg. time</dt>
          <dd>{seconds(q.averageResponseMs)}</dd>
        </div>
      </dl>
      <div className="rp-question-body">
        <div className="rp-question-col">
          <h4>Answer</h4>
          <div className="rp-key">
            <KeyText q={q} />
          </div>
          <h4>Answers given</h4>
          {q.distribution.length === 0 ? (
            <p className="rp-muted">No answers.</p>
          ) : (
            <ul className="rp-dist" aria-label={`Answers given to question ${q.index + 1}`}>
              {q.distribution.map((d, i) => (
                <li key={i} className={d.correct ? 'is-correct' : undefined}>
                  <span className="rp-dist-label">
                    {d.correct ? <span aria-label="correct">✓ </span> : null}
                    {d.label || <span className="rp-muted">(empty)</span>}
                  </span>
                  <span className="rp-dist-bar" style={{ width: `${(100 * d.count) / max}%` }} aria-hidden="true" />
                  <span className="rp-dist-count">{d.count}</span>
                </li>
              ))}
              {q.otherAnswers > 0 ? (
                <li>
                  <span className="rp-dist-label rp-muted">other answers</span>
                  <span className="rp-dist-bar rp-dist-bar-other" style={{ width: `${(100 * q.otherAnswers) / max}%` }} aria-hidden="true" />
                  <span className="rp-dist-count">{q.otherAnswers}</span>
                </li>
              ) : null}
            </ul>
          )}
          <h4>Most common mistakes</h4>
          {q.mistakes.length === 0 ? (
            <p className="rp-muted">None.</p>
          ) : (
            <ol className="rp-mistakes" data-testid="mistakes">
              {q.mistakes.map((m) => (
                <li key={m.code}>
                  <code>{m.code}</code> <span className="rp-strong">× {m.count}</span>
                  <br />
                  <span className="rp-muted">
                    e.g. <MathText text={m.message} plain />
                  </span>
                </li>
              ))}
            </ol>
          )}
        </div>
        {q.type === 'highlight' && q.network ? (
          <div className="rp-question-col">
            <h4>Class heatmap</h4>
            <NetworkHeatmap network={q.network} heatmap={q.heatmap} keyEdges={q.key.edges} answered={q.answered} title={`Edges selected in question ${q.index + 1}`} />
          </div>
        ) : null}
      </div>
    </article>
  );
}

function AnswerMatrix({ report }: { report: PublicGameReport }) {
  return (
    <div className="rp-scroll">
      <table className="rp-table rp-matrix" data-testid="answer-matrix">
        <thead>
          <tr>
            <th scope="col">Student</th>
            {report.questions.map((q) => (
              <th key={q.index} scope="col" className="rp-num">
                Q{q.index + 1}
              </th>
            ))}
            <th scope="col" className="rp-num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {report.students.map((s) => (
            <tr key={s.playerId}>
              <th scope="row" className="rp-name">
                <a href={`#student-${s.playerId}`}>{s.nickname}</a>
              </th>
              {s.answers.map((a) => (
                <td key={a.questionIndex} className={`rp-num rp-cell rp-v-${a.verdict}`} title={VERDICTS[a.verdict].text}>
                  <span aria-hidden="true">{VERDICTS[a.verdict].symbol} </span>
                  <span className="rp-sr-only">{VERDICTS[a.verdict].text}, </span>
                  {a.points}
                </td>
              ))}
              <td className="rp-num rp-strong">{points(s.score)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StudentAnswers({ student, report }: { student: ReportStudent; report: PublicGameReport }) {
  return (
    <details className="rp-card rp-student" id={`student-${student.playerId}`}>
      <summary>
        <span className="rp-strong">
          {student.rank}. {student.nickname}
        </span>{' '}
        <span className="rp-muted">
          — {points(student.score)} points, {student.correct} correct of {report.questions.length}
        </span>
      </summary>
      <ol className="rp-answers">
        {student.answers.map((a) => {
          const q = report.questions[a.questionIndex];
          return (
            <li key={a.questionIndex} className={`rp-answer rp-v-${a.verdict}`}>
              <p>
                <span className="rp-strong">Q{a.questionIndex + 1}</span> <span className="rp-muted">{q ? TYPE_NAMES[q.type] : ''}</span> ·{' '}
                <span className="rp-verdict">
                  {VERDICTS[a.verdict].symbol} {VERDICTS[a.verdict].text}
                </span>{' '}
                · {a.points} points{a.responseMs !== null ? ` · ${seconds(a.responseMs)}` : ''}
              </p>
              {a.answer ? (
                <p className="rp-given">
                  Answered: <code>{a.answerText || '(empty)'}</code>
                  {a.read && a.read.latex && a.answer.kind === 'expression' ? (
                    <>
                      {' '}
                      read as <Latex tex={a.read.latex} />
                    </>
                  ) : null}
                </p>
              ) : null}
              {a.notes.length > 0 ? (
                <ul className="rp-notes">
                  {a.notes.map((n, i) => (
                    <li key={i}>
                      <code>{n.code}</code> <MathText text={n.message} plain />
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          );
        })}
      </ol>
    </details>
  );
}

function Report({ roomId, session }: { roomId: string; session: InstructorSession }) {
  const { instructorKey, onRefused } = session;
  const [report, setReport] = useState<PublicGameReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await apiJson<PublicGameReport>(`/api/reports/${encodeURIComponent(roomId)}`, instructorKey);
    if (!res.ok && (res.status === 401 || res.status === 403)) return onRefused();
    if (!res.ok) return setError(res.message);
    setError(null);
    setReport(res.data);
  }, [roomId, instructorKey, onRefused]);

  useEffect(() => {
    void load();
  }, [load]);

  const download = async (path: string, name: string) => setExportError(await downloadWithKey(path, instructorKey, name));

  if (error) {
    return (
      <>
        <p className="rp-back">
          <Link href="/reports">← All reports</Link>
        </p>
        <p className="rp-error" role="alert">
          {error}
        </p>
      </>
    );
  }
  if (!report) return <p className="rp-muted">Loading the report…</p>;
  const base = `/api/reports/${encodeURIComponent(roomId)}`;
  return (
    <>
      <p className="rp-back">
        <Link href="/reports">← All reports</Link>
        {report.classId ? (
          <>
            {' · '}
            <Link href={`/classes/${report.classId}`}>Class leaderboard</Link>
          </>
        ) : null}
      </p>
      <header className="rp-head">
        <div>
          <h1 data-testid="report-title">{report.title}</h1>
          <p className="rp-muted">
            {dateTime(report.endedAt)} · code {report.code} · {report.students.length} students · {report.questions.length} of {report.questionCount} questions
            {report.scoring ? '' : ' · practice (no points)'}
          </p>
          {report.endedEarly ? <span className="rp-tag">Ended early by the host</span> : null}
        </div>
        <div className="rp-head-actions" role="group" aria-label="Export">
          <button type="button" className="rp-btn" onClick={() => void download(`${base}/export.csv`, 'answers.csv')}>
            CSV: every answer
          </button>
          <button type="button" className="rp-btn" onClick={() => void download(`${base}/export.csv?table=students`, 'students.csv')}>
            CSV: per student
          </button>
          <button type="button" className="rp-btn" onClick={() => void download(`${base}/export.json`, 'report.json')}>
            JSON
          </button>
        </div>
      </header>
      {exportError ? (
        <p className="rp-error" role="alert">
          {exportError}
        </p>
      ) : null}
      <nav className="rp-toc" aria-label="Sections">
        <a href="#leaderboard">Leaderboard</a>
        <a href="#questions">Questions</a>
        <a href="#students">Students</a>
      </nav>

      <section className="rp-section" id="leaderboard" aria-labelledby="lb-title">
        <h2 id="lb-title">Leaderboard</h2>
        {report.students.length === 0 ? <p className="rp-muted">Nobody joined.</p> : <Leaderboard report={report} />}
      </section>

      <section className="rp-section" id="questions" aria-labelledby="q-title">
        <h2 id="q-title">Questions</h2>
        {report.questions.length === 0 ? (
          <p className="rp-muted">The game ended before the first question.</p>
        ) : (
          <>
            <CorrectRateChart
              title="Correct rate per question"
              data={report.questions.map((q) => ({
                label: `Q${q.index + 1}`,
                value: q.correctRate,
                note: q.status === 'skipped' ? 'skipped' : q.status === 'unscored' ? 'not closed' : undefined,
              }))}
            />
            <QuestionTable report={report} />
            {report.questions.map((q) => (
              <QuestionDetail key={q.index} q={q} />
            ))}
          </>
        )}
      </section>

      <section className="rp-section" id="students" aria-labelledby="s-title">
        <h2 id="s-title">Students</h2>
        {report.students.length === 0 ? null : (
          <>
            <AnswerMatrix report={report} />
            {report.students.map((s) => (
              <StudentAnswers key={s.playerId} student={s} report={report} />
            ))}
          </>
        )}
      </section>
    </>
  );
}

export function ReportView({ roomId }: { roomId: string }) {
  return (
    <main className="rp-page">
      <InstructorGate>{(session) => <Report roomId={roomId} session={session} />}</InstructorGate>
    </main>
  );
}
