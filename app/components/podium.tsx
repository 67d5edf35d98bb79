/** The top three of a game on a podium, on the phone's final screen and the projector's. */
import type { RoomView } from '@/engine/protocol';
import { ordinal, points } from '../lib/format';

/** The top three on a podium (2nd, 1st, 3rd from left to right). */
export function Podium({ room, size = 'phone' }: { room: RoomView; size?: 'phone' | 'projector' }) {
  const top = room.leaders.filter((r) => r.rank <= 3).slice(0, 3);
  if (top.length === 0) return <p className="muted">No scores yet.</p>;
  const order = [top[1], top[0], top[2]];
  return (
    <ol className={`podium podium-${size}`} data-testid="podium" aria-label="Podium">
      {order.map((r, i) =>
        r ? (
          <li
            key={r.nickname}
            className={`podium-step podium-${['second', 'first', 'third'][i]}`}
            data-rank={r.rank}
            data-score={r.score}
            value={r.rank}
          >
            <span className="podium-name name">{r.nickname}</span>
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
