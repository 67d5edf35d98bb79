// Preloaded into each server process by the load benchmark (node --expose-gc --import this file), with an IPC
// channel. The server's code does not know about it. It answers the driver's 'gc' (a full garbage collection, so
// /healthz then reports the live heap) and 'mark' (event-loop utilisation, event-loop delay and CPU since the
// previous mark: was the server itself saturated, or waiting for a CPU?).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let lastElu = performance.eventLoopUtilization();
let lastCpu = process.cpuUsage();
let lastAt = performance.now();

if (process.channel) {
  // Never keep the server alive, nor stop it from exiting on its own.
  process.channel.unref();
  process.on('message', (msg) => {
    if (!msg || typeof msg !== 'object' || msg.probe === undefined) return;
    if (msg.probe === 'gc') {
      if (typeof globalThis.gc === 'function') globalThis.gc();
      process.send({ probe: 'gc', id: msg.id });
      return;
    }
    if (msg.probe === 'mark') {
      const now = performance.now();
      const elu = performance.eventLoopUtilization(lastElu);
      const cpu = process.cpuUsage(lastCpu);
      process.send({
        probe: 'mark',
        id: msg.id,
        wallMs: now - lastAt,
        utilization: elu.utilization,
        cpuMs: (cpu.user + cpu.system) / 1000,
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMaxMs: delay.max / 1e6,
      });
      lastElu = performance.eventLoopUtilization();
      lastCpu = process.cpuUsage();
      lastAt = now;
      delay.reset();
    }
  });
}
