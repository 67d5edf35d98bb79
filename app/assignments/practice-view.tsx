'use client';
/**
 * Practice on the phone (`/practice?class=<classId>`): the questions this
 * student missed in the class's games and assignments, on fresh variants, and
 * new ones the engine aims at the mistakes they made most. Answers are graded
 * with the key shown at once; nothing is stored and no mark changes.
 */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { PracticeAnswerResponse, PracticeItem, PracticeResponse } from '@/engine/practice';
import type { AnswerPayload } from '@/engine/protocol';
import { LazyNetworkGraph } from '../components/lazy';
import { Markdown } from '../components/markdown';
import { loadMemberToken } from '../lib/member';
import '../reports/_lib/reports.css';
import { AnswerControl } from '../student/question-screen';
import { AttemptResult } from './_lib/attempt-result';
import { apiRequest } from './_lib/request';
import './assignments.css';

function Item({ item, classId, token }: { item: PracticeItem; classId: string; token: string }) {
  const [result, setResult] = useState<{ answer: AnswerPayload; data: PracticeAnswerResponse } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState(false);
  const q = item.question;
  const showGraph = q.network !== null && q.type !== 'highlight' && q.type !== 'expression';
  const submit = async (answer: AnswerPayload) => {
    setBusy(true);
    const res = await apiRequest<PracticeAnswerResponse>(`/api/classes/${encodeURIComponent(classId)}/practice/answer`, { token, body: { id: item.id, seed: item.seed, answer } });
    setBusy(false);
    if (!res.ok) return setNote(res.error === 'answer/unreadable' ? res.message : `${res.message}`);
    setNote(null);
    setResult({ answer, data: res.data });
  };
  return (
    <section className="rp-card as-practice-item" data-testid="practice-item" data-kind={item.kind}>
      <p className="as-practice-label">{item.label}</p>
      <div className="prompt">
        <Markdown text={q.prompt} />
      </div>
      {showGraph ? <LazyNetworkGraph network={q.network} target={q.target} mode="show" title="The network of this question" /> : null}
      {result ? (
        <>
          <AttemptResult verdict={result.data.verdict} credit={result.data.credit} answer={result.answer} read={result.data.read} notes={result.data.notes} question={q} explanation={result.data.explanation} answerKey={result.data.key} />
          <button
            type="button"
            className="rp-btn"
            onClick={() => {
              setResult(null);
              setRound((r) => r + 1);
            }}
          >
            Try it again
          </button>
        </>
      ) : (
        <>
          {note ? (
            <p className="error" role="alert">
              {note}
            </p>
          ) : null}
          <AnswerControl key={round} question={q} onSubmit={(a) => void submit(a)} disabled={busy} />
        </>
      )}
    </section>
  );
}

export function PracticeView({ classId }: { classId: string | null }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [data, setData] = useState<PracticeResponse | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (t: string, cls: string) => {
    const res = await apiRequest<PracticeResponse>(`/api/classes/${encodeURIComponent(cls)}/practice`, { token: t });
    if (!res.ok) return setError(res.message);
    setError(null);
    setData(res.data);
  }, []);

  useEffect(() => {
    if (!classId) return;
    const t = loadMemberToken(classId);
    setToken(t);
    if (t) void load(t, classId);
  }, [classId, load]);

  return (
    <main className="rp-page rp-phone as-page">
      <header className="as-head">
        <p className="rp-kicker">Practice</p>
        <h1>Practise your mistakes</h1>
        <p className="rp-muted">Questions you missed, on fresh variants, and new ones aimed at the mistakes you made most. Practice never changes your marks.</p>
      </header>
      {!classId ? (
        <p className="rp-notice">
          Open practice from your class: <Link href="/me">My answers</Link>.
        </p>
      ) : token === null ? (
        <p className="rp-notice">
          This phone has no code for this class. <Link href={`/me?class=${encodeURIComponent(classId)}`}>Use my code</Link> first.
        </p>
      ) : error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : !data || !token ? (
        <p className="rp-muted">Loading…</p>
      ) : data.items.length === 0 ? (
        <p className="rp-notice">Nothing to practise yet: every question you answered was right.</p>
      ) : (
        <>
          {data.codes.length > 0 ? (
            <section className="rp-card" aria-labelledby="codes-title" data-testid="practice-codes">
              <h2 id="codes-title">Your most frequent mistakes</h2>
              <ul className="rp-notes">
                {data.codes.map((c) => (
                  <li key={c.code}>
                    {c.message} <span className="rp-muted">({c.count}×)</span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.items.map((item) => (
            <Item key={item.id} item={item} classId={classId} token={token} />
          ))}
        </>
      )}
    </main>
  );
}
