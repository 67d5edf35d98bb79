'use client';
/**
 * An assignment on the phone (`/a/<assignmentId>`): join the class with a
 * nickname (or a reclaim code), then answer each question at one's own pace
 * with the same inputs as live games. Every answer comes back graded at once;
 * another attempt gets a new variant where the question has them. The member
 * token is kept under `gradflow.member.<classId>` (app/lib/member.ts), so the
 * same phone — or another one with the reclaim code — continues where it stopped.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AssignmentView, StudentAssignmentQuestion, StudentAssignmentResponse, SubmitAttemptResponse } from '@/engine/assignments';
import type { AnswerPayload } from '@/engine/protocol';
import { LazyNetworkGraph } from '../components/lazy';
import { Markdown } from '../components/markdown';
import { isMemberToken, loadMemberToken, saveMemberToken } from '../lib/member';
import { readStored, removeStored, writeStored } from '../lib/storage';
import { NICKNAME_MAX } from '../lib/protocol-client';
import { dateTime, TYPE_NAMES } from '../reports/_lib/format';
import '../reports/_lib/reports.css';
import { AnswerControl } from '../student/question-screen';
import { AttemptResult } from './_lib/attempt-result';
import { apiRequest, newSubmissionId } from './_lib/request';
import './assignments.css';

interface Info {
  readonly assignment: AssignmentView;
  readonly className: string;
}

const STATUS_TEXT = { upcoming: 'Not open yet', open: 'Open', closed: 'Closed' } as const;

/** An answer on its way to the server, kept in localStorage until it is graded or refused. */
interface PendingAnswer {
  readonly answerId: string;
  readonly questionId: string;
  readonly attempt: number;
  readonly answer: AnswerPayload;
}

/** localStorage key of the answer this phone is sending for an assignment. */
export const pendingKey = (assignmentId: string) => `gradflow.assignment.pending.${assignmentId}`;

const isPending = (v: unknown): v is PendingAnswer => {
  const p = v as Partial<PendingAnswer> | null;
  return typeof p === 'object' && p !== null && typeof p.answerId === 'string' && typeof p.questionId === 'string' && typeof p.attempt === 'number' && typeof p.answer === 'object' && p.answer !== null;
};

function Join({ info, onJoined }: { info: Info; onJoined: (token: string) => void }) {
  const [nickname, setNickname] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const path = `/api/assignments/${encodeURIComponent(info.assignment.id)}/join`;

  const join = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const res = await apiRequest<{ memberToken: string }>(path, { body: { nickname } });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    saveMemberToken(info.assignment.classId, res.data.memberToken);
    onJoined(res.data.memberToken);
  };
  const reclaim = async (e: FormEvent) => {
    e.preventDefault();
    const token = code.trim();
    if (!isMemberToken(token)) return setError('That does not look like a reclaim code (it has a dot in the middle).');
    setBusy(true);
    const res = await apiRequest<{ memberToken: string }>(path, { token, body: { nickname: '' } });
    setBusy(false);
    if (!res.ok) return setError(res.status === 403 ? 'That reclaim code does not belong to this class.' : res.message);
    saveMemberToken(info.assignment.classId, token);
    onJoined(token);
  };
  return (
    <>
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : null}
      <form className="rp-card as-join" onSubmit={(e) => void join(e)} data-testid="assignment-join">
        <h2>Start</h2>
        <p className="rp-muted">Pick the nickname your class knows you by. This phone remembers you for the rest of the course.</p>
        <label className="rp-label" htmlFor="as-nickname">
          Nickname
        </label>
        <input id="as-nickname" className="rp-input" value={nickname} maxLength={NICKNAME_MAX} onChange={(e) => setNickname(e.target.value)} autoComplete="nickname" required />
        <button type="submit" className="rp-btn rp-btn-primary rp-btn-block" disabled={busy || !nickname.trim()}>
          Start the assignment
        </button>
      </form>
      <form className="rp-card as-join" onSubmit={(e) => void reclaim(e)} data-testid="assignment-reclaim">
        <h2>Already in this class?</h2>
        <p className="rp-muted">On a new phone, type your reclaim code (shown on “My answers” of your old phone) to continue with your own answers.</p>
        <label className="rp-label" htmlFor="as-code">
          Reclaim code
        </label>
        <input id="as-code" className="rp-input" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" spellCheck={false} />
        <button type="submit" className="rp-btn rp-btn-block" disabled={busy || !code.trim()}>
          Use my code
        </button>
      </form>
    </>
  );
}

function QuestionPanel({
  q,
  count,
  allowed,
  open,
  onSubmit,
  pending,
  note,
}: {
  q: StudentAssignmentQuestion;
  count: number;
  allowed: number;
  open: boolean;
  onSubmit: (answer: AnswerPayload) => void;
  pending: boolean;
  note: string | null;
}) {
  const latest = q.attempts[q.attempts.length - 1] ?? null;
  const shown = q.next ?? latest?.question ?? null;
  const showGraph = shown && shown.network !== null && shown.type !== 'highlight' && shown.type !== 'expression';
  return (
    <section className="rp-card as-question" data-testid="assignment-question" data-question-id={q.questionId} aria-labelledby={`as-q-${q.index}`}>
      <p className="as-question-head" id={`as-q-${q.index}`}>
        <span className="rp-strong">
          Question {q.index + 1} of {count}
        </span>
        <span className="rp-muted">{TYPE_NAMES[q.type]}</span>
        <span className="rp-muted" data-testid="attempts-left">
          {q.done ? 'Done' : `Attempt ${q.attemptsUsed + 1} of ${allowed}`}
        </span>
      </p>
      {latest ? (
        <AttemptResult
          heading={`Attempt ${latest.attempt}`}
          verdict={latest.verdict}
          credit={latest.credit}
          answer={latest.answer}
          read={latest.read}
          notes={latest.notes}
          question={latest.question}
          explanation={q.explanation}
          answerKey={latest.key}
        />
      ) : null}
      {q.next ? (
        <div className="as-next" data-testid="assignment-next" data-attempt={q.attemptsUsed + 1}>
          {latest ? (
            <h3 className="as-next-title">
              Try again{q.hasVariants ? ' — a new variant of this question, just for you' : ''}
            </h3>
          ) : null}
          <div className="prompt" data-testid="question-prompt">
            <Markdown text={q.next.prompt} />
          </div>
          {showGraph ? <LazyNetworkGraph network={q.next.network} target={q.next.target} mode="show" title="The network of this question" /> : null}
          {note ? (
            <p className="error" role="alert" data-testid="answer-note">
              {note}
            </p>
          ) : null}
          <AnswerControl key={`${q.questionId}:${q.attemptsUsed}`} question={q.next} onSubmit={onSubmit} disabled={pending} />
        </div>
      ) : !open && !q.done ? (
        <p className="rp-notice">This assignment is not taking answers now.</p>
      ) : null}
      {q.attempts.length > 1 ? (
        <details className="as-earlier">
          <summary>Earlier attempts ({q.attempts.length - 1})</summary>
          {q.attempts.slice(0, -1).map((t) => (
            <AttemptResult key={t.attempt} heading={`Attempt ${t.attempt}`} verdict={t.verdict} credit={t.credit} answer={t.answer} read={t.read} notes={t.notes} question={t.question} explanation={null} answerKey={t.key} />
          ))}
        </details>
      ) : null}
    </section>
  );
}

function Work({ info, token, onForget }: { info: Info; token: string; onForget: () => void }) {
  const id = info.assignment.id;
  const [data, setData] = useState<StudentAssignmentResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);
  const [pending, setPending] = useState<PendingAnswer | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    const res = await apiRequest<StudentAssignmentResponse>(`/api/assignments/${encodeURIComponent(id)}/me`, { token });
    if (!res.ok) {
      if (res.status === 403) return onForget();
      return setError(res.message);
    }
    setError(null);
    setData(res.data);
    setCurrent((c) => {
      if (c !== 0) return c;
      const first = res.data.questions.findIndex((q) => !q.done);
      return first < 0 ? 0 : first;
    });
  }, [id, token, onForget]);

  useEffect(() => {
    void load();
  }, [load]);

  const send = useCallback(async (p: PendingAnswer) => {
    setPending(p);
    setNote(null);
    // Kept until the server answers, so a reload or a lost reply resends it with the same id (no second attempt).
    writeStored(pendingKey(id), p);
    const res = await apiRequest<SubmitAttemptResponse>(`/api/assignments/${encodeURIComponent(id)}/answer`, { token, body: p });
    if (!res.ok) {
      // Lost on the way: keep the answer (same id) so "Send again" uses no second attempt.
      if (res.status === 0) return setNote(res.message);
      removeStored(pendingKey(id));
      setPending(null);
      if (res.error === 'answer/unreadable') return setNote(`${res.message} (No attempt was used.)`);
      setNote(res.message);
      return load();
    }
    removeStored(pendingKey(id));
    setPending(null);
    setData((d) => (d ? { ...d, mark: res.data.mark, questions: d.questions.map((q) => (q.questionId === res.data.question.questionId ? res.data.question : q)) } : d));
  }, [id, token, load]);

  // An answer left unsent when the page closed goes out once the assignment has loaded.
  const [resumed, setResumed] = useState(false);
  useEffect(() => {
    if (!data || resumed) return;
    setResumed(true);
    const left = readStored(pendingKey(id), isPending);
    if (left) void send(left);
  }, [data, resumed, id, send]);

  if (error) {
    return (
      <p className="rp-error" role="alert">
        {error}{' '}
        <button type="button" className="rp-btn rp-btn-small" onClick={() => void load()}>
          Retry
        </button>
      </p>
    );
  }
  if (!data) return <p className="rp-muted">Loading your assignment…</p>;
  const q = data.questions[current];
  const open = data.assignment.status === 'open';
  return (
    <>
      <p className="rp-card as-mark" data-testid="assignment-mark">
        <span>
          Hi <span className="rp-strong">{data.nickname}</span>
        </span>
        <span>
          <span className="rp-strong" data-testid="mark-points">
            {data.mark.points}
          </span>{' '}
          of {data.mark.maxPoints} points · {data.mark.done} of {data.questions.length} done
        </span>
      </p>
      <nav className="as-tabs" aria-label="Questions">
        {data.questions.map((x, i) => (
          <button
            key={x.questionId}
            type="button"
            className={`as-tab${i === current ? ' as-tab-current' : ''}${x.done ? (x.bestCredit === 1 ? ' as-tab-right' : ' as-tab-done') : x.attemptsUsed > 0 ? ' as-tab-tried' : ''}`}
            aria-current={i === current ? 'step' : undefined}
            onClick={() => {
              setCurrent(i);
              setNote(null);
            }}
            data-testid="assignment-tab"
          >
            <span>Q{i + 1}</span>
            <span aria-hidden="true">{x.done ? (x.bestCredit === 1 ? '✓' : '•') : x.attemptsUsed > 0 ? '◐' : ''}</span>
            <span className="rp-sr-only">{x.done ? (x.bestCredit === 1 ? 'correct' : 'done') : x.attemptsUsed > 0 ? 'tried' : 'not started'}</span>
          </button>
        ))}
      </nav>
      {q ? (
        <QuestionPanel
          q={q}
          count={data.questions.length}
          allowed={data.assignment.attempts}
          open={open}
          pending={pending !== null}
          note={note}
          onSubmit={(answer) => void send({ answerId: newSubmissionId(), questionId: q.questionId, attempt: q.attemptsUsed + 1, answer })}
        />
      ) : null}
      {pending && note ? (
        <button type="button" className="rp-btn rp-btn-primary rp-btn-block" onClick={() => void send(pending)}>
          Send again
        </button>
      ) : null}
      {q && q.done && current + 1 < data.questions.length ? (
        <button type="button" className="rp-btn rp-btn-primary rp-btn-block" onClick={() => setCurrent(current + 1)} data-testid="next-question">
          Next question
        </button>
      ) : null}
      <p className="as-links">
        <Link href={`/me?class=${encodeURIComponent(data.assignment.classId)}`}>My answers and reclaim code</Link> ·{' '}
        <Link href={`/practice?class=${encodeURIComponent(data.assignment.classId)}`}>Practise my mistakes</Link>
      </p>
    </>
  );
}

export function StudentAssignment({ assignmentId }: { assignmentId: string }) {
  const [info, setInfo] = useState<Info | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<string | null | undefined>(undefined);

  useEffect(() => {
    void (async () => {
      const res = await apiRequest<Info>(`/api/assignments/${encodeURIComponent(assignmentId)}/info`);
      if (!res.ok) return setError(res.status === 404 ? 'There is no assignment at this address. Check the link.' : res.message);
      setInfo(res.data);
      setToken(loadMemberToken(res.data.assignment.classId));
    })();
  }, [assignmentId]);

  const forget = useCallback(() => setToken(null), []);

  return (
    <main className="rp-page rp-phone as-page">
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : !info ? (
        <p className="rp-muted">Loading…</p>
      ) : (
        <>
          <header className="as-head">
            <p className="rp-kicker">{info.className}</p>
            <h1 data-testid="assignment-title">{info.assignment.title}</h1>
            <p className="rp-muted">
              <span className={`rp-tag as-status-${info.assignment.status}`} data-testid="assignment-status">
                {STATUS_TEXT[info.assignment.status]}
              </span>{' '}
              {info.assignment.status === 'upcoming' ? `opens ${dateTime(info.assignment.opensAt)}` : `closes ${dateTime(info.assignment.closesAt)}`} · {info.assignment.questionCount} questions · up to{' '}
              {info.assignment.attempts} attempts each · your best attempt counts
            </p>
          </header>
          {token === undefined ? null : token === null ? <Join info={info} onJoined={setToken} /> : <Work info={info} token={token} onForget={forget} />}
        </>
      )}
    </main>
  );
}
