'use client';
/** The host console: set up a game, then one projector screen per phase, chosen by `hostScreen` from the session state. */
import { assertNever } from '@/engine/types';
import { ConnectionStatus } from '../connection-status';
import { useConnectionStatus } from '../lib/socket';
import { hostScreen, type HostScreen } from './host-screen';
import type { HostSession } from './host-session';
import { PackSetup } from './pack-setup';
import type { Command } from './screens/controls';
import { HostFinal } from './screens/final';
import { HostLeaderboard } from './screens/leaderboard';
import { HostLobby } from './screens/lobby';
import { HostQuestion } from './screens/question';
import { HostReveal } from './screens/reveal';
import { useHostSound } from './sound/use-host-sound';
import { useHost } from './use-host';

export function HostApp() {
  const { state, session } = useHost();
  const status = useConnectionStatus();
  const { room } = state;
  const sound = useHostSound({
    phase: room?.phase ?? null,
    questionIndex: room?.questionIndex ?? -1,
    deadline: room?.deadline ?? null,
    offset: state.offset,
  });
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
        <button
          type="button"
          className="btn h-leave h-mute"
          aria-pressed={sound.muted}
          data-testid="sound-mute"
          onClick={sound.toggle}
          title="Lobby music, countdown and reveal sounds on this projector (remembered on this computer)"
        >
          <span aria-hidden="true">♪ </span>
          Mute sound
        </button>
        {state.stage !== 'setup' && room?.phase !== 'final' ? (
          <button
            type="button"
            className="btn h-leave"
            onClick={() => session.leave()}
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
        <Body screen={hostScreen(state)} session={session} />
      </main>
    </div>
  );
}

function Body({ screen, session }: { screen: HostScreen; session: HostSession }) {
  const command: Command = (event, payload) => session.command(event, payload);
  const leave = () => session.leave();
  switch (screen.kind) {
    case 'setup':
      return (
        <PackSetup
          onCreate={(packId, settings, inClass) => session.create(packId, settings, inClass)}
          notice={screen.notice}
        />
      );
    case 'reconnecting':
      return <p className="muted h-waiting">Reconnecting to your game…</p>;
    case 'lobby':
      return <HostLobby view={screen.view} room={screen.room} command={command} />;
    case 'question':
      return (
        <HostQuestion
          view={screen.view}
          room={screen.room}
          progress={screen.progress}
          offset={screen.offset}
          command={command}
        />
      );
    case 'reveal':
      return <HostReveal view={screen.view} room={screen.room} command={command} />;
    case 'leaderboard':
      return <HostLeaderboard view={screen.view} room={screen.room} command={command} />;
    case 'final':
      return <HostFinal room={screen.room} onNewGame={leave} />;
    default:
      return assertNever(screen);
  }
}
