'use client';
/** The top three of a game on a podium, on the phone's final screen and the projector's. */
import { useEffect, useState } from 'react';
import type { RoomView } from '@/engine/protocol';
import { ordinal, points } from '../lib/format';
import { podiumSchedule } from '../lib/podium-reveal';
import { usePrefersReducedMotion } from '../lib/reduced-motion';

/**
 * The top three on a podium (2nd, 1st, 3rd from left to right). `staged`
 * (the projector) reveals third, second, then first, or all at once with
 * reduced motion; `data-revealed` says how far it got (`all` at the end).
 * `me` marks the viewer's own place (the phone).
 */
export function Podium({
  room,
  size = 'phone',
  staged = false,
  me = null,
}: {
  room: RoomView;
  size?: 'phone' | 'projector';
  staged?: boolean;
  me?: string | null;
}) {
  const top = room.leaders.filter((r) => r.rank <= 3).slice(0, 3);
  const reduced = usePrefersReducedMotion();
  const schedule = podiumSchedule(top.length, reduced || !staged);
  const [step, setStep] = useState(0);
  useEffect(() => {
    const timers = schedule.slice(1).map((s, i) => window.setTimeout(() => setStep(i + 1), s.atMs));
    return () => timers.forEach((t) => window.clearTimeout(t));
    // The schedule depends only on how many places there are and how they are shown.
  }, [top.length, reduced, staged]);
  if (top.length === 0) return <p className="muted">No scores yet.</p>;
  const shown = new Set(schedule[Math.min(step, schedule.length - 1)]?.shown ?? []);
  const order = [top[1], top[0], top[2]];
  const slotOf = [2, 1, 3];
  return (
    <ol
      className={`podium podium-${size}${staged ? ' podium-staged' : ''}`}
      data-testid="podium"
      data-revealed={shown.size === top.length ? 'all' : String(shown.size)}
      aria-label="Podium"
      aria-live={staged ? 'polite' : undefined}
    >
      {order.map((r, i) =>
        r ? (
          <li
            key={r.nickname}
            className={`podium-step podium-${['second', 'first', 'third'][i]}${shown.has(slotOf[i] ?? 0) ? '' : ' podium-hidden'}${me === r.nickname ? ' is-me' : ''}`}
            data-rank={r.rank}
            data-score={r.score}
            value={r.rank}
          >
            <span className="podium-name name">
              {r.nickname}
              {me === r.nickname ? <span className="podium-you"> (you)</span> : null}
            </span>
            <span className="podium-score">{points(r.score)}</span>
            <span className="podium-block" aria-hidden="true">
              {r.rank}
            </span>
            <span className="sr-only">{ordinal(r.rank)} place</span>
          </li>
        ) : null,
      )}
    </ol>
  );
}
