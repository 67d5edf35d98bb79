/**
 * A load-generator process: opens its share of the students as real
 * socket.io-client connections (WebSocket only), joins them to the room,
 * answers on the driver's plan and records what every student receives.
 * Driven over IPC by the driver (see messages.ts); never started by hand.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  type AnswerPayload,
  type ClientToServerEvents,
  type MeView,
  type RoomView,
  type ServerToClientEvents,
} from '@/engine/protocol';
import { stateKey, type AnswerPlan, type FromWorker, type ToWorker, type WorkerSamples } from './messages';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Examples of each problem kept for the report. */
const MAX_EXAMPLES = 5;
/** Join attempts per student while the server answers rate/limited, and the pause between them. */
const JOIN_ATTEMPTS = 100;
const JOIN_RETRY_MIN_MS = 200;
const JOIN_RETRY_JITTER_MS = 500;
/** Unique answers: up to this many spaces before and after the text. */
const UNIQUE_PAD = 64;

interface Student {
  readonly index: number;
  readonly socket: Client;
  /** How many times each `phase:question` room:state and `me:question` arrived. */
  readonly counts: Map<string, number>;
  /** serverNow of the last reveal, for the verdict's latency. */
  revealServerNow: number;
  /** Question this student has open (answer not yet sent), or -1. */
  pending: number;
}

const send = (msg: FromWorker) => process.send?.(msg);
const now = () => performance.timeOrigin + performance.now();

const students: Student[] = [];
const plans = new Map<number, AnswerPlan>();
/** Students (of this worker) that got each key at least once. */
const reached = new Map<string, number>();
const acked = new Map<number, { ok: number; refused: number; errors: string[] }>();
const samples: WorkerSamples = { fanout: {}, verdict: {}, ack: {}, join: [], loop: {} };
/** This generator's own event-loop delay: when it is high, the latencies it measures include its own queue. */
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
let ackTimeoutMs = 30_000;
let finishing = false;

const push = (into: Record<string, number[]>, key: string, value: number) => (into[key] ??= []).push(value);

function fail(message: string): void {
  if (!finishing) send({ t: 'error', message });
}

function count(student: Student, key: string): void {
  const n = (student.counts.get(key) ?? 0) + 1;
  student.counts.set(key, n);
  if (n !== 1) return;
  const r = (reached.get(key) ?? 0) + 1;
  reached.set(key, r);
  if (r === students.length) send({ t: 'got', key });
}

function answerFor(student: Student, plan: AnswerPlan): AnswerPayload {
  // Deterministic per student and question, so runs are comparable.
  const bucket = ((student.index * 7919 + plan.questionIndex * 104_729) % 1000) / 1000;
  const forms = bucket < plan.correctShare ? plan.correct : plan.wrong;
  const answer = forms[student.index % forms.length] as AnswerPayload;
  if (!plan.unique || (answer.kind !== 'expression' && answer.kind !== 'formula')) return answer;
  // Distinct for up to 4,096 students: leading and trailing spaces encode the index.
  const pad = (n: number) => ' '.repeat(n % UNIQUE_PAD);
  return { ...answer, text: `${pad(Math.floor(student.index / UNIQUE_PAD))}${answer.text}${pad(student.index)}` };
}

function submit(student: Student, questionIndex: number): void {
  const plan = plans.get(questionIndex);
  if (!plan || student.pending !== questionIndex) return;
  student.pending = -1;
  const started = performance.now();
  const payload = { questionIndex, answerId: `s${student.index}-q${questionIndex}`, answer: answerFor(student, plan) };
  student.socket.timeout(ackTimeoutMs).emit('answer:submit', payload, (err, res) => {
    const tally = acked.get(questionIndex) ?? { ok: 0, refused: 0, errors: [] };
    acked.set(questionIndex, tally);
    const why = err ? 'no ack (timeout)' : res.ok ? null : `${res.error}: ${res.message}`;
    if (why !== null) {
      tally.refused++;
      if (tally.errors.length < MAX_EXAMPLES) tally.errors.push(`student ${student.index} q${questionIndex}: ${why}`);
    } else {
      tally.ok++;
      push(samples.ack, String(questionIndex), performance.now() - started);
    }
    if (tally.ok + tally.refused === students.length) {
      send({ t: 'acked', questionIndex, ok: tally.ok, refused: tally.refused, errors: tally.errors });
    }
  });
}

function onState(student: Student, view: RoomView): void {
  const received = now();
  const key = stateKey(view.phase, view.questionIndex);
  push(samples.fanout, key, received - view.serverNow);
  count(student, key);
  if (view.phase === 'reveal') student.revealServerNow = view.serverNow;
  if (view.phase !== 'question' || student.counts.get(key) !== 1) return;
  const plan = plans.get(view.questionIndex);
  if (!plan) return fail(`student ${student.index} got question ${view.questionIndex} without a plan`);
  student.pending = view.questionIndex;
  if (plan.pattern === 'spread') {
    setTimeout(() => submit(student, view.questionIndex), Math.random() * plan.spreadMs);
  }
}

function onMe(student: Student, me: MeView): void {
  const received = now();
  if (me.result) {
    const key = `me:${me.result.questionIndex}`;
    push(samples.verdict, String(me.result.questionIndex), received - student.revealServerNow);
    count(student, key);
  } else {
    // A per-student variant sent with a question: counted, expected only for such questions.
    count(student, `me-question:${me.question?.index ?? -1}`);
  }
}

/** Source address of student `index`: one of `addresses` loopback addresses (1: everyone on 127.0.0.1, as behind one NAT). */
function sourceAddress(index: number, addresses: number): string | undefined {
  if (addresses <= 1) return undefined;
  const k = index % addresses;
  return `127.0.${Math.floor(k / 250)}.${2 + (k % 250)}`;
}

let joinRetries = 0;

function connectAndJoin(index: number, url: string, msg: Extract<ToWorker, { t: 'join' }>): Promise<string | null> {
  const started = performance.now();
  // engine.io-client hands localAddress to ws (its types leave it out).
  const options = { transports: ['websocket'], forceNew: true, reconnection: false, timeout: ackTimeoutMs, localAddress: sourceAddress(index, msg.addresses) };
  const socket: Client = io(url, options);
  const student: Student = { index, socket, counts: new Map(), revealServerNow: 0, pending: -1 };
  socket.on('room:state', (view) => onState(student, view));
  socket.on('player:me', (me) => onMe(student, me));
  socket.on('player:kicked', () => fail(`student ${index} was kicked`));
  return new Promise((resolve) => {
    let attempts = 0;
    const tryJoin = () => {
      attempts++;
      socket.timeout(ackTimeoutMs).emit('player:join', { protocol: PROTOCOL_VERSION, code: msg.code, nickname: `s${index}` }, (err, res) => {
        if (err) return resolve(`student ${index}: join not acknowledged`);
        if (!res.ok && res.error === 'rate/limited' && attempts < JOIN_ATTEMPTS) {
          // As a phone would: wait a moment and try again.
          joinRetries++;
          setTimeout(tryJoin, JOIN_RETRY_MIN_MS + Math.random() * JOIN_RETRY_JITTER_MS);
          return;
        }
        if (!res.ok) return resolve(`student ${index}: join refused: ${res.error}`);
        samples.join.push(performance.now() - started);
        students.push(student);
        resolve(null);
      });
    };
    socket.once('connect_error', (err) => resolve(`student ${index}: connect failed: ${err.message}`));
    socket.once('connect', () => {
      socket.on('disconnect', (reason) => fail(`student ${index} disconnected: ${reason}`));
      tryJoin();
    });
  });
}

async function join(msg: Extract<ToWorker, { t: 'join' }>): Promise<void> {
  ackTimeoutMs = msg.ackTimeoutMs;
  let next = 0;
  let failed = 0;
  const errors: string[] = [];
  const lane = async () => {
    while (next < msg.count) {
      const index = msg.first + next++;
      const error = await connectAndJoin(index, msg.urls[index % msg.urls.length] as string, msg);
      if (error) {
        failed++;
        if (errors.length < MAX_EXAMPLES) errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, msg.concurrency) }, lane));
  students.sort((a, b) => a.index - b.index);
  send({ t: 'joined', ok: students.length, failed, retries: joinRetries, errors });
}

function fire(questionIndex: number, at: number): void {
  setTimeout(() => {
    for (const s of students) submit(s, questionIndex);
  }, Math.max(0, at - Date.now()));
}

function finish(expected: readonly string[]): void {
  finishing = true;
  const expectedSet = new Set(expected);
  let lost = 0;
  let duplicated = 0;
  let unexpected = 0;
  const examples: string[] = [];
  const note = (s: string) => examples.length < MAX_EXAMPLES * 3 && examples.push(s);
  // Per-student variants arrive for every student or for none.
  const variantKeys = [...reached.keys()].filter((k) => k.startsWith('me-question:'));
  for (const s of students) {
    for (const key of [...expected, ...variantKeys]) {
      const n = s.counts.get(key) ?? 0;
      if (n === 0) {
        lost++;
        note(`student ${s.index} never got ${key}`);
      } else if (n > 1) {
        duplicated += n - 1;
        note(`student ${s.index} got ${key} ${n} times`);
      }
    }
    for (const [key, n] of s.counts) {
      if (expectedSet.has(key) || key.startsWith('me-question:')) continue;
      unexpected += n;
      note(`student ${s.index} got unexpected ${key}`);
    }
  }
  const cpu = process.cpuUsage();
  for (const s of students) s.socket.disconnect();
  const result: FromWorker = {
    t: 'result',
    result: { students: students.length, lost, duplicated, unexpected, examples, samples, cpuUserMs: cpu.user / 1000, cpuSystemMs: cpu.system / 1000 },
  };
  // Exit once the (large) message has been handed to the channel.
  process.send?.(result, undefined, {}, () => process.exit(0));
}

process.on('message', (msg: ToWorker) => {
  switch (msg.t) {
    case 'join':
      void join(msg);
      return;
    case 'plan':
      plans.set(msg.plan.questionIndex, msg.plan);
      return;
    case 'fire':
      fire(msg.questionIndex, msg.at);
      return;
    case 'finish':
      finish(msg.expected);
      return;
    case 'mark':
      samples.loop[msg.label] = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
      loopDelay.reset();
      return;
  }
});
// The driver died: never linger.
process.on('disconnect', () => process.exit(1));
send({ t: 'ready', pid: process.pid });
