'use client';
/** The student's own history: one game, a whole class, or what this phone remembers. */
import Link from 'next/link';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { ClassHistoryResponse, ClassLeaderboardResponse, GameHistoryResponse, MemberResponse, ReportAnswer, StudentGame } from '@/engine/reports';
import { historyUrl, isMemberToken, loadMemberToken, rememberedClasses, rememberedGame, rememberedGames, saveMemberToken, type RememberedGame } from '../lib/member';
import { apiJson } from '../reports/_lib/fetch-json';
import { dateTime, points, seconds, VERDICTS } from '../reports/_lib/format';
import { Latex, MathText } from '../reports/_lib/math-text';
import '../reports/_lib/reports.css';
import { MyAssignments } from '../assignments/my-assignments';

/** The seat the live game keeps (app/student/session.ts), used when the game was not remembered here. */
const SEAT_KEY = 'gradflow.player';

function playerTokenFor(roomId: string): string | null {
  const remembered = rememberedGame(roomId);
  if (remembered) return remembered.playerToken;
  try {
    const seat = JSON.parse(window.localStorage.getItem(SEAT_KEY) ?? 'null') as { roomId?: unknown; playerToken?: unknown } | null;
    return seat && seat.roomId === roomId && typeof seat.playerToken === 'string' ? seat.playerToken : null;
  } catch {
    return null;
  }
}

function AnswerItem({ a, game }: { a: ReportAnswer; game: StudentGame }) {
  const q = game.questions[a.questionIndex];
  const key = a.key ?? q?.key ?? null;
  const v = VERDICTS[a.verdict];
  return (
    <li className={`rp-card rp-my-answer rp-v-${a.verdict}`} data-testid="my-answer">
      <p className="rp-my-answer-head">
        <span className="rp-strong">Q{a.questionIndex + 1}</span>
        <span className="rp-verdict">
          <span aria-hidden="true">{v.symbol}</span> {v.text}
        </span>
        <span className="rp-my-points">{a.points} pts</span>
      </p>
      {q ? (
        <p className="rp-prompt">
          <MathText text={q.prompt} />
        </p>
      ) : null}
      {q && q.status !== 'scored' ? (
        <p className="rp-muted">{q.status === 'skipped' ? 'The host skipped this question: it scored no points.' : 'The game ended while this question was open: it scored no points.'}</p>
      ) : null}
      {a.answer ? (
        <p>
          You answered: <code className="rp-wrap">{a.answerText || '(empty)'}</code>
          {a.responseMs !== null ? <span className="rp-muted"> in {seconds(a.responseMs)}</span> : null}
        </p>
      ) : null}
      {a.notes.length > 0 ? (
        <ul className="rp-notes">
          {a.notes.map((n, i) => (
            <li key={i}>
              <MathText text={n.message} plain />
            </li>
          ))}
        </ul>
      ) : null}
      {key && a.verdict !== 'correct' && a.verdict !== 'absent' && a.verdict !== 'voted' ? (
        <div className="rp-my-key">
          <span className="rp-muted">Answer: </span>
          {key.latex ? <Latex tex={key.latex} /> : <span>{key.text}</span>}
        </div>
      ) : null}
      {q?.explanation && a.verdict !== 'correct' && a.verdict !== 'absent' ? (
        <p className="rp-muted">
          <MathText text={q.explanation} />
        </p>
      ) : null}
    </li>
  );
}

function GameCard({ game, open = true }: { game: StudentGame; open?: boolean }) {
  const top = game.leaderboard.slice(0, 5);
  const meShown = top.some((r) => r.nickname === game.nickname);
  return (
    <details className="rp-game" open={open} data-testid="my-game">
      <summary>
        <span className="rp-strong">{game.title}</span>
        <span className="rp-muted rp-game-date">{dateTime(game.endedAt)}</span>
        <span>
          {game.nickname}: <span className="rp-strong">{points(game.score)} points</span>, rank {game.rank} of {game.players}
        </span>
      </summary>
      <ol className="rp-board rp-board-small" aria-label="Leaderboard">
        {top.map((r, i) => (
          <li key={i} className={r.nickname === game.nickname ? 'rp-is-me' : undefined}>
            <span className="rp-board-rank">{r.rank}</span>
            <span className="rp-board-name">{r.nickname}</span>
            <span className="rp-board-points">{points(r.score)}</span>
          </li>
        ))}
        {!meShown ? (
          <li className="rp-is-me">
            <span className="rp-board-rank">{game.rank}</span>
            <span className="rp-board-name">{game.nickname}</span>
            <span className="rp-board-points">{points(game.score)}</span>
          </li>
        ) : null}
      </ol>
      <ol className="rp-my-answers">
        {game.answers.map((a) => (
          <AnswerItem key={a.questionIndex} a={a} game={game} />
        ))}
      </ol>
    </details>
  );
}

function ReclaimForm({ classId, notice }: { classId: string | null; notice?: string }) {
  const [className, setClassName] = useState<string | null>(null);
  useEffect(() => {
    if (!classId) return;
    void apiJson<ClassLeaderboardResponse>(`/api/classes/${encodeURIComponent(classId)}/leaderboard`).then((res) => setClassName(res.ok ? res.data.name : null));
  }, [classId]);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const token = code.trim();
    if (!isMemberToken(token)) return setError('A reclaim code looks like two groups of letters and digits joined by a dot.');
    setBusy(true);
    const res = await apiJson<MemberResponse>('/api/members/me', token);
    setBusy(false);
    if (!res.ok) return setError(res.status === 403 ? 'That reclaim code is not valid.' : res.message);
    saveMemberToken(res.data.classId, token);
    window.location.assign(historyUrl({ classId: res.data.classId }));
  };
  return (
    <form className="rp-card rp-reclaim" onSubmit={(e) => void submit(e)} data-testid="reclaim-form">
      {className ? <p className="rp-kicker">{className}</p> : null}
      <h2>Use my code</h2>
      <p className="rp-muted">
        {notice ??
          (classId
            ? 'This phone has no identity in this class yet. On a new phone, type the reclaim code your old phone showed to get your points and answers back.'
            : 'New phone? Type the reclaim code your old phone showed on this page to get your class history back.')}
      </p>
      <label className="rp-label" htmlFor="reclaim-code">
        Reclaim code
      </label>
      <input
        id="reclaim-code"
        className="rp-input"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="rp-btn rp-btn-primary rp-btn-block" disabled={busy || !code.trim()}>
        {busy ? 'Checking…' : 'Use my code'}
      </button>
    </form>
  );
}

function ReclaimCode({ token }: { token: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="rp-card rp-reclaim-code" data-testid="reclaim-code">
      <h2>Your reclaim code</h2>
      <p className="rp-muted">Keep it somewhere safe. On a new phone, open this page and choose “Use my code” to keep your points. Do not share it: it opens your answers.</p>
      <p className="rp-code">
        <code>{token}</code>
      </p>
      <button type="button" className="rp-btn" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy the code'}
      </button>
    </div>
  );
}

function GameHistory({ roomId }: { roomId: string }) {
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'no-token' } | { kind: 'error'; message: string; retry: boolean } | { kind: 'ok'; data: GameHistoryResponse; classToken: boolean }>({ kind: 'loading' });
  const load = useCallback(async () => {
    const token = playerTokenFor(roomId);
    if (!token) return setState({ kind: 'no-token' });
    setState({ kind: 'loading' });
    const res = await apiJson<GameHistoryResponse>(`/api/games/${encodeURIComponent(roomId)}/me`, token);
    if (res.ok) return setState({ kind: 'ok', data: res.data, classToken: res.data.classId !== null && loadMemberToken(res.data.classId) !== null });
    if (res.status === 404) return setState({ kind: 'error', message: 'Your answers appear here when the game ends.', retry: true });
    if (res.status === 403) return setState({ kind: 'error', message: 'This phone cannot open that game’s answers: students see only their own.', retry: false });
    setState({ kind: 'error', message: res.message, retry: true });
  }, [roomId]);
  useEffect(() => {
    void load();
  }, [load]);

  switch (state.kind) {
    case 'loading':
      return <p className="rp-muted">Loading your answers…</p>;
    case 'no-token':
      return <p className="rp-notice">This phone did not play that game. Open this page on the phone you played on.</p>;
    case 'error':
      return (
        <div className="rp-notice" role="status">
          <p>{state.message}</p>
          {state.retry ? (
            <button type="button" className="rp-btn" onClick={() => void load()}>
              Try again
            </button>
          ) : null}
        </div>
      );
    case 'ok':
      return (
        <>
          <header className="rp-my-head">
            <h1>My answers</h1>
          </header>
          <GameCard game={state.data.game} />
          {state.data.classId && state.classToken ? (
            <p>
              <Link className="rp-btn rp-btn-block" href={historyUrl({ classId: state.data.classId })}>
                All my games in this class
              </Link>
            </p>
          ) : null}
        </>
      );
  }
}

function ClassHistory({ classId }: { classId: string }) {
  const [token, setToken] = useState<string | null | undefined>(undefined);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'refused' } | { kind: 'error'; message: string } | { kind: 'ok'; data: ClassHistoryResponse }>({ kind: 'loading' });
  useEffect(() => setToken(loadMemberToken(classId)), [classId]);
  const load = useCallback(async () => {
    if (!token) return;
    setState({ kind: 'loading' });
    const res = await apiJson<ClassHistoryResponse>(`/api/classes/${encodeURIComponent(classId)}/me`, token);
    if (res.ok) return setState({ kind: 'ok', data: res.data });
    if (res.status === 403) return setState({ kind: 'refused' });
    setState({ kind: 'error', message: res.status === 404 ? 'There is no class at this address.' : res.message });
  }, [classId, token]);
  useEffect(() => {
    void load();
  }, [load]);

  if (token === undefined) return <p className="rp-muted">Loading…</p>;
  if (token === null) return <ReclaimForm classId={classId} />;
  switch (state.kind) {
    case 'loading':
      return <p className="rp-muted">Loading your answers…</p>;
    case 'refused':
      return <ReclaimForm classId={classId} notice="The code kept on this phone does not open this class. Type your reclaim code." />;
    case 'error':
      return (
        <p className="rp-error" role="alert">
          {state.message}
        </p>
      );
    case 'ok': {
      const d = state.data;
      const last = d.games.length - 1;
      return (
        <>
          <header className="rp-my-head">
            <p className="rp-kicker">{d.name}</p>
            <h1 data-testid="my-class-title">{d.nickname}</h1>
            <p className="rp-my-total">
              <span className="rp-strong">{points(d.points)} points</span>
              {d.rank !== null ? <span> · rank {d.rank} in the class</span> : null}
            </p>
            <p>
              <Link href={`/classes/${encodeURIComponent(d.classId)}`}>Class leaderboard →</Link>
            </p>
          </header>
          <MyAssignments classId={d.classId} token={token} />
          {d.games.length === 0 ? <p className="rp-muted">No finished games yet.</p> : null}
          {d.games
            .map((g, i) => <GameCard key={g.roomId} game={g} open={i === last} />)
            .reverse()}
          <ReclaimCode token={token} />
        </>
      );
    }
  }
}

function PhoneMemory() {
  const [games, setGames] = useState<RememberedGame[] | null>(null);
  const [classes, setClasses] = useState<{ classId: string; name: string }[]>([]);
  useEffect(() => {
    setGames(rememberedGames());
    const ids = rememberedClasses();
    void Promise.all(
      ids.map(async (classId) => {
        const res = await apiJson<MemberResponse>('/api/members/me', loadMemberToken(classId));
        return { classId, name: res.ok ? res.data.name : 'Class' };
      }),
    ).then(setClasses);
  }, []);
  return (
    <>
      <header className="rp-my-head">
        <h1>My answers</h1>
        <p className="rp-muted">Games and classes played on this phone.</p>
      </header>
      {classes.length > 0 ? (
        <section className="rp-section">
          <h2>Classes</h2>
          <ul className="rp-links">
            {classes.map((c) => (
              <li key={c.classId}>
                <Link className="rp-btn rp-btn-block" href={historyUrl({ classId: c.classId })}>
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="rp-section">
        <h2>Games</h2>
        {games === null ? null : games.length === 0 ? (
          <p className="rp-muted">No games on this phone yet.</p>
        ) : (
          <ul className="rp-links">
            {games.map((g) => (
              <li key={g.roomId}>
                <Link className="rp-btn rp-btn-block" href={historyUrl({ roomId: g.roomId })}>
                  {g.nickname} · {dateTime(g.joinedAt)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ReclaimForm classId={null} />
    </>
  );
}

export function MyHistory({ room, classId }: { room: string | null; classId: string | null }) {
  return (
    <main className="rp-page rp-phone" data-testid="my-history">
      <p className="rp-back">
        <Link href="/">← Join a game</Link>
        {room || classId ? (
          <>
            {' · '}
            <Link href="/me">Everything on this phone</Link>
          </>
        ) : null}
      </p>
      {classId ? <ClassHistory classId={classId} /> : room ? <GameHistory roomId={room} /> : <PhoneMemory />}
    </main>
  );
}
