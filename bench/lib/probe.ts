/**
 * Preloaded into the server child (`node --import tsx --import ./bench/lib/probe.ts src/main.ts`)
 * when the bench spawns it with an IPC channel: measures the event loop's delay, which shows
 * whether the process still gets to its I/O (new requests, timers) while it is busy.
 * The bench sends 'reset' at the start of the load phase and 'report' at its end.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  process.on('message', (msg: unknown) => {
    if (msg === 'reset') h.reset();
    if (msg === 'report') {
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      process.send?.({
        eventLoopDelay: {
          p50Ms: ms(h.percentile(50)),
          p99Ms: ms(h.percentile(99)),
          maxMs: ms(h.max),
          meanMs: ms(h.mean),
          samples: h.count,
        },
      });
    }
  });
  // The channel must not keep the server alive, nor change how it shuts down.
  process.channel?.unref();
}
