import { describe, expect, it } from 'vitest';
import { PHASES } from '@/engine/game/phases';
import { hostView, questionRoom, room } from '../test-support/views';
import { hostScreen } from './host-screen';
import { INITIAL_HOST_STATE, type HostState } from './host-session';

const running = (over: Partial<HostState>): HostState => ({ ...INITIAL_HOST_STATE, stage: 'running', session: { roomId: 'room-1', hostToken: 't' }, ...over });

describe('hostScreen', () => {
  it('shows setup with its notice, and reconnecting while attaching or before any view', () => {
    expect(hostScreen({ ...INITIAL_HOST_STATE, notice: 'gone' })).toEqual({ kind: 'setup', notice: 'gone' });
    expect(hostScreen({ ...INITIAL_HOST_STATE, stage: 'attaching' })).toEqual({ kind: 'reconnecting' });
    expect(hostScreen(running({ view: hostView(), room: null }))).toEqual({ kind: 'reconnecting' });
    expect(hostScreen(running({ view: null, room: room() }))).toEqual({ kind: 'reconnecting' });
  });

  it('has a screen for every phase', () => {
    const kinds = PHASES.map((phase) => {
      const r = phase === 'question' ? questionRoom(0) : room({ phase });
      return hostScreen(running({ view: hostView(r), room: r })).kind;
    });
    expect(kinds).toEqual(['lobby', 'question', 'reveal', 'leaderboard', 'final']);
  });

  it('gives the question screen its live progress and clock offset', () => {
    const r = questionRoom(2);
    const progress = { questionIndex: 2, answered: 5, players: 9 };
    expect(hostScreen(running({ view: hostView(r), room: r, progress, offset: -250 }))).toEqual({ kind: 'question', view: hostView(r), room: r, progress, offset: -250 });
  });
});
