// Preloaded into the server's processes by bench/http.ts (node --import): the event loop's delay measured
// inside the server, printed and reset on SIGUSR2, so each phase of the benchmark is read on its own.

import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
const ms = (ns: number) => (ns / 1e6).toFixed(1);
process.stdout.write(`loop-delay probe ${process.pid}\n`);
process.on('SIGUSR2', () => {
  process.stdout.write(`loop-delay ${process.pid} p50 ${ms(histogram.percentile(50))} p99 ${ms(histogram.percentile(99))} max ${ms(histogram.max)}\n`);
  histogram.reset();
});
