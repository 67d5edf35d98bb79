/** The host's mute choice, remembered on this computer (localStorage `gradflow.host.muted`). */
import { readStored, writeStored, type KeyValueStorage } from '../../lib/storage';

/** The localStorage key of the mute choice. */
export const MUTE_KEY = 'gradflow.host.muted';

const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';

/** True when the host muted the projector's sound (default: sound on). */
export function readMuted(storage?: () => KeyValueStorage): boolean {
  return readStored(MUTE_KEY, isBoolean, storage) ?? false;
}

/** Remembers the mute choice (a failed write only forgets it). */
export function writeMuted(muted: boolean, storage?: () => KeyValueStorage): void {
  writeStored(MUTE_KEY, muted, storage);
}
