'use client';
import { remainingMs, useNow } from '../lib/clock';

/** A question's countdown from the server deadline, corrected by the clock offset. */
export function Countdown({
  deadline,
  offset,
  totalMs,
  size = 'phone',
}: {
  deadline: number | null;
  offset: number;
  totalMs: number;
  size?: 'phone' | 'projector';
}) {
  const now = useNow(deadline !== null);
  const left = remainingMs(deadline, offset, now);
  const seconds = Math.ceil(left / 1000);
  const fraction = totalMs > 0 ? Math.min(1, left / totalMs) : 0;
  const urgent = seconds <= 5;
  return (
    <div
      className={`countdown countdown-${size}`}
      data-testid="countdown"
      data-remaining-ms={Math.round(left)}
      data-urgent={urgent ? 'true' : 'false'}
      role="timer"
      aria-label={left > 0 ? `${seconds} seconds left` : "Time's up"}
    >
      <span className="countdown-number" aria-hidden="true">
        {left > 0 ? seconds : 0}
        <span className="countdown-unit">s</span>
      </span>
      <span className="countdown-track" aria-hidden="true">
        <span className="countdown-fill" style={{ transform: `scaleX(${fraction})` }} />
      </span>
    </div>
  );
}
