'use client';
/** The host console: set up a game, then one projector screen per phase. */
import { ConnectionStatus } from '../connection-status';
import { useConnectionStatus } from '../lib/socket';
import { HostFinal, HostLeaderboard, HostLobby, HostQuestion, HostReveal } from './host-screens';
import { PackSetup } from './pack-setup';
import { useHost } from './use-host';

export function HostApp() {
  const { state, create, command, leave } = useHost();
  const status = useConnectionStatus();
  const { view, room } = state;
  return (
    <div className="app app-host" data-stage={state.stage} data-phase={room?.phase ?? ''}>
      <header className="h-top">
        <h1 className="brand">
          gradflow <span className="muted h-role">host</span>
        </h1>
        {room ? (
          <p className="h-top-title">
            {room.title} · code <strong data-testid="topbar-code">{room.code}</strong>
          </p>
        ) : null}
        <ConnectionStatus />
        {state.stage !== 'setup' && room?.phase !== 'final' ? (
          <button
            type="button"
            className="btn h-leave"
            onClick={leave}
            title="Forget this game on this computer"
          >
            Leave
          </button>
        ) : null}
      </header>
      {state.stage !== 'setup' && status !== 'connected' ? (
        <div className="offline-banner" role="alert">
          Connection lost: reconnecting… the game keeps running on the server.
        </div>
      ) : null}
      <main className="h-main">
        {state.stage === 'setup' ? <PackSetup onCreate={create} notice={state.notice} /> : null}
        {state.stage === 'attaching' || (state.stage === 'running' && (!view || !room)) ? (
          <p className="muted h-waiting">Reconnecting to your game…</p>
        ) : null}
        {state.stage === 'running' && view && room ? (
          room.phase === 'lobby' ? (
            <HostLobby view={view} room={room} command={command} />
          ) : room.phase === 'question' ? (
            <HostQuestion
              view={view}
              room={room}
              progress={state.progress}
              offset={state.offset}
              command={command}
            />
          ) : room.phase === 'reveal' ? (
            <HostReveal view={view} room={room} command={command} />
          ) : room.phase === 'leaderboard' ? (
            <HostLeaderboard view={view} room={room} command={command} />
          ) : (
            <HostFinal room={room} onNewGame={leave} />
          )
        ) : null}
      </main>
    </div>
  );
}
