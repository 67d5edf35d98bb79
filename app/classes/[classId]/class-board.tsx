'use client';
/** The class leaderboard: points summed over the class's games, and how the top students got there. */
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import type { ClassLeaderboardResponse } from '@/engine/reports';
import { CumulativeChart, SeriesSwatch } from '../../reports/_lib/charts';
import { apiJson } from '../../reports/_lib/fetch-json';
import { points, shortDate } from '../../reports/_lib/format';
import '../../reports/_lib/reports.css';
import { MyAssignments } from '../../assignments/my-assignments';
import { loadMemberToken } from '../../lib/member';

export function ClassBoard({ classId }: { classId: string }) {
  const [board, setBoard] = useState<ClassLeaderboardResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [withAssignments, setWithAssignments] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  useEffect(() => setToken(loadMemberToken(classId)), [classId]);

  const load = useCallback(async () => {
    const res = await apiJson<ClassLeaderboardResponse>(`/api/classes/${encodeURIComponent(classId)}/leaderboard${withAssignments ? '?assignments=include' : ''}`);
    if (!res.ok) return setError(res.status === 404 ? 'There is no class at this address.' : res.message);
    setError(null);
    setBoard(res.data);
  }, [classId, withAssignments]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <main className="rp-page rp-page-class">
      {error ? (
        <p className="rp-error" role="alert">
          {error}
        </p>
      ) : !board ? (
        <p className="rp-muted">Loading the leaderboard…</p>
      ) : (
        <>
          <header className="rp-head">
            <div>
              <p className="rp-kicker">Class leaderboard</p>
              <h1 data-testid="class-name">{board.name}</h1>
              <p className="rp-muted">
                {board.games.length} {board.games.length === 1 ? 'game' : 'games'} · {board.leaderboard.length} students · points added up over every game
                {withAssignments ? ' and assignment (1000 points per question at full credit)' : ''}
              </p>
              <label className="rp-row">
                <input type="checkbox" checked={withAssignments} onChange={(e) => setWithAssignments(e.target.checked)} data-testid="include-assignments" /> Include assignments
              </label>
            </div>
            <nav className="rp-head-actions">
              <Link className="rp-btn rp-btn-primary" href={`/me?class=${encodeURIComponent(board.classId)}`}>
                My answers
              </Link>
            </nav>
          </header>
          {token ? <MyAssignments classId={board.classId} token={token} /> : null}
          {board.leaderboard.length === 0 ? (
            <p className="rp-muted">No games in this class yet.</p>
          ) : (
            <div className="rp-class-grid">
              <section className="rp-section" aria-labelledby="board-title">
                <h2 id="board-title">Leaderboard</h2>
                <ol className="rp-board" data-testid="class-leaderboard">
                  {board.leaderboard.map((r, i) => (
                    <li key={i} className={r.rank <= 3 ? `rp-top rp-top-${r.rank}` : undefined}>
                      <span className="rp-board-rank">{r.rank}</span>
                      <span className="rp-board-name">{r.nickname}</span>
                      <span className="rp-board-games rp-muted">
                        {r.games} {r.games === 1 ? 'game' : 'games'}
                      </span>
                      <span className="rp-board-points">{points(r.points)}</span>
                    </li>
                  ))}
                </ol>
              </section>
              <section className="rp-section" aria-labelledby="chart-title">
                <h2 id="chart-title">Over the term</h2>
                <p className="rp-muted">Points after each game, top {board.series.length}.</p>
                <CumulativeChart
                  title={`Cumulative points of the top ${board.series.length} students after each game`}
                  games={board.games.map((g) => ({ title: g.title, label: shortDate(g.endedAt) }))}
                  series={board.series}
                />
                <ul className="rp-legend" aria-label="Legend">
                  {board.series.map((s, i) => (
                    <li key={i}>
                      <SeriesSwatch index={i} /> {s.nickname} <span className="rp-muted">{points(s.cumulative[s.cumulative.length - 1] ?? 0)}</span>
                    </li>
                  ))}
                </ul>
              </section>
            </div>
          )}
        </>
      )}
    </main>
  );
}
