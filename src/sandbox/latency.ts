import { createRandom, hashString } from "./random.js";

/** A latency spread: the median and the 95th percentile of the delay before a response, in milliseconds. */
export interface LatencySpread {
  p50Ms: number;
  p95Ms: number;
}

/** The standard normal's 95th percentile: a log-normal's p95 is its median times e^(1.6449 σ). */
const z95 = 1.6448536269514722;

/**
 * The delay of each response in turn: a constant, or a log-normal draw (a server's latency is skewed: most responses
 * near the median, a long tail) with the given median and p95. The draws come from their own PRNG seeded by the
 * sandbox's seed, so a run sees the same sequence of delays every time; capped at `maxMs`.
 */
export function createLatency(constantMs: number, spread: LatencySpread | undefined, seed: string, maxMs: number): () => number {
  if (!spread) return () => constantMs;
  const mu = Math.log(spread.p50Ms);
  const sigma = Math.log(spread.p95Ms / spread.p50Ms) / z95;
  const next = createRandom(hashString(seed, 0x1a7e));
  return () => {
    // Box-Muller: two uniform draws (the first kept away from 0) make one standard normal.
    const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return Math.min(maxMs, Math.exp(mu + sigma * normal));
  };
}
