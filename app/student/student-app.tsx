'use client';
/** The phone: join, then one screen per phase of the room, switched on the server's RoomView. */
import { useEffect } from 'react';
import { ConnectionStatus } from '../connection-status';
import { prefetchHeavy } from '../components/lazy';
import { points } from '../lib/format';
import { useConnectionStatus } from '../lib/socket';
import { JoinForm } from './join-form';
import { QuestionScreen } from './question-screen';
import { FinalScreen, LeaderboardScreen, LobbyScreen, RevealScreen, WaitingScreen } from './screens';
import { currentQuestion, useStudent, type StudentState } from './use-student';

export function StudentApp({ initialCode }: { initialCode: string | null }) {
  const { state, join, submit, leave } = useStudent(initialCode);
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
        {body(state, { initialCode, join, submit, leave, connected: status === 'connected' })}
      </main>
    </div>
  );
}

function body(
  state: StudentState,
  actions: {
    initialCode: string | null;
    join: ReturnType<typeof useStudent>['join'];
    submit: ReturnType<typeof useStudent>['submit'];
    leave: () => void;
    connected: boolean;
  },
) {
  const { room, me } = state;
  if (state.stage === 'join')
    return <JoinForm initialCode={actions.initialCode} notice={state.notice} onJoin={actions.join} />;
  if (state.stage === 'resuming' || !room || !me) {
    return (
      <section className="screen center" data-testid="screen-resuming">
        <h2>Reconnecting to your game…</h2>
        <p className="muted">Hold on: you keep your seat and your points.</p>
        <button type="button" className="btn" onClick={actions.leave}>
          Leave this game
        </button>
      </section>
    );
  }
  switch (room.phase) {
    case 'lobby':
      return <LobbyScreen room={room} me={me} />;
    case 'question': {
      const question = currentQuestion(room, me);
      if (!question) return null;
      const idx = room.questionIndex;
      const pending = state.pending?.questionIndex === idx ? state.pending : null;
      const sent = state.sent?.questionIndex === idx ? state.sent : null;
      const late = state.answerNote?.questionIndex === idx && /time was up/i.test(state.answerNote.text);
      if (pending || sent || me.answeredQuestion === idx || late) {
        return (
          <WaitingScreen
            room={room}
            question={question}
            offset={state.offset}
            answer={pending?.answer ?? sent?.answer ?? null}
            queued={pending !== null}
            late={late && !pending && !sent && me.answeredQuestion !== idx}
            connected={actions.connected}
          />
        );
      }
      const note = state.answerNote?.questionIndex === idx ? state.answerNote.text : null;
      return (
        <QuestionScreen
          room={room}
          question={question}
          offset={state.offset}
          onSubmit={actions.submit}
          note={note}
        />
      );
    }
    case 'reveal':
      return <RevealScreen room={room} me={me} shown={state.shown} />;
    case 'leaderboard':
      return <LeaderboardScreen room={room} me={me} />;
    case 'final':
      return <FinalScreen room={room} me={me} onLeave={actions.leave} />;
  }
}
