// The fetch given to openapi-fetch. It adds the headers every request carries, gives each attempt its own timer,
// refuses redirects, reads the body under the size cap while that timer runs (so a cut-off 2xx is caught and
// retried), retries per retry.ts, and turns the final failure into a typed error with the token redacted. Each
// attempt sends a request of its own: own headers object, own signal.
import { resolveRetry, resolveTimeout } from "./config.js";
import type { Config, RetryEvent } from "./options.js";
import { NetworkError, RedirectError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import { operationOf } from "./operation-of.js";
import { toApiError } from "./to-api-error.js";
import { deprecationReporter } from "./deprecation.js";
import { hostAndPort, networkFailure, networkFailureMessage } from "../edges/http/network-failure.js";
import { readBody } from "../edges/http/read-body.js";
import { redactToken } from "../edges/secrets/redact.js";
import { retryDelay, type Outcome, type RetryOptions } from "./retry.js";

export interface RequestOptions {
  /** Aborts the call, including any in-flight attempt and the wait before a retry. @default none */
  signal?: AbortSignal | undefined;
  /** Overrides the client's retry policy for this call (merged over it). @default the client's `retry` */
  retry?: RetryOptions | false | undefined;
  /** Overrides the client's per-attempt timeout for this call, in ms. @default the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/**
 * How a call takes a 2xx body: `peek` sees the bytes first (pagination guesses the next cursor there, and returns
 * true when it sent a request on it), `parse` reads them (JSON.parse of the text by default; a throw means a
 * cut-off or garbled body, retried like one), then `onData` gets the result.
 */
export interface BodyReceiver {
  peek?: (bytes: Uint8Array) => boolean;
  parse?: (bytes: Uint8Array) => unknown;
  onData: (data: unknown) => void;
}

const decoder = new TextDecoder();

/** A body's bytes as text, as `response.text()` decodes them (a byte-order mark dropped, bad bytes as U+FFFD). */
export const decodeBody = (bytes: Uint8Array): string => decoder.decode(bytes);

const parseJson = (bytes: Uint8Array): unknown => JSON.parse(decodeBody(bytes));

/** One turn of the event loop (setImmediate where there is one: a zero timeout may be clamped to 4 ms). */
const yieldTurn = () => new Promise<void>((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * The Request class openapi-fetch builds the client's own calls with. undici's Request is costly to construct (URL
 * parsing, a signal that follows the caller's) and the transport makes a request per attempt anyway; this keeps
 * only what openapi-fetch and the transport read. The raw client keeps real Requests.
 */
export class PlainRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly signal: AbortSignal | null | undefined;
  constructor(url: string, init: RequestInit) {
    // openapi-fetch's init carries the method, the headers it merged and the caller's signal (or null).
    Object.assign(this, init);
    this.url = url;
  }
}

type Fetch = (request: Request | PlainRequest) => Promise<Response>;

/** An attempt that did not end with a usable 2xx: what retry.ts decides on, and the error if it was the last. */
type Failure = Outcome & { error(attempts: number): Error; token?: string; headers?: Headers };

/**
 * A fetch bound to one call's options. With a receiver, a 2xx body is parsed once and handed to it, and
 * openapi-fetch gets the response with its body already read (the client tells it not to read it); without one
 * (the raw client) the response goes on with a copy of the body.
 */
export type Transport = (options?: RequestOptions, receiver?: BodyReceiver) => Fetch;

export function createTransport(config: Config): Transport {
  const reportDeprecation = deprecationReporter(config.onDeprecation);
  // Shared with every client derived by withOptions.
  const { limiter } = config;

  async function attempt(request: Request | PlainRequest, timeoutMs: number, receiver?: BodyReceiver): Promise<Response | Failure> {
    // A token string was checked by resolveConfig; a token function's result is checked by its token source.
    const token = await config.tokens.get(request.signal ?? undefined);
    const result = await exchange(request, token, timeoutMs, receiver);
    if (!("kind" in result)) return result;
    // Every error of this attempt passes here: whatever the server echoed of this attempt's token is redacted.
    const { error } = result;
    result.error = (n) => redactToken(error(n), token);
    // The 401 hook needs to know which token was refused.
    result.token = token;
    return result;
  }

  async function exchange(request: Request | PlainRequest, token: string, timeoutMs: number, receiver?: BodyReceiver): Promise<Response | Failure> {
    const caller = request.signal;
    // Header names come out of Headers in lower case, so these replace any value the request came with. Only the
    // codings fetch decodes as it streams are asked for, so the size cap counts decoded bytes.
    const headers = {
      ...Object.fromEntries(request.headers),
      authorization: `Bearer ${token}`,
      "amperity-tenant": config.tenant,
      "api-version": config.apiVersion,
      "accept-encoding": "gzip, deflate, br",
      "user-agent": config.userAgent,
    };
    const controller = new AbortController();
    const onAbort = () => controller.abort(caller!.reason);
    caller?.addEventListener("abort", onAbort, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let response: Response | undefined;
    try {
      const url = request instanceof PlainRequest ? request.url : request;
      // The API documents no redirect; following one would send the token and tenant wherever it points.
      response = await config.fetch(url, { method: request.method, headers, signal: controller.signal, redirect: "manual" });
      reportDeprecation(response.headers);
      const { status } = response;
      // An injected fetch may have followed one anyway: its response is refused as well.
      const followed = response.redirected;
      if (followed || redirectStatuses.has(status)) {
        void response.body?.cancel().catch(() => undefined);
        const location = originOf(followed ? response.url : response.headers.get("location"), request.url);
        return refused((n) => new RedirectError(followed ? undefined : status, location, n));
      }
      const bytes = await readBody(response, config.maxResponseBytes);
      if (bytes === undefined) {
        controller.abort();
        return refused((n) => new ResponseTooLargeError(status, config.maxResponseBytes, n));
      }
      if (!response.ok) {
        const retryAfter = response.headers.get("retry-after");
        const text = decodeBody(bytes);
        const { headers } = response;
        const error = (n: number) =>
          toApiError({ status, text, headers, attempts: n, now: config.now(), operation: operationOf(request.method, request.url), redact: (value) => redactToken(value, token) });
        return { kind: "status", status, retryAfter, headers, error };
      }
      let data: unknown;
      try {
        // A request sent from peek gets a turn of the event loop to leave before the parse holds the thread.
        if (receiver?.peek?.(bytes)) await yieldTurn();
        data = (receiver?.parse ?? parseJson)(bytes);
      } catch (cause) {
        return cutOff(cause);
      }
      // A Response is a ResponseInit: the copy keeps the status, status text and headers.
      if (!receiver) return new Response(decodeBody(bytes), response);
      receiver.onData(data);
      return response;
    } catch (cause) {
      if (caller?.aborted) throw caller.reason;
      if (timedOut) return { kind: "timeout", error: (n) => new TimeoutError(timeoutMs, n, hostAndPort(request.url).text) };
      // Headers arrived but the body did not: a cut-off body, not a failed connection.
      if (response?.ok) return cutOff(cause);
      const failed = networkFailure(cause, request.url);
      const error: Failure["error"] = (n) => new NetworkError(networkFailureMessage(failed, n), n, { cause });
      // A request that can never succeed (a blocked port, an invalid URL) is not retried, and is redacted like any.
      return failed.retryable ? { kind: "network", error } : refused(error);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  }

  return (options = {}, receiver) => {
    const policy = resolveRetry(options.retry, config.retry);
    const timeoutMs = resolveTimeout(options.timeoutMs, config.timeoutMs);
    return async (request) => {
      const caller = request.signal ?? undefined;
      let refreshed = false;
      for (let n = 1; ; n++) {
        caller?.throwIfAborted();
        if (limiter) await limiter(caller);
        const failure = config.observe ? await config.observe(request, n, () => attempt(request, timeoutMs, receiver)) : await attempt(request, timeoutMs, receiver);
        if (!("kind" in failure)) return failure;
        caller?.throwIfAborted();
        // A token the client obtained itself was refused (revoked, expired early): one new token, one retry.
        if (failure.kind === "status" && failure.status === 401 && !refreshed && config.tokens.refused?.(failure.token!)) {
          refreshed = true;
          continue;
        }
        const delayMs = retryDelay(failure, n, policy, config.random, config.now());
        if (delayMs === undefined) throw failure.error(n);
        const event: RetryEvent = { attempt: n, delayMs, reason: failure.kind };
        if (failure.kind === "status") {
          event.reason = `HTTP ${failure.status}`;
          event.status = failure.status;
        }
        config.onRetry?.(event);
        await config.sleep(delayMs, caller);
      }
    };
  };
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

function refused(error: Failure["error"]): Failure {
  return { kind: "refused", error };
}

/** Only the origin of a redirect's target is reported: its path and query may carry anything. */
function originOf(target: string | null, base: string): string | undefined {
  if (!target) return undefined;
  try {
    const { origin } = new URL(target, base);
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}

function cutOff(cause: unknown): Failure {
  return { kind: "cut-off", error: (n) => new NetworkError(`The response body was cut off or is not valid JSON (attempt ${n})`, n, { cause }) };
}
