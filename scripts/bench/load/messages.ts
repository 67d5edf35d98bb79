/**
 * Messages between the load benchmark's driver (scripts/bench/load.ts) and
 * its generator workers (worker.ts), over the Node IPC channel.
 */
import type { AnswerPayload } from '@/engine/protocol';

/** How students answer a question: at random times within a window, or all at once. */
export type AnswerPattern = 'spread' | 'burst';

/** Phases a student sees a room:state for; `me` is the per-student verdict at a reveal. */
export type EventKind = 'question' | 'reveal' | 'leaderboard' | 'final' | 'me';

/** The two answers a student picks from (most are right, some wrong, as in a class). */
export interface AnswerPlan {
  readonly questionIndex: number;
  readonly pattern: AnswerPattern;
  /** Spread: each student answers at a uniformly random time in [0, spreadMs) after the question arrives. */
  readonly spreadMs: number;
  /** Written forms of the right and of the wrong answer; a student picks one by its index. */
  readonly correct: readonly AnswerPayload[];
  readonly wrong: readonly AnswerPayload[];
  /** Share of students who answer correctly (decided per student and question, deterministically). */
  readonly correctShare: number;
  /** Make every typed answer's text distinct (extra spaces keyed by the student), so no two are the same string. */
  readonly unique: boolean;
}

/** Driver → worker. */
export type ToWorker =
  | {
      readonly t: 'join';
      readonly code: string;
      /** Server URLs; student i connects to urls[i % urls.length]. */
      readonly urls: readonly string[];
      /** Global index of this worker's first student, and how many it runs. */
      readonly first: number;
      readonly count: number;
      /** Connections opened at once by this worker. */
      readonly concurrency: number;
      readonly ackTimeoutMs: number;
      /** Loopback source addresses the students are spread over (1: all on 127.0.0.1, as behind one NAT). */
      readonly addresses: number;
    }
  | { readonly t: 'plan'; readonly plan: AnswerPlan }
  /** Burst: every student answers question `questionIndex` at wall-clock time `at`. */
  | { readonly t: 'fire'; readonly questionIndex: number; readonly at: number }
  /** Check every student got each `expected` key exactly once, send the samples, close and exit. */
  | { readonly t: 'finish'; readonly expected: readonly string[] }
  /** Close the generator's event-loop delay window `label` (it began at the previous mark). */
  | { readonly t: 'mark'; readonly label: string };

/** Latency samples a worker collected, in ms. */
export interface WorkerSamples {
  /** room:state receipt − view.serverNow, keyed `phase:questionIndex`. */
  readonly fanout: Record<string, number[]>;
  /** player:me receipt − the reveal's serverNow, keyed by question index. */
  readonly verdict: Record<string, number[]>;
  /** answer:submit emit → ack, keyed by question index. */
  readonly ack: Record<string, number[]>;
  /** connect start → player:join ack. */
  readonly join: number[];
  /** The generator's own event-loop delay per window (ms), closed by each `mark`. */
  readonly loop: Record<string, LoopDelay>;
}

/** What a worker found when it checked its students' messages. */
export interface WorkerResult {
  readonly students: number;
  /** Expected messages some student never got. */
  readonly lost: number;
  /** Messages a student got more than once (each extra copy counts). */
  readonly duplicated: number;
  /** room:state or player:me a student got that the driver did not cause. */
  readonly unexpected: number;
  /** Up to a few examples of each problem. */
  readonly examples: readonly string[];
  readonly samples: WorkerSamples;
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
}

/** Worker → driver. */
export type FromWorker =
  | { readonly t: 'ready'; readonly pid: number }
  /** Joins done; `retries` counts joins answered rate/limited and tried again. */
  | { readonly t: 'joined'; readonly ok: number; readonly failed: number; readonly retries: number; readonly errors: readonly string[] }
  /** Every student of this worker got `key` (e.g. `question:3`, `me:3`) at least once. */
  | { readonly t: 'got'; readonly key: string }
  /** Every student of this worker has its answer to `questionIndex` acknowledged (or refused). */
  | { readonly t: 'acked'; readonly questionIndex: number; readonly ok: number; readonly refused: number; readonly errors: readonly string[] }
  /** Something that makes the run fail (a drop, a kick, an answer sent late). */
  | { readonly t: 'error'; readonly message: string }
  | { readonly t: 'result'; readonly result: WorkerResult };

/** The key of a room:state a student counts: its phase and question. */
export function stateKey(phase: string, questionIndex: number): string {
  return `${phase}:${questionIndex}`;
}

/** A generator's event-loop delay over one window (ms). */
export interface LoopDelay {
  readonly p99: number;
  readonly max: number;
}
