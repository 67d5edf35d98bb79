/**
 * `npx tsx scripts/bench/store-answers.ts [--answers N] [--batch B]`: the
 * embedded SQLite store's answer path on the event loop, without sockets —
 * N answers (about 1 KB each, as an expression answer with its reading)
 * arriving B per event-loop turn, as a burst does. Prints the event loop's
 * time per answer and the slowest turn. See docs/BENCHMARKS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initialRoomState } from '@/engine/game/phases';
import { silentLogger } from '../../server/logger';
import { SqliteStore } from '../../server/store/sqlite';
import type { AnswerRecord, RoomRecord } from '../../server/store/types';

const { values } = parseArgs({ options: { answers: { type: 'string' }, batch: { type: 'string' }, questions: { type: 'string' } } });
const ANSWERS = Number(values.answers ?? 2000);
const BATCH = Number(values.batch ?? 20);
const QUESTIONS = Number(values.questions ?? 6);

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-store-bench-'));
  const store = SqliteStore.open(dir, { logger: silentLogger });
  try {
    const base = initialRoomState(QUESTIONS, { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false });
    const room: RoomRecord = { id: 'bench-room', code: '123456', hostTokenHash: 'h', packId: 'week09', title: 'Bench', classId: null, createdAt: 1, state: base, reveal: null, leaders: [], version: 0 };
    await store.createRoom(room);
    let version = 0;
    const turns: number[] = [];
    for (let q = 0; q < QUESTIONS; q++) {
      const { version: _v, ...rest } = room;
      await store.casRoom(room.id, version++, { ...rest, state: { ...base, phase: 'question', questionIndex: q } });
      for (let first = 0; first < ANSWERS; first += BATCH) {
        const t = performance.now();
        const acks: Promise<unknown>[] = [];
        for (let i = first; i < Math.min(ANSWERS, first + BATCH); i++) {
          const answer: AnswerRecord = {
            playerId: `player-${i}-0123456789abcdef`,
            answerId: `answer-${q}-${i}`,
            questionIndex: q,
            receivedAt: Date.now(),
            responseMs: 1234,
            answer: { kind: 'expression', text: '∂E/∂n_7 · ∂n_7/∂n_5 · ∂n_5/∂w_{2,5} + ∂E/∂n_8 · ∂n_8/∂n_5 · ∂n_5/∂w_{2,5}' },
            credit: 1,
            correct: true,
            read: { text: 'dE/dn7 * dn7/dn5 * dn5/dw25 + dE/dn8 * dn8/dn5 * dn5/dw25', latex: '\\frac{\\partial E}{\\partial n_7}\\frac{\\partial n_7}{\\partial n_5}'.repeat(4) },
            notes: [{ kind: 'ok', text: 'every path is there' } as never],
          };
          acks.push(store.getAnswer(room.id, q, answer.playerId).then(() => store.putAnswer(room.id, answer)));
        }
        await Promise.all(acks);
        turns.push(performance.now() - t);
      }
    }
    const total = turns.reduce((a, b) => a + b, 0);
    const n = ANSWERS * QUESTIONS;
    console.log(`${n} answers, ${BATCH} per turn: ${(total / QUESTIONS).toFixed(1)} ms per ${ANSWERS}-answer burst, ${((total * 1000) / n).toFixed(1)} µs per answer, slowest turn ${Math.max(...turns).toFixed(1)} ms`);
    console.log(`stored: ${await store.countAnswers(room.id, QUESTIONS - 1)} answers to the last question`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
