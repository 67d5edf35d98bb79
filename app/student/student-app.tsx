'use client';
/** The phone: join, then one screen per phase of the room, chosen by `studentScreen` from the session state. */
import { useEffect } from 'react';
import { ConnectionStatus } from '../connection-status';
import { prefetchHeavy } from '../components/lazy';
import { points } from '../lib/format';
import { useConnectionStatus } from '../lib/socket';
import { assertNever } from '@/engine/types';
import { JoinForm } from './join-form';
import { QuestionScreen } from './question-screen';
import { FinalScreen, LeaderboardScreen, LobbyScreen, RevealScreen, WaitingScreen } from './screens';
import { studentScreen } from './student-screen';
import type { StudentSession } from './student-session';
import { useStudent } from './use-student';

export function StudentApp({ initialCode }: { initialCode: string | null }) {
  const { state, session } = useStudent(initialCode);
  const status = useConnectionStatus();
  const playing = state.stage === 'playing';

  useEffect(() => {
    if (playing) prefetchHeavy();
  }, [playing]);

  return (
    <div className="app app-student" data-stage={state.stage} data-phase={state.room?.phase ?? ''}>
      <header className="topbar">
        <h1 className="brand">gradflow</h1>
        {playing && state.me ? (
          <p className="me" data-testid="me">
            <span className="name">{state.me.nickname}</span>
            <span className="me-score" data-testid="topbar-score">
              {points(state.me.score)} pts
            </span>
          </p>
        ) : null}
        <ConnectionStatus />
      </header>
      {state.stage !== 'join' && status !== 'connected' ? (
        <div className="offline-banner" role="alert" data-testid="offline-banner">
          You are offline. Reconnecting… your seat is kept.
        </div>
      ) : null}
      <main className="student-main">
        <Body
          screen={studentScreen(state)}
          session={session}
          initialCode={initialCode}
          offset={state.offset}
          connected={status === 'connected'}
        />
      </main>
    </div>
  );
}

function Body({
  screen,
  session,
  initialCode,
  offset,
  connected,
}: {
  screen: ReturnType<typeof studentScreen>;
  session: StudentSession;
  initialCode: string | null;
  offset: number;
  connected: boolean;
}) {
  const leave = () => session.leave();
  switch (screen.kind) {
    case 'join':
      return (
        <JoinForm
          initialCode={initialCode}
          notice={screen.notice}
          onJoin={(code, nickname) => session.join(code, nickname)}
        />
      );
    case 'resuming':
      return (
        <section className="screen center" data-testid="screen-resuming">
          <h2>Reconnecting to your game…</h2>
          <p className="muted">Hold on: you keep your seat and your points.</p>
          <button type="button" className="btn" onClick={leave}>
            Leave this game
          </button>
        </section>
      );
    case 'lobby':
      return <LobbyScreen room={screen.room} me={screen.me} />;
    case 'question':
      return (
        <QuestionScreen
          room={screen.room}
          question={screen.question}
          offset={offset}
          onSubmit={(answer) => session.submit(answer)}
          note={screen.note}
        />
      );
    case 'waiting':
      return (
        <WaitingScreen
          room={screen.room}
          question={screen.question}
          offset={offset}
          answer={screen.answer}
          queued={screen.queued}
          late={screen.late}
          connected={connected}
        />
      );
    case 'reveal':
      return <RevealScreen room={screen.room} me={screen.me} shown={screen.shown} />;
    case 'leaderboard':
      return <LeaderboardScreen room={screen.room} me={screen.me} />;
    case 'final':
      return <FinalScreen room={screen.room} me={screen.me} onLeave={leave} />;
    default:
      return assertNever(screen);
  }
}
