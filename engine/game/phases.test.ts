import { describe, expect, it } from 'vitest';
import { PHASES, PHASE_ALLOWS, initialRoomState, reduce, type GameAction, type ReduceContext, type RoomState } from './phases';

const settings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false };
const ctx: ReduceContext = { question: (i) => ({ timeLimitMs: 10_000 * (i + 1), multiplier: i === 1 ? 2 : 1 }) };

function run(state: RoomState, actions: [GameAction, number][]): RoomState {
  return actions.reduce((s, [a, now]) => {
    const r = reduce(s, a, now, ctx);
    if (!r.ok) throw new Error(`${a.type}: ${r.error}`);
    return r.state;
  }, state);
}

describe('reduce', () => {
  it('walks lobby → question → reveal → leaderboard → … → final', () => {
    let s = initialRoomState(2, settings);
    s = run(s, [[{ type: 'start' }, 100]]);
    expect(s).toMatchObject({ phase: 'question', questionIndex: 0, openedAt: 100, deadline: 10_100, multiplier: 1 });
    s = run(s, [[{ type: 'close', reason: 'host' }, 500]]);
    expect(s).toMatchObject({ phase: 'reveal', deadline: 500, closedBy: 'host' });
    s = run(s, [[{ type: 'next' }, 600]]);
    expect(s.phase).toBe('leaderboard');
    s = run(s, [[{ type: 'next' }, 700]]);
    expect(s).toMatchObject({ phase: 'question', questionIndex: 1, deadline: 20_700, multiplier: 2 });
    s = run(s, [[{ type: 'close', reason: 'deadline' }, 20_700]]);
    s = run(s, [[{ type: 'next' }, 21_000]]);
    expect(s).toMatchObject({ phase: 'final', endedAt: 21_000 });
  });

  it('skips the leaderboard when it is hidden', () => {
    let s = run(initialRoomState(3, settings), [[{ type: 'leaderboard', show: false }, 0], [{ type: 'start' }, 0], [{ type: 'close', reason: 'host' }, 1]]);
    s = run(s, [[{ type: 'next' }, 2]]);
    expect(s).toMatchObject({ phase: 'question', questionIndex: 1 });
  });

  it('rejects every action a phase does not list, in one place', () => {
    const all: GameAction[] = [
      { type: 'start' }, { type: 'next' }, { type: 'skip' }, { type: 'close', reason: 'host' }, { type: 'end' },
      { type: 'extend', seconds: 5 }, { type: 'lock', locked: true }, { type: 'multiplier', multiplier: 2 },
      { type: 'leaderboard', show: true }, { type: 'join' }, { type: 'kick' }, { type: 'answer', questionIndex: 0 },
    ];
    const states: Record<string, RoomState> = {
      lobby: initialRoomState(2, settings),
      question: run(initialRoomState(2, settings), [[{ type: 'start' }, 0]]),
      reveal: run(initialRoomState(2, settings), [[{ type: 'start' }, 0], [{ type: 'close', reason: 'host' }, 1]]),
      leaderboard: run(initialRoomState(2, settings), [[{ type: 'start' }, 0], [{ type: 'close', reason: 'host' }, 1], [{ type: 'next' }, 2]]),
      final: run(initialRoomState(2, settings), [[{ type: 'end' }, 0]]),
    };
    for (const phase of PHASES) {
      for (const action of all) {
        const r = reduce(states[phase]!, action, 1, ctx);
        if (!PHASE_ALLOWS[phase].includes(action.type)) expect(r, `${phase}/${action.type}`).toEqual({ ok: false, error: 'phase/not-allowed' });
        else if (r.ok === false) expect(r.error).not.toBe('phase/not-allowed');
      }
    }
  });

  it('judges answers by server time and question index', () => {
    const s = run(initialRoomState(2, settings), [[{ type: 'start' }, 1000]]);
    expect(reduce(s, { type: 'answer', questionIndex: 0 }, 11_000, ctx).ok).toBe(true);
    expect(reduce(s, { type: 'answer', questionIndex: 0 }, 11_001, ctx)).toEqual({ ok: false, error: 'answer/late' });
    expect(reduce(s, { type: 'answer', questionIndex: 1 }, 2000, ctx)).toEqual({ ok: false, error: 'answer/stale-question' });
  });

  it('does not close on the deadline timer before an extended deadline', () => {
    let s = run(initialRoomState(2, settings), [[{ type: 'start' }, 0], [{ type: 'extend', seconds: 15 }, 5000]]);
    expect(s.deadline).toBe(25_000);
    expect(reduce(s, { type: 'close', reason: 'deadline' }, 10_000, ctx)).toEqual({ ok: false, error: 'phase/not-allowed' });
    s = run(s, [[{ type: 'close', reason: 'deadline' }, 25_000]]);
    expect(s.phase).toBe('reveal');
    expect(reduce(initialRoomState(1, settings), { type: 'extend', seconds: 5 }, 0, ctx).ok).toBe(false);
  });

  it('refuses joins while locked and voids a skipped question', () => {
    const locked = run(initialRoomState(2, settings), [[{ type: 'lock', locked: true }, 0]]);
    expect(reduce(locked, { type: 'join' }, 0, ctx)).toEqual({ ok: false, error: 'room/locked' });
    const skipped = run(initialRoomState(2, settings), [[{ type: 'start' }, 0], [{ type: 'skip' }, 10]]);
    expect(skipped).toMatchObject({ phase: 'reveal', multiplier: 0, closedBy: 'skipped' });
  });
});
