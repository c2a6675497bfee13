/**
 * `--max-rps` and `--timeout`, the same on every command that calls the API: the tenant's request rate is
 * shared with its sandboxes, and a slow network needs a longer per-attempt timeout.
 */
import { InvalidArgumentError, type Command } from "commander";
import { integerAtLeast, numberWithin } from "./args.js";

export interface RequestFlags {
  maxRps?: number;
  timeout?: number;
}

/** setTimeout's largest delay; the client refuses more. */
const maxTimeoutMs = 2_147_483_647;

/** Adds both options to `command`. */
export function withRequestFlags(command: Command): Command {
  return command
    .option("--max-rps <n>", "at most this many requests per second, retries included (the tenant's limit is shared with its sandboxes)", numberWithin(0.001, 1_000_000))
    .option("--timeout <ms>", "per-attempt timeout in milliseconds (default: 30000)", (text: string) => {
      const ms = integerAtLeast(1)(text);
      if (ms > maxTimeoutMs) throw new InvalidArgumentError(`expected at most ${maxTimeoutMs} ms, got "${text}"`);
      return ms;
    });
}

/** The client options the flags stand for. */
export function requestTuning(flags: RequestFlags): { maxRequestsPerSecond?: number; timeoutMs?: number } {
  return {
    ...(flags.maxRps !== undefined && { maxRequestsPerSecond: flags.maxRps }),
    ...(flags.timeout !== undefined && { timeoutMs: flags.timeout }),
  };
}
