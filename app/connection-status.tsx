'use client';
import { useConnectionStatus } from './lib/socket';

const LABELS = { connecting: 'Connecting…', connected: 'Connected', disconnected: 'Offline — reconnecting' } as const;

/** A visible, screen-reader-announced connection indicator. */
export function ConnectionStatus() {
  const status = useConnectionStatus();
  return (
    <p className="status" data-testid="socket-status" data-state={status} role="status" aria-live="polite">
      {LABELS[status]}
    </p>
  );
}
