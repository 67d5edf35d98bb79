'use client';
/** The projector screens: lobby, question, reveal, leaderboard, final. Big type, readable from the back row. */
import { useEffect, useState } from 'react';
import type { Multiplier } from '@/engine/game/phases';
import { NOTE_LABELS, type NoteCode } from '@/engine/expr/notes';
import type { ClientToServerEvents, HostView, ProgressView, RevealView, RoomView } from '@/engine/protocol';
import { Countdown } from '../components/countdown';
import { LazyNetworkGraph } from '../components/lazy';
import { Markdown } from '../components/markdown';
import { PlainMath } from '../components/plain-math';
import { Tex } from '../components/tex';
import { ordinal, plural, points } from '../lib/format';
import { CHOICE_SHAPES, choiceLetter } from '../student/answers/choice-answer';
import { Podium } from '../student/screens';
import { QrCode } from './qr-code';
import type { HostCommand } from './use-host';

/** Runs a host command; resolves with an error message or null. */
export type Command = <E extends HostCommand>(
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
) => Promise<string | null>;

/** Seconds added by the "extend" control. */
export const EXTEND_SECONDS = 15;

function useRun(command: Command) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <E extends HostCommand>(
    event: E,
    payload: Parameters<ClientToServerEvents[E]>[0],
  ): Promise<boolean> => {
    setBusy(true);
    const problem = await command(event, payload);
    setBusy(false);
    setError(problem);
    return problem === null;
  };
  return { error, busy, run };
}

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}

/**
 * A checkbox for a server-side setting: it flips at once and follows the
 * server's value once that arrives (or flips back if the command failed).
 */
function ServerToggle({
  value,
  testId,
  label,
  onChange,
}: {
  value: boolean;
  testId: string;
  label: string;
  onChange: (next: boolean) => Promise<boolean>;
}) {
  const [wanted, setWanted] = useState<boolean | null>(null);
  useEffect(() => {
    if (wanted !== null && wanted === value) setWanted(null);
  }, [value, wanted]);
  return (
    <label className="check">
      <input
        type="checkbox"
        checked={wanted ?? value}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.checked;
          setWanted(next);
          void onChange(next).then((ok) => {
            if (!ok) setWanted(null);
          });
        }}
      />
      <span>{label}</span>
    </label>
  );
}

/** "123 456" for readability on the projector. */
function spacedCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

export function HostLobby({ view, room, command }: { view: HostView; room: RoomView; command: Command }) {
  const { error, busy, run } = useRun(command);
  const players = view.players;
  const url = new URL(view.joinUrl);
  return (
    <section className="h-lobby" data-testid="host-lobby">
      <div className="h-join">
        <div className="h-join-text">
          <p className="h-join-how">
            Join at{' '}
            <strong className="h-url" data-testid="join-url">
              {url.host}
            </strong>{' '}
            with the code
          </p>
          <p
            className="h-code"
            data-testid="join-code-big"
            aria-label={`Game code ${room.code.split('').join(' ')}`}
          >
            {spacedCode(room.code)}
          </p>
          <p className="h-join-link">
            or scan the QR code: <span className="h-url-full">{view.joinUrl}</span>
          </p>
        </div>
        <QrCode text={view.joinUrl} label={`QR code for ${view.joinUrl}`} />
      </div>

      <div className="h-roster">
        <div className="h-roster-head">
          <h2>
            <span data-testid="player-count">{players.length}</span>{' '}
            {players.length === 1 ? 'student' : 'students'} joined
          </h2>
          <ServerToggle
            value={room.locked}
            testId="lock"
            label="Lock joining"
            onChange={(locked) => run('host:lock', { locked })}
          />
        </div>
        {players.length === 0 ? <p className="muted h-waiting">Waiting for students…</p> : null}
        <ul className="h-players" data-testid="players">
          {players.map((p) => (
            <li key={p.playerId} className={p.connected ? '' : 'is-offline'} data-testid="player">
              <span className="name">{p.nickname}</span>
              {!p.connected ? <span className="muted"> (offline)</span> : null}
              <button
                type="button"
                className="h-kick"
                aria-label={`Remove ${p.nickname}`}
                title={`Remove ${p.nickname}`}
                onClick={() => void run('host:kick', { playerId: p.playerId })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      </div>

      <div className="h-controls">
        <ErrorLine error={error} />
        <button
          type="button"
          className="btn btn-primary btn-xl"
          data-testid="start"
          disabled={busy}
          onClick={() => void run('host:start', {})}
        >
          Start the quiz ({plural(room.questionCount, 'question')})
        </button>
      </div>
    </section>
  );
}

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

function QuestionBody({ room, large = true }: { room: RoomView; large?: boolean }) {
  const q = room.question;
  if (!q) return null;
  return (
    <>
      <div className={`h-prompt${large ? ' h-prompt-large' : ''}`} data-testid="host-prompt">
        <Markdown text={q.prompt} />
      </div>
      {q.choices.length > 0 ? (
        <ul className="h-choices">
          {q.choices.map((c, i) => (
            <li key={i} className={`choice choice-${i % CHOICE_SHAPES.length}`}>
              <span className="choice-mark" aria-hidden="true">
                <span className="choice-shape">{CHOICE_SHAPES[i % CHOICE_SHAPES.length]}</span>
                <span className="choice-letter">{choiceLetter(i)}</span>
              </span>
              <span className="sr-only">Option {choiceLetter(i)}: </span>
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
  const multipliers: Multiplier[] = [0, 1, 2];
  return (
    <section className="h-question" data-testid="host-question" data-question-index={room.questionIndex}>
      <div className="h-qbar">
        <p className="h-qnum">
          Question {room.questionIndex + 1} <span className="muted">of {room.questionCount}</span>
        </p>
        {q.multiplier !== 1 ? (
          <span className="badge h-badge">
            {q.multiplier === 0 ? 'No points' : `×${q.multiplier} points`}
          </span>
        ) : null}
        {!view.settings.scoring ? <span className="badge h-badge">Practice</span> : null}
        <AnswerCount
          progress={progress?.questionIndex === room.questionIndex ? progress : null}
          fallbackPlayers={room.playerCount}
        />
        <Countdown deadline={room.deadline} offset={offset} totalMs={q.timeLimitMs} size="projector" />
      </div>
      <div className={`h-qmain${q.network ? ' has-net' : ''}`}>
        <div className="h-qtext">
          <QuestionBody room={room} />
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
        <div className="seg" role="group" aria-label="Points multiplier">
          {multipliers.map((m) => (
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

function EndButton({
  run,
  busy,
}: {
  run: (e: 'host:end', p: Record<string, never>) => Promise<boolean>;
  busy: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className="btn btn-danger"
        data-testid="end-game"
        disabled={busy}
        onClick={() => setConfirming(true)}
      >
        End game
      </button>
    );
  }
  return (
    <span className="h-confirm" role="group" aria-label="Confirm ending the game">
      <button
        type="button"
        className="btn btn-danger"
        data-testid="end-confirm"
        onClick={() => void run('host:end', {})}
      >
        Yes, end the game
      </button>
      <button type="button" className="btn" onClick={() => setConfirming(false)}>
        Keep playing
      </button>
    </span>
  );
}

function Distribution({ reveal, choices }: { reveal: RevealView; choices: readonly string[] }) {
  const wrong = Math.max(0, reveal.answered - reveal.correct - reveal.partial);
  const none = Math.max(0, reveal.players - reveal.answered);
  const total = Math.max(1, reveal.players, reveal.answered);
  const rows = [
    { id: 'correct', label: 'Correct', icon: '✓', n: reveal.correct },
    { id: 'partial', label: 'Partly right', icon: '◐', n: reveal.partial },
    { id: 'wrong', label: 'Wrong', icon: '✗', n: wrong },
    { id: 'none', label: 'No answer', icon: '–', n: none },
  ];
  return (
    <div className="h-dist" data-testid="distribution">
      <h3>Answers</h3>
      <ul className="h-bars">
        {rows.map((r) => (
          <li key={r.id} className={`h-bar h-bar-${r.id}`} data-testid={`dist-${r.id}`} data-count={r.n}>
            <span className="h-bar-label">
              <span aria-hidden="true">{r.icon}</span> {r.label}
            </span>
            <span className="h-bar-track" aria-hidden="true">
              <span className="h-bar-fill" style={{ width: `${(100 * r.n) / total}%` }} />
            </span>
            <span className="h-bar-n">{r.n}</span>
          </li>
        ))}
      </ul>
      {reveal.choiceCounts.length > 0 ? (
        <ul className="h-choice-counts" data-testid="choice-counts">
          {reveal.choiceCounts.map((n, i) => (
            <li key={i} className={i === reveal.key.choiceIndex ? 'is-key' : ''} data-count={n}>
              <span className={`choice-chip choice-${i % CHOICE_SHAPES.length}`}>
                <span aria-hidden="true">{CHOICE_SHAPES[i % CHOICE_SHAPES.length]} </span>
                {choiceLetter(i)}
              </span>
              <span className="h-cc-text">
                {i === reveal.key.choiceIndex ? (
                  <span className="h-correct-mark">
                    <span aria-hidden="true">✓ </span>
                    <span className="sr-only">Correct: </span>
                  </span>
                ) : null}
                <Markdown text={choices[i] ?? ''} inline />
              </span>
              <span className="h-bar-track" aria-hidden="true">
                <span
                  className="h-bar-fill"
                  style={{ width: `${(100 * n) / Math.max(1, reveal.answered)}%` }}
                />
              </span>
              <span className="h-bar-n">{n}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A class-wide description of a mistake: the code's general label (one student's message names their own numbers). */
function mistakeLabel(code: string, example: string): string {
  if (!Object.hasOwn(NOTE_LABELS, code)) return example;
  const label = NOTE_LABELS[code as NoteCode];
  // A numeric mistake's note says which path or factor; one student's note is shown as an example.
  if (code.startsWith('numeric/') && example.startsWith('Your value equals ')) {
    return `${label} (e.g. ${example.slice('Your value equals '.length).replace(/\.$/, '')})`;
  }
  return label;
}

function nextLabel(view: HostView, room: RoomView): string {
  const last = room.questionIndex >= room.questionCount - 1;
  if (room.phase === 'reveal' && view.settings.showLeaderboard && !last) return 'Leaderboard →';
  return last ? 'Final results →' : 'Next question →';
}

function NextControls({ view, room, command }: { view: HostView; room: RoomView; command: Command }) {
  const { error, busy, run } = useRun(command);
  return (
    <div className="h-controls h-controls-row" role="toolbar" aria-label="Game controls">
      <ErrorLine error={error} />
      <button
        type="button"
        className="btn btn-primary btn-xl"
        data-testid="next"
        disabled={busy}
        onClick={() => void run('host:next', {})}
      >
        {nextLabel(view, room)}
      </button>
      <ServerToggle
        value={view.settings.showLeaderboard}
        testId="toggle-leaderboard"
        label="Show leaderboard between questions"
        onChange={(show) => run('host:leaderboard', { show })}
      />
      {view.settings.autoAdvance ? <span className="muted">Advancing automatically…</span> : null}
      <EndButton run={run} busy={busy} />
    </div>
  );
}

export function HostReveal({ view, room, command }: { view: HostView; room: RoomView; command: Command }) {
  const q = room.question;
  const reveal = room.reveal;
  if (!q) return null;
  const key = reveal?.key ?? null;
  const heat = q.type === 'highlight' && reveal ? reveal.heatmap : null;
  const showNet =
    q.network !== null && key !== null && (key.edges.length > 0 || heat !== null || q.numeric !== undefined);
  return (
    <section className="h-reveal" data-testid="host-reveal" data-question-index={room.questionIndex}>
      <div className="h-qbar">
        <p className="h-qnum">
          Question {room.questionIndex + 1} <span className="muted">of {room.questionCount}</span> · the
          answer
        </p>
      </div>
      {!reveal || !key ? (
        <p className="muted">Collecting the answers…</p>
      ) : (
        <div className={`h-reveal-main${showNet ? ' has-net' : ''}`}>
          <div className="h-reveal-text">
            <div className="h-prompt">
              <Markdown text={q.prompt} />
            </div>
            <div className="h-key" data-testid="host-key">
              {key.choiceIndex !== null ? (
                <p className="h-key-choice">
                  <span className={`choice-chip choice-${key.choiceIndex % CHOICE_SHAPES.length}`}>
                    <span aria-hidden="true">{CHOICE_SHAPES[key.choiceIndex % CHOICE_SHAPES.length]} </span>
                    {choiceLetter(key.choiceIndex)}
                  </span>{' '}
                  <Markdown text={q.choices[key.choiceIndex] ?? key.text} inline />
                </p>
              ) : key.latex ? (
                <Tex latex={key.latex} display />
              ) : (
                <p className="h-key-text">
                  <PlainMath text={key.text} edges={key.edges.length > 0} />
                </p>
              )}
            </div>
            {key.steps.length > 0 ? (
              <details className="h-steps" open={key.steps.length <= 6}>
                <summary>Step by step</summary>
                <ol>
                  {key.steps.map((s, i) => (
                    <li key={i}>
                      <Tex latex={s} />
                    </li>
                  ))}
                </ol>
              </details>
            ) : null}
          </div>
          {showNet ? (
            <div className="h-reveal-net">
              <LazyNetworkGraph
                network={q.network}
                target={q.target}
                mode="show"
                size="projector"
                keyEdges={key.edges}
                heatmap={heat}
                values={q.numeric?.values}
                valuesStage="reveal"
                heatTotal={reveal.answered}
                title={
                  heat
                    ? 'Class heatmap of the edges students picked, with the correct edges marked'
                    : 'The network with the edges that carry gradient marked'
                }
              />
              <p className="legend">
                <span aria-hidden="true">✓</span> carries gradient
                {heat ? ' · thickness and number: students who picked the edge' : ''}
              </p>
            </div>
          ) : null}
          <div className="h-reveal-side">
            <Distribution reveal={reveal} choices={q.choices} />
            {/* A choice question's mistakes are its wrong options, already counted above. */}
            {reveal.mistakes.length > 0 && q.type !== 'choice' ? (
              <div className="h-mistakes" data-testid="mistakes">
                <h3>Most common mistakes</h3>
                <ol>
                  {reveal.mistakes.map((m) => (
                    <li key={m.code} data-code={m.code}>
                      <span className="h-mistake-n">{plural(m.count, 'student')}:</span>{' '}
                      <PlainMath text={mistakeLabel(m.code, m.message)} />
                    </li>
                  ))}
                </ol>
              </div>
            ) : null}
            {reveal.explanation ? (
              <div className="h-explanation">
                <Markdown text={reveal.explanation} />
              </div>
            ) : null}
          </div>
        </div>
      )}
      <NextControls view={view} room={room} command={command} />
    </section>
  );
}

function LeaderList({ room }: { room: RoomView }) {
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

export function HostFinal({ room, onNewGame }: { room: RoomView; onNewGame: () => void }) {
  return (
    <section className="h-final" data-testid="host-final">
      <h2 className="h-title">Final results</h2>
      <Podium room={room} size="projector" />
      {room.leaders.length > 3 ? <LeaderList room={{ ...room, leaders: room.leaders.slice(3) }} /> : null}
      <div className="h-controls">
        <button type="button" className="btn btn-primary btn-xl" data-testid="new-game" onClick={onNewGame}>
          New game
        </button>
      </div>
    </section>
  );
}
