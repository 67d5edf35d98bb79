'use client';
/** The lobby on the projector: join URL, code and QR, the roster (lock, kick) and Start. */
import type { HostView, RoomView } from '@/engine/protocol';
import { plural } from '../../lib/format';
import { JOIN_CODE_DIGITS } from '../../lib/protocol-client';
import { QrCode } from '../qr-code';
import { ErrorLine, ServerToggle, useRun, type Command } from './controls';

/** "123 456" for readability on the projector. */
function spacedCode(code: string): string {
  const half = JOIN_CODE_DIGITS / 2;
  return code.length === JOIN_CODE_DIGITS ? `${code.slice(0, half)} ${code.slice(half)}` : code;
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

