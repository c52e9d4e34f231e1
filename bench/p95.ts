/** @module The benches' latency figure: the 95th percentile, in ms to two decimals, of awaited calls. */

/** p95 in ms of `runs` calls of `fn`, each awaited before the next starts. */
export async function p95(fn: () => unknown, runs = 50): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs * 0.95)]! * 100) / 100;
}
