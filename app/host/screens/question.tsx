'use client';
/** A running question on the projector: prompt, network, live answer count, countdown and the question controls. */
import { MULTIPLIERS } from '@/engine/game/phases';
import type { HostView, ProgressView, RoomView } from '@/engine/protocol';
import { ChoiceMark, choiceColour } from '../../components/choice-mark';
import { Countdown } from '../../components/countdown';
import { LazyNetworkGraph } from '../../components/lazy';
import { Markdown } from '../../components/markdown';
import { OptionBars } from '../../components/option-bars';
import { EndButton, ErrorLine, useRun, type Command } from './controls';

/** Seconds added by the "extend" control. */
export const EXTEND_SECONDS = 15;

/** Answered n / N (live) as a big number and a bar. */
function AnswerCount({
  progress,
  fallbackPlayers,
}: {
  progress: ProgressView | null;
  fallbackPlayers: number;
}) {
  const answered = progress?.answered ?? 0;
  const total = progress?.players ?? fallbackPlayers;
  return (
    <div
      className="h-answered"
      data-testid="answered"
      data-answered={answered}
      data-players={total}
      role="status"
      aria-live="polite"
    >
      <span className="h-answered-n">
        {answered}
        <span className="h-answered-of"> / {total}</span>
      </span>
      <span className="h-answered-label">answered</span>
    </div>
  );
}

function QuestionBody({
  room,
  votes,
  large = true,
}: {
  room: RoomView;
  votes: readonly number[] | null;
  large?: boolean;
}) {
  const q = room.question;
  if (!q) return null;
  return (
    <>
      <div className={`h-prompt${large ? ' h-prompt-large' : ''}`} data-testid="host-prompt">
        <Markdown text={q.prompt} />
      </div>
      {q.type === 'poll' ? (
        <div className="h-live-votes" aria-live="polite">
          <h2 className="h-sub">Live votes</h2>
          <OptionBars
            counts={votes ?? []}
            choices={q.choices}
            total={(votes ?? []).reduce((a, b) => a + b, 0)}
            testId="live-votes"
          />
        </div>
      ) : q.choices.length > 0 ? (
        <ul className="h-choices">
          {q.choices.map((c, i) => (
            <li key={i} className={`choice ${choiceColour(i)}`}>
              <ChoiceMark index={i} />
              <Markdown text={c} inline className="choice-text" />
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

export function HostQuestion({
  view,
  room,
  progress,
  offset,
  command,
}: {
  view: HostView;
  room: RoomView;
  progress: ProgressView | null;
  offset: number;
  command: Command;
}) {
  const { error, busy, run } = useRun(command);
  const q = room.question;
  if (!q) return null;
  const live = progress?.questionIndex === room.questionIndex ? progress : null;
  return (
    <section className="h-question" data-testid="host-question" data-question-index={room.questionIndex}>
      <div className="h-qbar">
        <p className="h-qnum">
          Question {room.questionIndex + 1} <span className="muted">of {room.questionCount}</span>
        </p>
        {q.type === 'poll' ? (
          <span className="badge h-badge">Poll: no points</span>
        ) : q.multiplier !== 1 ? (
          <span className="badge h-badge">
            {q.multiplier === 0 ? 'No points' : `×${q.multiplier} points`}
          </span>
        ) : null}
        {!view.settings.scoring ? <span className="badge h-badge">Practice</span> : null}
        <AnswerCount
          progress={live}
          fallbackPlayers={room.playerCount}
        />
        <Countdown deadline={room.deadline} offset={offset} totalMs={q.timeLimitMs} size="projector" />
      </div>
      <div className={`h-qmain${q.network ? ' has-net' : ''}`}>
        <div className="h-qtext">
          <QuestionBody room={room} votes={live?.votes ?? null} />
        </div>
        {q.network ? (
          <div className="h-qnet">
            <LazyNetworkGraph
              network={q.network}
              target={q.target}
              mode="show"
              size="projector"
              title="The network of this question"
            />
          </div>
        ) : null}
      </div>
      <div className="h-controls h-controls-row" role="toolbar" aria-label="Question controls">
        <ErrorLine error={error} />
        <button
          type="button"
          className="btn btn-primary"
          data-testid="close-now"
          disabled={busy}
          onClick={() => void run('host:close', {})}
        >
          Close now
        </button>
        <button
          type="button"
          className="btn"
          data-testid="extend"
          disabled={busy}
          onClick={() => void run('host:extend', { seconds: EXTEND_SECONDS })}
        >
          +{EXTEND_SECONDS} s
        </button>
        {q.type === 'poll' ? null : (
        <div className="seg" role="group" aria-label="Points multiplier">
          {MULTIPLIERS.map((m) => (
            <button
              key={m}
              type="button"
              className="seg-btn"
              aria-pressed={q.multiplier === m}
              data-testid={`multiplier-${m}`}
              disabled={busy}
              onClick={() => void run('host:multiplier', { multiplier: m })}
            >
              ×{m}
            </button>
          ))}
        </div>
        )}
        <button
          type="button"
          className="btn"
          data-testid="skip"
          disabled={busy}
          onClick={() => void run('host:skip', {})}
        >
          Skip
        </button>
        <EndButton run={run} busy={busy} />
      </div>
    </section>
  );
}

