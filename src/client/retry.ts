// The retry decision, as a pure function of what happened, the attempt number and the policy. The loop that
// acts on it lives in transport.ts (and request-access-token.ts). Every API operation is a GET, and a repeated
// token request at worst mints a second token, so every retry is safe.

/** The retry policy; a field left out (or undefined) keeps the client's value. */
export interface RetryOptions {
  /**
   * Attempts in total, the first included.
   * @default 4
   */
  maxAttempts?: number | undefined;
  /**
   * The backoff of the first retry in ms, doubled on each one after it.
   * @default 250
   */
  baseDelayMs?: number | undefined;
  /**
   * The cap of any single delay in ms, `Retry-After` included.
   * @default 20000
   */
  maxDelayMs?: number | undefined;
}

export type RetryPolicy = { [Key in keyof RetryOptions]-?: number };

export const defaultRetry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20_000 };

/** `retry: false` is one attempt and no retry. */
export const noRetry: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** What one attempt ended with, when it did not end with a usable 2xx. */
export type Outcome =
  | { kind: "status"; status: number; retryAfter?: string | null }
  | { kind: "network" }
  | { kind: "timeout" }
  | { kind: "cut-off" }
  // A redirect or a body over the size cap: the same request would get the same answer.
  | { kind: "refused" };

/** 429 is the rate limit; 500/502/503/504 are transient server or gateway failures. Other 4xx will not change. */
const retryableStatuses = new Set([429, 500, 502, 503, 504]);

/**
 * The delay before the next attempt, or `undefined` to stop.
 * - no attempt is left → stop;
 * - a refused response (a redirect, a body over the cap) → stop;
 * - a status outside 429/500/502/503/504 → stop (a 400 or 404 repeats itself);
 * - network failures, per-attempt timeouts and cut-off 2xx bodies → retry;
 * - the delay is exponential backoff with full jitter: random in [0, min(maxDelayMs, baseDelayMs · 2^(attempt-1)));
 * - a `Retry-After` (seconds or HTTP date) can lengthen the delay, never shorten it: `Retry-After: 0` or a date
 *   in the past must not turn the backoff off. One longer than `maxDelayMs` stops the retries instead of waiting
 *   past the cap or retrying before the server allows.
 */
export function retryDelay(
  outcome: Outcome,
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  now: number,
): number | undefined {
  if (attempt >= policy.maxAttempts || outcome.kind === "refused") return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const backoff = Math.floor(random() * ceiling);
  if (outcome.kind !== "status") return backoff;
  if (!retryableStatuses.has(outcome.status)) return undefined;
  const retryAfter = parseRetryAfter(outcome.retryAfter, now) ?? 0;
  return retryAfter <= policy.maxDelayMs ? Math.max(retryAfter, backoff) : undefined;
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); else undefined. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Every HTTP-date form starts with a day name; Date.parse alone would read "-1" as a year.
  const date = /^[A-Za-z]{3}/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
