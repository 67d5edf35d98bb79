import { describe, expect, it } from 'vitest';
import {
  AUTO_ADVANCE_MS,
  PHASES,
  PHASE_ALLOWS,
  dueTimer,
  initialRoomState,
  questionEndIf,
  reduce,
  type Effect,
  type GameAction,
  type ReduceContext,
  type RoomState,
} from './phases';

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
        // An answer to a question that has closed is late; everything else a phase does not list is not allowed.
        const closedQuestion = states[phase]!.questionIndex >= 0;
        const refusal = action.type === 'answer' && closedQuestion ? 'answer/late' : 'phase/not-allowed';
        if (!PHASE_ALLOWS[phase].includes(action.type)) expect(r, `${phase}/${action.type}`).toEqual({ ok: false, error: refusal });
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
    // A deadline timer that fires early gets its own answer, not a phase refusal.
    expect(reduce(s, { type: 'close', reason: 'deadline' }, 10_000, ctx)).toEqual({ ok: false, error: 'deadline/not-due' });
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

  it('answers an answer after the close with answer/late, in the reducer', () => {
    const closed = run(initialRoomState(2, settings), [[{ type: 'start' }, 0], [{ type: 'close', reason: 'host' }, 5]]);
    expect(reduce(closed, { type: 'answer', questionIndex: 0 }, 6, ctx)).toEqual({ ok: false, error: 'answer/late' });
    expect(reduce(initialRoomState(2, settings), { type: 'answer', questionIndex: 0 }, 6, ctx)).toEqual({ ok: false, error: 'phase/not-allowed' });
  });
});

const effectsOf = (state: RoomState, action: GameAction, now: number, c: ReduceContext = ctx): readonly Effect[] => {
  const r = reduce(state, action, now, c);
  if (!r.ok) throw new Error(r.error);
  return r.effects;
};

describe('effects: what entering a phase entails', () => {
  const auto = { ...settings, autoAdvance: true };

  it('opening a question arms its deadline and tells the room', () => {
    expect(effectsOf(initialRoomState(2, settings), { type: 'start' }, 100)).toEqual([
      { type: 'closeAt', deadline: 10_100 },
      { type: 'broadcast' },
      { type: 'notifyHost' },
    ]);
  });

  it('a question with per-student variants also sends each student their own', () => {
    const variants: ReduceContext = { question: () => ({ timeLimitMs: 5000, multiplier: 1, hasVariants: true }) };
    expect(effectsOf(initialRoomState(2, settings), { type: 'start' }, 0, variants)).toContainEqual({ type: 'sendVariants', questionIndex: 0 });
  });

  it('closing scores the question before the broadcast and sends verdicts after it', () => {
    const q = run(initialRoomState(2, settings), [[{ type: 'start' }, 0]]);
    expect(effectsOf(q, { type: 'close', reason: 'all-answered' }, 50)).toEqual([
      { type: 'cancelTimers' },
      { type: 'scoreQuestion', questionIndex: 0 },
      { type: 'broadcast' },
      { type: 'sendVerdicts', questionIndex: 0 },
      { type: 'notifyHost' },
    ]);
  });

  it('auto-advance arms the next step on the reveal and the leaderboard', () => {
    const q = run(initialRoomState(3, auto), [[{ type: 'start' }, 0]]);
    expect(effectsOf(q, { type: 'close', reason: 'deadline' }, 10_000)).toContainEqual({ type: 'advanceAt', at: 10_000 + AUTO_ADVANCE_MS, phase: 'reveal', questionIndex: 0 });
    const revealed = run(q, [[{ type: 'close', reason: 'deadline' }, 10_000]]);
    expect(effectsOf(revealed, { type: 'next' }, 18_000)).toContainEqual({ type: 'advanceAt', at: 18_000 + AUTO_ADVANCE_MS, phase: 'leaderboard', questionIndex: 0 });
    // Without auto-advance nothing is armed.
    const manual = run(initialRoomState(3, settings), [[{ type: 'start' }, 0]]);
    expect(effectsOf(manual, { type: 'close', reason: 'host' }, 10).some((e) => e.type === 'advanceAt')).toBe(false);
  });

  it('the final phase writes the report', () => {
    expect(effectsOf(initialRoomState(2, settings), { type: 'end' }, 0)).toEqual([{ type: 'cancelTimers' }, { type: 'writeReport' }, { type: 'broadcast' }, { type: 'notifyHost' }]);
  });

  it('moving the deadline re-arms it; settings only tell the room; join and kick change nothing', () => {
    const q = run(initialRoomState(2, settings), [[{ type: 'start' }, 0]]);
    expect(effectsOf(q, { type: 'extend', seconds: 5 }, 100)).toEqual([{ type: 'closeAt', deadline: 15_000 }, { type: 'broadcast' }, { type: 'notifyHost' }]);
    expect(effectsOf(q, { type: 'lock', locked: true }, 100)).toEqual([{ type: 'broadcast' }, { type: 'notifyHost' }]);
    expect(effectsOf(q, { type: 'join' }, 100)).toEqual([]);
    expect(effectsOf(q, { type: 'kick' }, 100)).toEqual([]);
  });
});

describe('dueTimer and the question endIf', () => {
  it('dueTimer rebuilds the armed timer from the stored absolute times', () => {
    const q = run(initialRoomState(2, { ...settings, autoAdvance: true }), [[{ type: 'start' }, 1000]]);
    expect(dueTimer(q)).toEqual({ type: 'closeAt', deadline: 11_000 });
    const r = run(q, [[{ type: 'close', reason: 'host' }, 4000]]);
    expect(dueTimer(r)).toEqual({ type: 'advanceAt', at: 4000 + AUTO_ADVANCE_MS, phase: 'reveal', questionIndex: 0 });
    expect(dueTimer(initialRoomState(2, settings))).toBeNull();
  });

  it('closes early only when everyone online has answered', () => {
    const q = run(initialRoomState(2, settings), [[{ type: 'start' }, 0]]);
    expect(questionEndIf(q, { online: 3, onlineAnswered: 2 })).toBeNull();
    expect(questionEndIf(q, { online: 3, onlineAnswered: 3 })).toEqual({ type: 'close', reason: 'all-answered' });
    expect(questionEndIf(q, { online: 0, onlineAnswered: 0 })).toBeNull();
    expect(questionEndIf(initialRoomState(2, settings), { online: 1, onlineAnswered: 1 })).toBeNull();
  });
});
