/**
 * Which projector screen the host console shows, as a pure function of the
 * session state. Every stage and phase maps to a screen; the exhaustiveness
 * check makes a new phase a compile error here instead of a blank projector.
 */
import type { HostView, ProgressView, RoomView } from '@/engine/protocol';
import { assertNever } from '@/engine/types';
import type { HostState } from './host-session';

/** One host screen and what it renders. */
export type HostScreen =
  | { readonly kind: 'setup'; readonly notice: string | null }
  /** Re-attaching a stored room, or a view not yet received. */
  | { readonly kind: 'reconnecting' }
  | { readonly kind: 'lobby'; readonly view: HostView; readonly room: RoomView }
  | {
      readonly kind: 'question';
      readonly view: HostView;
      readonly room: RoomView;
      /** Live answer count for this question, or null before the first one. */
      readonly progress: ProgressView | null;
      readonly offset: number;
    }
  | { readonly kind: 'reveal'; readonly view: HostView; readonly room: RoomView }
  | { readonly kind: 'leaderboard'; readonly view: HostView; readonly room: RoomView }
  | { readonly kind: 'final'; readonly room: RoomView };

/** The screen for a host session state. */
export function hostScreen(state: HostState): HostScreen {
  switch (state.stage) {
    case 'setup':
      return { kind: 'setup', notice: state.notice };
    case 'attaching':
      return { kind: 'reconnecting' };
    case 'running':
      break;
    default:
      return assertNever(state.stage);
  }
  const { view, room } = state;
  if (!view || !room) return { kind: 'reconnecting' };
  switch (room.phase) {
    case 'lobby':
      return { kind: 'lobby', view, room };
    case 'question':
      return { kind: 'question', view, room, progress: state.progress, offset: state.offset };
    case 'reveal':
      return { kind: 'reveal', view, room };
    case 'leaderboard':
      return { kind: 'leaderboard', view, room };
    case 'final':
      return { kind: 'final', room };
    default:
      return assertNever(room.phase);
  }
}
