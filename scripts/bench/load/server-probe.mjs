// Preloaded into each server process by the load benchmark (node --expose-gc --import this file), with an IPC
// channel. The server's code does not know about it. It answers the driver's 'gc' (a full garbage collection, so
// /healthz then reports the live heap), 'memory' (a full GC, then this process's live heap and RSS) and 'mark'
// (event-loop utilisation, event-loop delay and CPU since the previous mark: was the server itself saturated, or
// waiting for a CPU? — and when its worst stall ended, on the monotonic clock a CPU profile uses, to look it up with
// hot-frames.ts --at).
//
// With GRADFLOW_WORKERS=N the driver's child is the cluster primary, and its workers (cluster.fork keeps these
// node flags) preload this file too: the primary passes each question on to every worker over the cluster's own
// IPC channel and adds their answers, with their pids, as `workers` to its reply.
import cluster from 'node:cluster';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** Longest wait for a worker's answer; a worker that does not answer is left out of the reply. */
const WORKER_TIMEOUT_MS = 8000;

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
/** When the window's longest gap between two ticks of a 1 ms timer ended (monotonic clock, µs: a CPU profile's clock). */
const TICK_MS = 1;
let lastTick = process.hrtime.bigint();
let worstGap = 0n;
let worstGapEnd = lastTick;
setInterval(() => {
  const now = process.hrtime.bigint();
  if (now - lastTick > worstGap) {
    worstGap = now - lastTick;
    worstGapEnd = now;
  }
  lastTick = now;
}, TICK_MS).unref();
let lastElu = performance.eventLoopUtilization();
let lastCpu = process.cpuUsage();
let lastAt = performance.now();

/** This process's own answer to one probe (without id). */
function answer(probe) {
  if (probe === 'gc' || probe === 'memory') {
    if (typeof globalThis.gc === 'function') globalThis.gc();
    return probe === 'gc' ? { probe, pid: process.pid } : { probe, pid: process.pid, heapUsed: process.memoryUsage().heapUsed, rss: process.memoryUsage.rss() };
  }
  const now = performance.now();
  const elu = performance.eventLoopUtilization(lastElu);
  const cpu = process.cpuUsage(lastCpu);
  const reply = {
    probe,
    pid: process.pid,
    wallMs: now - lastAt,
    utilization: elu.utilization,
    cpuMs: (cpu.user + cpu.system) / 1000,
    delayP99Ms: delay.percentile(99) / 1e6,
    delayMaxMs: delay.max / 1e6,
    worstStallEndUs: Number(worstGapEnd / 1000n),
  };
  worstGap = 0n;
  worstGapEnd = process.hrtime.bigint();
  lastElu = performance.eventLoopUtilization();
  lastCpu = process.cpuUsage();
  lastAt = now;
  delay.reset();
  return reply;
}

/** In the cluster primary: every live worker's answer to `probe`. */
function askWorkers(probe, id) {
  const workers = Object.values(cluster.workers ?? {}).filter((w) => w && w.isConnected());
  return Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          const key = `${id}:${w.id}`;
          const timer = setTimeout(() => done(null), WORKER_TIMEOUT_MS);
          const onMessage = (msg) => {
            if (msg && typeof msg === 'object' && msg.probeReply === key) done(msg.reply);
          };
          function done(reply) {
            clearTimeout(timer);
            w.off('message', onMessage);
            resolve(reply);
          }
          w.on('message', onMessage);
          w.send({ probe, probeKey: key });
        }),
    ),
  ).then((replies) => replies.filter((r) => r !== null));
}

const isProbe = (msg) => msg && typeof msg === 'object' && (msg.probe === 'gc' || msg.probe === 'memory' || msg.probe === 'mark');

if (cluster.isWorker) {
  // Questions from the primary; the worker's channel is the cluster's, left as cluster keeps it.
  process.on('message', (msg) => {
    if (isProbe(msg) && typeof msg.probeKey === 'string') process.send({ probeReply: msg.probeKey, reply: answer(msg.probe) });
  });
} else if (process.channel) {
  // Never keep the server alive, nor stop it from exiting on its own.
  process.channel.unref();
  process.on('message', (msg) => {
    if (!isProbe(msg)) return;
    const own = answer(msg.probe);
    if (!cluster.isPrimary || Object.keys(cluster.workers ?? {}).length === 0) {
      process.send({ ...own, id: msg.id });
      return;
    }
    void askWorkers(msg.probe, msg.id).then((workers) => process.send({ ...own, id: msg.id, workers }));
  });
}
