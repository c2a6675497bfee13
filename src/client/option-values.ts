// The checks of the options' values that are numbers, policies and functions, shared by createAmperityClient,
// withOptions and the per-call options.
import { mustBe } from "./errors.js";
import { maxTextLength } from "../edges/http/read-body.js";
import { noRetry, type RetryOptions, type RetryPolicy } from "./retry.js";

/** The largest page legitimately served (1000 profiles of a few kB) is a few MB: 64 MiB is a wide margin. */
export const defaultMaxResponseBytes = 64 * 2 ** 20;

export function resolveMaxResponseBytes(value: number | undefined, base: number): number {
  if (value === undefined) return base;
  if (!Number.isSafeInteger(value) || value < 1 || value > maxTextLength) throw mustBe("maxResponseBytes", `an integer from 1 to ${maxTextLength}`);
  return value;
}

export function resolveRetry(value: RetryOptions | false | undefined, base: RetryPolicy): RetryPolicy {
  if (value === undefined) return base;
  if (value === false) return noRetry;
  if (value === null || typeof value !== "object") throw mustBe("retry", "an object or false");
  const policy: RetryPolicy = { ...base };
  // An option given as undefined keeps its default.
  for (const key in value) {
    const given = value[key as keyof RetryOptions];
    if (given !== undefined) policy[key as keyof RetryPolicy] = given;
  }
  positiveInteger("retry.maxAttempts", policy.maxAttempts);
  for (const key of ["baseDelayMs", "maxDelayMs"] as const) {
    // Number.isFinite is false for anything that is not a number.
    if (!Number.isFinite(policy[key]) || policy[key] < 0 || policy[key] > maxTimerMs) {
      throw mustBe(`retry.${key}`, `a number from 0 to ${maxTimerMs}`);
    }
  }
  return policy;
}

/** The longest delay setTimeout honours; a longer one fires at once, which would turn a long wait into none. */
const maxTimerMs = 2 ** 31 - 1;

export function resolveTimeout(value: number | undefined, base: number): number {
  if (value !== undefined && value > maxTimerMs) throw mustBe("timeoutMs", `at most ${maxTimerMs}`);
  return positive("timeoutMs", value) ?? base;
}

/** An integer >= 1; pagination's caps use it too. */
export function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw mustBe(name, "a positive integer");
}

export function positive(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw mustBe(name, "a finite number > 0");
  return value;
}

export function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== "function") throw mustBe(name, "a function");
  return value;
}
