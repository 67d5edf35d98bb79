'use client';
/** Controls several projector screens share: running a host command, the error line, server toggles, End and Next. */
import { useEffect, useState } from 'react';
import { nextStep, type NextStep } from '@/engine/game/next-step';
import type { HostCommand, HostView, InboundPayload, RoomView } from '@/engine/protocol';
import { assertNever } from '@/engine/types';

/** Runs a host command; resolves with an error message or null. */
export type Command = <E extends HostCommand>(event: E, payload: InboundPayload<E>) => Promise<string | null>;

/** A command runner for one group of controls: busy while a command is out, and its last error. */
export function useRun(command: Command) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async <E extends HostCommand>(event: E, payload: InboundPayload<E>): Promise<boolean> => {
    setBusy(true);
    const problem = await command(event, payload);
    setBusy(false);
    setError(problem);
    return problem === null;
  };
  return { error, busy, run };
}

export function ErrorLine({ error }: { error: string | null }) {
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
export function ServerToggle({
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

/** End game, with a confirmation step. */
export function EndButton({
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

/** The Next button's label for where Next leads. */
export function nextLabel(step: NextStep): string {
  switch (step) {
    case 'leaderboard':
      return 'Leaderboard →';
    case 'question':
      return 'Next question →';
    case 'final':
      return 'Final results →';
    default:
      return assertNever(step);
  }
}

/** Next (labelled by the engine's `nextStep` rule), the leaderboard toggle and End, on the reveal and leaderboard. */
export function NextControls({ view, room, command }: { view: HostView; room: RoomView; command: Command }) {
  const { error, busy, run } = useRun(command);
  const step = nextStep({
    phase: room.phase,
    questionIndex: room.questionIndex,
    questionCount: room.questionCount,
    showLeaderboard: view.settings.showLeaderboard,
  });
  return (
    <div className="h-controls h-controls-row" role="toolbar" aria-label="Game controls">
      <ErrorLine error={error} />
      {step ? (
        <button
          type="button"
          className="btn btn-primary btn-xl"
          data-testid="next"
          disabled={busy}
          onClick={() => void run('host:next', {})}
        >
          {nextLabel(step)}
        </button>
      ) : null}
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
