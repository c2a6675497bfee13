// Client-side spacing of requests: each one starts at least 1/rps seconds after the previous one, so a batch job
// stays under the tenant's limit (DOC-16) instead of running into 429s and backing off.

export type RateLimiter = (signal?: AbortSignal) => Promise<void>;

export function createRateLimiter(
  maxRequestsPerSecond: number,
  now: () => number,
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
): RateLimiter {
  const interval = 1000 / maxRequestsPerSecond;
  let nextSlot = -Infinity;
  return async (signal) => {
    const current = now();
    // Reserve the slot before waiting, so concurrent callers queue behind each other instead of sharing one.
    const slot = Math.max(current, nextSlot);
    nextSlot = slot + interval;
    if (slot > current) await sleep(slot - current, signal);
  };
}
