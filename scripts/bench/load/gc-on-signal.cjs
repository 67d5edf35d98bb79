// Preloaded into server processes by the load benchmark (with --expose-gc):
// SIGUSR2 runs a full garbage collection, so /healthz then reports the live heap.
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
});
