/**
 * A seeded fuzz of random action sequences against the engine's reducer, run
 * the way the room service runs it (effects carried out, answers first-wins,
 * the closed question scored, views built for every audience), on the real
 * Week 09 pack. Invariants after every step:
 * - a phase change is one the phase table allows, by an action it lists;
 * - at most one recorded answer per student per question, and only while that question is open and on time;
 * - scores never decrease, and scoring a question twice changes nothing;
 * - entering a reveal scores it exactly once; entering the final phase writes the report;
 * - no key in any room or student view before its question's reveal.
 * A failing seed is printed; pin it below as a named test.
 */
import { describe, expect, it } from 'vitest';
import { MULTIPLIERS, PHASE_ALLOWS, initialRoomState, reduce, type GameAction, type Phase, type RoomState } from '@/engine/game/phases';
import { buildReveal } from '@/engine/game/reveal';
import { scoreQuestion, type ScoredAnswer } from '@/engine/game/score-question';
import type { AnswerPayload } from '@/engine/protocol';
import { BUILTIN_PACKS, compilePackOrThrow } from '@/engine/quiz/pack';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { createRng, type Rng } from '@/engine/rng';
import type { PlayerRecord, RoomRecord } from '../store/types';
import { meView, roomView } from './views';

const PACK: RuntimePack = compilePackOrThrow(BUILTIN_PACKS[0]).pack;
const STEPS = 160;
const SEEDS = 300;
const PLAYERS = 4;

/** Phase changes the game may make (a new question from a question is not one: it goes through the reveal). */
const MAY_FOLLOW: Readonly<Record<Phase, readonly Phase[]>> = {
  lobby: ['question', 'final'],
  question: ['reveal', 'final'],
  reveal: ['leaderboard', 'question', 'final'],
  leaderboard: ['question', 'final'],
  final: [],
};

const ctx = {
  question: (i: number) => {
    const q = PACK.questions[i];
    if (!q) throw new Error(`question ${i}`);
    return { timeLimitMs: q.timeLimitMs, multiplier: q.multiplier, hasVariants: q.hasVariants };
  },
};

function randomAnswer(rng: Rng): AnswerPayload {
  return rng.pick<AnswerPayload>([
    { kind: 'choice', index: rng.int(0, 3) },
    { kind: 'count', value: String(rng.int(0, 6)) },
    { kind: 'highlight', edges: ['n5-n7', 'n7-E'] },
    { kind: 'expression', text: 'dE/dn7 * dn7/dn5 * dn5/dw25' },
  ]);
}

function randomAction(rng: Rng, state: RoomState): GameAction {
  const near = Math.max(0, state.questionIndex + rng.int(-1, 1));
  return rng.pick<GameAction>([
    { type: 'start' },
    { type: 'next' },
    { type: 'next' },
    { type: 'skip' },
    { type: 'close', reason: rng.pick(['deadline', 'all-answered', 'host'] as const) },
    { type: 'extend', seconds: rng.pick([-1, 0, 5, 30, 400]) },
    { type: 'lock', locked: rng.next() < 0.5 },
    { type: 'multiplier', multiplier: rng.pick(MULTIPLIERS) },
    { type: 'leaderboard', show: rng.next() < 0.5 },
    { type: 'join' },
    { type: 'kick' },
    { type: 'answer', questionIndex: near },
    { type: 'answer', questionIndex: near },
    { type: 'answer', questionIndex: state.questionIndex },
    ...(rng.next() < 0.02 ? [{ type: 'end' } as const] : []),
  ]);
}

function seat(i: number): PlayerRecord {
  return {
    id: `p${i}`,
    tokenHash: 'x',
    nickname: `Student ${i}`,
    memberId: null,
    nicknameKey: `student ${i}`,
    joinedAt: 0,
    kicked: false,
    score: 0,
    streak: 0,
    correctCount: 0,
    rank: null,
    previousRank: null,
    scoredThrough: -1,
    lastResult: null,
    ahead: null,
  };
}

/** Plays one seeded game; throws with the seed and step on the first broken invariant. */
function play(seed: number): void {
  const rng = createRng(seed);
  let now = 1_000_000;
  const settings = { scoring: rng.next() < 0.8, autoAdvance: rng.next() < 0.3, showLeaderboard: rng.next() < 0.7, locked: false };
  let room: RoomRecord = {
    id: `room-${seed}`,
    code: '000000',
    hostTokenHash: 'x',
    packId: PACK.id,
    title: PACK.title,
    classId: null,
    createdAt: now,
    state: initialRoomState(PACK.questions.length, settings),
    reveal: null,
    leaders: [],
    version: 0,
  };
  let seats = Array.from({ length: PLAYERS }, (_, i) => seat(i));
  const answers = new Map<number, Map<string, ScoredAnswer>>();
  const fail = (step: number, why: string): never => {
    throw new Error(`seed ${seed}, step ${step}: ${why}`);
  };

  for (let step = 0; step < STEPS && room.state.phase !== 'final'; step++) {
    now += rng.int(0, 4000);
    const before = room.state;
    const action = randomAction(rng, before);
    const result = reduce(before, action, now, ctx);
    if (!result.ok) {
      if (PHASE_ALLOWS[before.phase].includes(action.type) && result.error === 'phase/not-allowed') fail(step, `${action.type} is listed for ${before.phase} but was refused`);
      continue;
    }
    if (!PHASE_ALLOWS[before.phase].includes(action.type)) fail(step, `${action.type} is not listed for ${before.phase}`);
    const after = result.state;
    if (after.phase !== before.phase && !MAY_FOLLOW[before.phase].includes(after.phase)) fail(step, `${before.phase} → ${after.phase}`);
    room = { ...room, state: after };

    if (action.type === 'answer') {
      if (before.phase !== 'question' || action.questionIndex !== before.questionIndex) fail(step, 'an answer to a question that is not open was allowed');
      if (before.deadline !== null && now > before.deadline) fail(step, 'an answer after the deadline was allowed');
      const player = rng.pick(seats);
      const forQuestion = answers.get(action.questionIndex) ?? new Map<string, ScoredAnswer>();
      answers.set(action.questionIndex, forQuestion);
      // First answer wins, as the store keeps it.
      if (!forQuestion.has(player.id)) {
        const q = PACK.questions[action.questionIndex]!;
        const answer = randomAnswer(rng);
        const verdict = q.grade(answer, 0);
        forQuestion.set(player.id, { playerId: player.id, responseMs: now - (before.openedAt ?? now), answer, ...verdict });
      }
    }

    const scored = result.effects.filter((e) => e.type === 'scoreQuestion');
    const entered = after.phase !== before.phase || after.questionIndex !== before.questionIndex;
    if (entered && after.phase === 'reveal' && scored.length !== 1) fail(step, 'entering a reveal must score the question once');
    if (!(entered && after.phase === 'reveal') && scored.length > 0) fail(step, 'scored outside the entry of a reveal');
    if (entered && after.phase === 'final' && !result.effects.some((e) => e.type === 'writeReport')) fail(step, 'the final phase must write the report');
    for (const effect of result.effects) {
      if (effect.type === 'closeAt' && effect.deadline !== after.deadline) fail(step, 'closeAt is not the stored deadline');
    }
    for (const effect of scored) {
      const idx = effect.questionIndex;
      const q = PACK.questions[idx]!;
      const closed = {
        questionIndex: idx,
        limitMs: q.timeLimitMs,
        multiplier: after.multiplier,
        scoring: after.settings.scoring,
        answers: [...(answers.get(idx)?.values() ?? [])],
        keyFor: () => null,
      };
      const out = scoreQuestion({ ...closed, seats });
      for (const s of out.seats) {
        const was = seats.find((p) => p.id === s.id)!;
        if (s.score < was.score) fail(step, `${s.id}'s score fell from ${was.score} to ${s.score}`);
      }
      const again = scoreQuestion({ ...closed, seats: out.seats });
      if (JSON.stringify(again.seats.map((s) => s.score)) !== JSON.stringify(out.seats.map((s) => s.score))) fail(step, 'scoring twice changed scores');
      seats = out.seats;
      const reveal = buildReveal({ questionIndex: idx, key: q.key(0), explanation: q.explanation, choiceCount: q.view(idx, 0).choices.length, players: seats.length, answers: closed.answers });
      room = { ...room, reveal, leaders: out.leaders };
    }

    const view = JSON.stringify(roomView(room, PACK, seats.length, now));
    const mine = seats.map((p) => JSON.stringify(meView(room, PACK, p, false)));
    if (after.phase === 'question') {
      const key = JSON.stringify(PACK.questions[after.questionIndex]!.key(0));
      if (view.includes(key)) fail(step, 'the key is in the room view of an open question');
      if (JSON.parse(view).reveal !== null) fail(step, 'a reveal is in the room view of an open question');
      for (const m of mine) if (JSON.parse(m).result !== null) fail(step, 'a verdict is in a student view of an open question');
    }
  }
  for (const [, forQuestion] of answers) if (forQuestion.size > PLAYERS) fail(STEPS, 'more answers than students');
}

describe('reducer fuzz', () => {
  it(`holds every invariant over ${SEEDS} seeded games of up to ${STEPS} steps`, () => {
    const failures: string[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      try {
        play(seed);
      } catch (err) {
        failures.push(err instanceof Error ? err.message : String(err));
      }
    }
    expect(failures).toEqual([]);
  });
});
