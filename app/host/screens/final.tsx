'use client';
/** The end of the game on the projector: the podium, the rest of the leaders and New game. */
import type { RoomView } from '@/engine/protocol';
import { Podium } from '../../components/podium';
import { LeaderList } from './leaderboard';

export function HostFinal({ room, onNewGame }: { room: RoomView; onNewGame: () => void }) {
  return (
    <section className="h-final" data-testid="host-final">
      <h2 className="h-title">Final results</h2>
      <Podium room={room} size="projector" staged />
      {room.leaders.length > 3 ? <LeaderList room={{ ...room, leaders: room.leaders.slice(3) }} /> : null}
      <div className="h-controls">
        <button type="button" className="btn btn-primary btn-xl" data-testid="new-game" onClick={onNewGame}>
          New game
        </button>
      </div>
    </section>
  );
}
