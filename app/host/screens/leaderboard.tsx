'use client';
/** The leaderboard between questions on the projector, then Next. */
import type { HostView, RoomView } from '@/engine/protocol';
import { ordinal, points } from '../../lib/format';
import { NextControls, type Command } from './controls';

/** The ranked rows of the room's leaders (also below the podium at the end). */
export function LeaderList({ room }: { room: RoomView }) {
  return (
    <ol className="h-leaders" data-testid="host-leaders">
      {room.leaders.map((r) => (
        <li
          key={`${r.rank}-${r.nickname}`}
          data-rank={r.rank}
          data-score={r.score}
          data-nickname={r.nickname}
        >
          <span className="h-leader-rank">{ordinal(r.rank)}</span>
          <span className="h-leader-name name">{r.nickname}</span>
          <span className="h-leader-score">{points(r.score)}</span>
        </li>
      ))}
    </ol>
  );
}

export function HostLeaderboard({
  view,
  room,
  command,
}: {
  view: HostView;
  room: RoomView;
  command: Command;
}) {
  return (
    <section className="h-leaderboard" data-testid="host-leaderboard">
      <h2 className="h-title">Leaderboard</h2>
      {room.leaders.length === 0 ? <p className="muted">No scores yet.</p> : <LeaderList room={room} />}
      <NextControls view={view} room={room} command={command} />
    </section>
  );
}

