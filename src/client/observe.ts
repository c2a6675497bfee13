// The logger and the hooks: what a service sees of the client's requests without reaching into `raw.use`. Every
// message and field a logger or hook is given passes the secrets scrubber; a logger or hook that throws is never
// allowed to fail or delay a request. Without a logger or hooks nothing here runs per attempt.
import type { AttemptOutcome, LogLevel, Logger, RequestEvent, ResponseEvent } from "./observe-types.js";
import type { Config, Observe, RetryEvent, Tunables } from "./options.js";
import { operationOf } from "./operation-of.js";
import { scrub } from "../edges/secrets/index.js";

const severity: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

type Log = (message: string, fields?: Record<string, unknown>) => void;

/** The logger's method for `level`, scrubbed and guarded; undefined when `level` is below the threshold. */
function logAt(logger: Logger | undefined, threshold: LogLevel, level: Exclude<LogLevel, "off">): Log | undefined {
  if (!logger || severity[level] < severity[threshold]) return undefined;
  return (message, fields) => {
    try {
      logger[level](scrub(message), fields && scrub(fields));
    } catch {
      // A broken logger must not break the request it reports on; there is nowhere else to report it.
    }
  };
}

/** What the observed parts of a Config are built from: the settings as given. */
export function observers(given: Tunables): Pick<Config, "observe" | "onRetry" | "onDeprecation" | "logFailure"> {
  const { logger, logLevel, hooks } = given;
  const debug = logAt(logger, logLevel, "debug");
  const info = logAt(logger, logLevel, "info");
  const warn = logAt(logger, logLevel, "warn");
  const error = logAt(logger, logLevel, "error");
  const userRetry = given.onRetry;
  const userDeprecation = given.onDeprecation;

  /** Calls a hook; a throw or a rejected promise is logged and goes no further. */
  const callHook = <E>(name: "request" | "response", hook: ((event: E) => unknown) | undefined, event: E) => {
    if (!hook) return;
    const failed = (cause: unknown) =>
      warn?.(`the ${name} hook failed; the request goes on: ${cause instanceof Error ? cause.message : String(cause)}`, { hook: name });
    try {
      const result = hook(event);
      if (result instanceof Promise) result.catch(failed);
    } catch (cause) {
      failed(cause);
    }
  };

  const observe: Observe | undefined =
    debug || hooks?.request || hooks?.response
      ? async (request, attempt, run) => {
          const event: RequestEvent = { operation: operationOf(request.method, request.url), method: request.method, url: scrub(request.url), attempt };
          // Reported when the attempt leaves, after its token and its slot of the request budget: the hooks see the
          // rate the server sees, and the duration is the request's, not the wait before it.
          let started: number | undefined;
          const sent = () => {
            debug?.(`${event.operation} ${event.method} ${event.url} (attempt ${attempt})`, { ...event });
            callHook("request", hooks?.request, event);
            started = performance.now();
          };
          let ended: Pick<ResponseEvent, "status" | "outcome" | "requestId"> = { status: undefined, outcome: "error", requestId: undefined };
          try {
            const result = await run(sent);
            ended = outcomeOf(result);
            return result;
          } finally {
            // An attempt that never left (no token, no budget left, stopped) is not reported.
            if (started !== undefined) {
              const done: ResponseEvent = { ...event, ...ended, durationMs: performance.now() - started };
              debug?.(`${done.operation} ${done.status ?? done.outcome} in ${done.durationMs.toFixed(1)} ms (attempt ${attempt}${done.requestId ? `, request id ${done.requestId}` : ""})`, { ...done });
              callHook("response", hooks?.response, done);
            }
          }
        }
      : undefined;

  return {
    observe,
    onRetry:
      info && userRetry
        ? (event) => (userRetry(event), info(retryMessage(event), { ...event }))
        : info
          ? (event) => info(retryMessage(event), { ...event })
          : userRetry,
    onDeprecation: warn
      ? (notice) => {
          userDeprecation?.(notice);
          warn(`this API version is deprecated or has a sunset date`, { ...notice });
        }
      : userDeprecation,
    logFailure: error
      ? (failure) => {
          const e = failure as Error & { operation?: string; status?: number; requestId?: string; attempts?: number };
          error(`${e.operation ?? "a request"} failed: ${e.message}`, {
            name: e.name,
            ...(e.operation !== undefined && { operation: e.operation }),
            ...(e.status !== undefined && { status: e.status }),
            ...(e.requestId !== undefined && { requestId: e.requestId }),
            ...(e.attempts !== undefined && { attempts: e.attempts }),
          });
        }
      : undefined,
  };
}

function retryMessage(event: RetryEvent): string {
  return `retrying after ${event.reason} (attempt ${event.attempt} failed; next in ${Math.round(event.delayMs)} ms)`;
}

/** A transport attempt's result: a Response (a usable 2xx) or a failure (retry.ts's Outcome, with its headers). */
function outcomeOf(result: unknown): Pick<ResponseEvent, "status" | "outcome" | "requestId"> {
  const failure = result as { kind?: AttemptOutcome; status?: number; headers?: Headers };
  if (failure.kind === undefined) return { status: failure.status, outcome: "ok", requestId: requestIdOf(failure.headers) };
  return { status: failure.status, outcome: failure.kind, requestId: requestIdOf(failure.headers) };
}

function requestIdOf(headers: Headers | undefined): string | undefined {
  const id = headers?.get("x-request-id");
  return id ? scrub(id) : undefined;
}
