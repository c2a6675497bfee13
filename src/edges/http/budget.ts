/**
 * The request budget: how many requests one run may send (`--max-requests`) and how closely they may follow each
 * other (`--max-rps`, `maxRequestsPerSecond`). Every request passes it in exchange.ts, token requests and retries
 * included, so the figure the user capped is the figure the server sees; several senders of one run share one.
 */
import { createRateLimiter } from "./rate-limit.js";
import { sleep as defaultSleep } from "./sleep.js";

export interface RequestBudget {
  /** Waits for the next request's slot and counts it; throws RequestBudgetError when no request is left. */
  take(signal?: AbortSignal): Promise<void>;
  /** Requests counted so far. */
  readonly sent: number;
  /** Requests still allowed (Infinity without a count). */
  readonly remaining: number;
  readonly maxRequests: number | undefined;
}

export interface RequestBudgetOptions {
  /** The most requests to send, every attempt counted; default no limit. */
  maxRequests?: number;
  /** Requests start at least 1/this seconds apart; default no spacing. */
  maxRequestsPerSecond?: number;
  /**
   * An outer budget this one's requests also pass: its count and spacing apply on top of this one's (one export of
   * `--all-indexes` counts its own requests for its manifest while every export shares one `--max-rps`).
   */
  within?: RequestBudget;
  /** Test hooks: the clock (ms) and the sleep the spacing uses. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A request was due but the budget had none left; nothing was sent for it. */
export class RequestBudgetError extends Error {
  override name = "RequestBudgetError";
  declare readonly maxRequests: number;
  constructor(maxRequests: number) {
    super(`The request budget of ${maxRequests} request${maxRequests === 1 ? "" : "s"} is used up`);
    this.maxRequests = maxRequests;
  }
}

export function createRequestBudget(options: RequestBudgetOptions = {}): RequestBudget {
  const { maxRequests, maxRequestsPerSecond, within } = options;
  if (maxRequests !== undefined && (!Number.isSafeInteger(maxRequests) || maxRequests < 1)) {
    throw new RangeError("maxRequests must be a positive integer");
  }
  if (maxRequestsPerSecond !== undefined && !(Number.isFinite(maxRequestsPerSecond) && maxRequestsPerSecond > 0)) {
    throw new RangeError("maxRequestsPerSecond must be a finite number > 0");
  }
  const limiter =
    maxRequestsPerSecond === undefined
      ? undefined
      : createRateLimiter(maxRequestsPerSecond, options.now ?? (() => performance.now()), options.sleep ?? defaultSleep);
  let sent = 0;
  return {
    async take(signal) {
      signal?.throwIfAborted();
      if (maxRequests !== undefined && sent >= maxRequests) throw new RequestBudgetError(maxRequests);
      // Counted before the wait, so callers waiting side by side cannot together pass the count.
      sent++;
      if (!limiter && !within) return;
      try {
        await within?.take(signal);
        await limiter?.(signal);
      } catch (error) {
        sent--;
        throw error;
      }
    },
    get sent() {
      return sent;
    },
    get remaining() {
      return maxRequests === undefined ? Infinity : Math.max(0, maxRequests - sent);
    },
    maxRequests,
  };
}
