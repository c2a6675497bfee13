/**
 * A token bucket refilled at `perSecond` and holding one second's worth (at least one request), so short bursts
 * up to the limit pass and a sustained rate above it gets 429s.
 */
export function createRateLimiter(perSecond: number, now: () => number) {
  const capacity = Math.max(1, perSecond);
  let tokens = capacity;
  let last = now();

  /** Takes a token; returns 0 when the request may proceed, else the whole seconds to wait (for Retry-After). */
  return function take(): number {
    const current = now();
    tokens = Math.min(capacity, tokens + ((current - last) / 1000) * perSecond);
    last = current;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - tokens) / perSecond));
  };
}
