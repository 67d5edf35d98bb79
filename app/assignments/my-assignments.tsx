'use client';
/**
 * A student's assignments in one class, with their own mark on each and a
 * link to practise their mistakes; shown on the class page and on
 * `/me?class=` when this phone keeps the class's member token.
 */
import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { StudentAssignmentListResponse } from '@/engine/assignments';
import { dateTime } from '../reports/_lib/format';
import { apiRequest } from './_lib/request';
import './assignments.css';

const STATUS_TEXT = { upcoming: 'opens', open: 'open until', closed: 'closed' } as const;

export function MyAssignments({ classId, token }: { classId: string; token: string }) {
  const [list, setList] = useState<StudentAssignmentListResponse['assignments'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void apiRequest<StudentAssignmentListResponse>(`/api/classes/${encodeURIComponent(classId)}/assignments/me`, { token }).then((r) => (r.ok ? setList(r.data.assignments) : setError(r.message)));
  }, [classId, token]);
  if (error) return <p className="rp-muted">{error}</p>;
  if (!list) return null;
  return (
    <section className="rp-section" aria-labelledby="my-assignments-title" data-testid="my-assignments">
      <h2 id="my-assignments-title">Assignments</h2>
      {list.length === 0 ? (
        <p className="rp-muted">No assignments in this class yet.</p>
      ) : (
        <ul className="rp-links">
          {list.map((a) => (
            <li key={a.id}>
              <Link href={`/a/${encodeURIComponent(a.id)}`}>{a.title}</Link>{' '}
              <span className="rp-muted">
                {STATUS_TEXT[a.status]} {a.status === 'upcoming' ? dateTime(a.opensAt) : a.status === 'open' ? dateTime(a.closesAt) : ''} ·{' '}
                {a.started ? `${a.mark.points} of ${a.mark.maxPoints} points` : 'not started'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link className="rp-btn" href={`/practice?class=${encodeURIComponent(classId)}`} data-testid="practice-link">
          Practise my mistakes
        </Link>
      </p>
    </section>
  );
}
