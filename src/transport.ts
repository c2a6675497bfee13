// The fetch given to openapi-fetch. It adds the headers every request carries, gives each attempt its own timer,
// reads the body while that timer runs (so a cut-off 2xx is caught and retried), retries per retry.ts, and turns
// the final failure into a typed error. Each attempt sends a fresh copy of the Request.
import { checkToken, resolveRetry, resolveTimeout, type Config } from "./config.js";
import { NetworkError, TimeoutError, toApiError } from "./errors.js";
import { createRateLimiter } from "./rate-limit.js";
import { retryDelay, type Outcome, type RetryOptions } from "./retry.js";

export interface RequestOptions {
  /** Aborts the call, including any in-flight attempt and the wait before a retry. */
  signal?: AbortSignal;
  /** Overrides the client's retry policy for this call. */
  retry?: RetryOptions | false;
  /** Overrides the client's per-attempt timeout for this call. */
  timeoutMs?: number;
}

type Fetch = (request: Request) => Promise<Response>;

type Attempt =
  | { response: Response }
  | { outcome: Outcome; text?: string; headers?: Headers; cause?: unknown };

export interface Transport {
  /**
   * A fetch bound to one call's options. With `parsed`, a 2xx comes back bodiless and its JSON is read with
   * `parsedBody()`, so the hot path parses each page once; without it (the raw client) the body is passed on.
   */
  fetch(options?: RequestOptions, parsed?: boolean): Fetch;
  parsedBody(response: Response): unknown;
}

export function createTransport(config: Config): Transport {
  const limiter = config.maxRequestsPerSecond && createRateLimiter(config.maxRequestsPerSecond, config.now, config.sleep);
  const parsedBodies = new WeakMap<Response, unknown>();

  async function headersFor(request: Request): Promise<{ headers: Headers; token: string }> {
    const token = checkToken(typeof config.token === "function" ? await config.token() : config.token);
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${token}`);
    headers.set("amperity-tenant", config.tenant);
    headers.set("api-version", config.apiVersion);
    return { headers, token };
  }

  async function attempt(request: Request, timeoutMs: number, parsed: boolean): Promise<Attempt> {
    const caller = request.signal;
    const { headers, token } = await headersFor(request);
    const controller = new AbortController();
    const onAbort = () => controller.abort(caller.reason);
    caller.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response | undefined;
    try {
      response = await config.fetch(new Request(request, { headers, signal: controller.signal }));
      const text = await response.text();
      if (!response.ok) {
        // The error body ends up on an ApiError that callers log: a server that echoes the token must not leak it.
        const redacted = text.replaceAll(token, "[redacted]");
        return { outcome: { kind: "status", status: response.status, retryAfter: response.headers.get("retry-after") }, text: redacted, headers: response.headers };
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (cause) {
        return { outcome: { kind: "cut-off" }, cause };
      }
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      if (!parsed) return { response: new Response(text, init) };
      const bodiless = new Response(null, init);
      parsedBodies.set(bodiless, data);
      return { response: bodiless };
    } catch (cause) {
      if (caller.aborted) throw caller.reason;
      if (timedOut) return { outcome: { kind: "timeout" } };
      // Headers arrived but the body did not: a cut-off body, not a failed connection.
      return { outcome: { kind: response?.ok ? "cut-off" : "network" }, cause };
    } finally {
      clearTimeout(timer);
      caller.removeEventListener("abort", onAbort);
    }
  }

  return {
    fetch(options = {}, parsed = false) {
      const policy = resolveRetry(options.retry, config.retry);
      const timeoutMs = resolveTimeout(options.timeoutMs, config.timeoutMs);
      return async (request) => {
        const caller = request.signal;
        for (let n = 1; ; n++) {
          if (caller.aborted) throw caller.reason;
          if (limiter) await limiter(caller);
          const result = await attempt(request, timeoutMs, parsed);
          if ("response" in result) return result.response;
          if (caller.aborted) throw caller.reason;
          const delayMs = retryDelay(result.outcome, n, policy, config.random, config.now());
          if (delayMs === undefined) throw finalError(result, n, timeoutMs, config.now());
          const status = result.outcome.kind === "status" ? result.outcome.status : undefined;
          config.onRetry?.({ attempt: n, delayMs, reason: reasonOf(result.outcome), ...(status === undefined ? {} : { status }) });
          await config.sleep(delayMs, caller);
        }
      };
    },
    parsedBody: (response) => parsedBodies.get(response),
  };
}

function reasonOf(outcome: Outcome): string {
  return outcome.kind === "status" ? `HTTP ${outcome.status}` : outcome.kind;
}

function finalError(result: Exclude<Attempt, { response: Response }>, attempts: number, timeoutMs: number, now: number): Error {
  const { outcome, cause } = result;
  switch (outcome.kind) {
    case "status":
      return toApiError(outcome.status, result.text ?? "", result.headers ?? new Headers(), attempts, now);
    case "timeout":
      return new TimeoutError(timeoutMs, attempts);
    case "cut-off":
      return new NetworkError(`The response body was cut off or is not valid JSON (attempt ${attempts})`, attempts, { cause });
    case "network":
      return new NetworkError(`The request failed: ${describe(cause)} (attempt ${attempts})`, attempts, { cause });
  }
}

/** undici reports "fetch failed" and keeps the useful part (ECONNREFUSED, ENOTFOUND, ...) in `cause`. */
function describe(error: unknown): string {
  const inner = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof inner?.code === "string") return inner.code;
  return error instanceof Error ? error.message : "network error";
}
