// The fetch given to openapi-fetch. It adds the headers every request carries, sends each attempt through the HTTP
// edge (exchange.ts: the budget, the attempt's timer, no redirects, the body read under the size cap), parses a
// 2xx body (a cut-off or garbled one is retried), retries per retry.ts, and turns the final failure into a typed
// error scrubbed of every secret. Each attempt sends a request of its own: own headers object, own signal.
import { resolveRetry, resolveTimeout } from "./config.js";
import type { Config, RetryEvent } from "./options.js";
import { operationOf } from "./operation-of.js";
import { toApiError } from "./to-api-error.js";
import { deprecationReporter } from "./deprecation.js";
import { exchange } from "../edges/http/exchange.js";
import { decodeBody } from "../edges/http/read-body.js";
import { cutOff, failureOf, type Failure } from "./http-failure.js";
import { registerSecret, scrub } from "../edges/secrets/index.js";
import { retryDelay, type RetryOptions } from "./retry.js";

// client.ts decodes raw pages with the same decoder.
export { decodeBody };

export interface RequestOptions {
  /** Aborts the call, including any in-flight attempt and the wait before a retry. @default none */
  signal?: AbortSignal | undefined;
  /** Overrides the client's retry policy for this call (merged over it). @default the client's `retry` */
  retry?: RetryOptions | false | undefined;
  /** Overrides the client's per-attempt timeout for this call, in ms. @default the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/**
 * How a call takes a 2xx body: `watch` gives each attempt a watcher of its bytes (pagination guesses the next cursor
 * there), `parse` reads them (JSON.parse of the text by default; a throw means a cut-off or garbled body, retried
 * like one), then `onData` gets the result.
 */
export interface BodyReceiver {
  watch?: () => BodyWatch;
  parse?: (bytes: Uint8Array) => unknown;
  onData: (data: unknown) => void;
}

/** One attempt's watcher of a 2xx body. */
export interface BodyWatch {
  /** Each chunk as it arrives; false when it wants no more. */
  chunk: (bytes: Uint8Array) => boolean;
  /** The whole body, before it is parsed; true when a request was sent on it just now. */
  end: (bytes: Uint8Array) => boolean;
  /** The attempt failed (its body broke off, timed out, or is not JSON): whatever was sent on its bytes is void. */
  failed: () => void;
}

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

/**
 * A fetch bound to one call's options. With a receiver, a 2xx body is parsed once and handed to it, and
 * openapi-fetch gets the response with its body already read (the client tells it not to read it); without one
 * (the raw client) the response goes on with a copy of the body.
 */
export type Transport = (options?: RequestOptions, receiver?: BodyReceiver) => Fetch;

export function createTransport(config: Config): Transport {
  const reportDeprecation = deprecationReporter(config.onDeprecation);
  const onHeaders = config.onDeprecation && ((response: Response) => reportDeprecation(response.headers));

  async function attempt(request: Request | PlainRequest, timeoutMs: number, receiver?: BodyReceiver, onSend?: () => void): Promise<Response | Failure> {
    // A token string was checked by resolveConfig; a token function's result is checked by its token source.
    const token = await config.tokens.get(request.signal ?? undefined);
    // Again on every attempt: the tokens in use stay among those the registry keeps (registry.ts).
    registerSecret(token, "token");
    const result = await send(request, token, timeoutMs, receiver, onSend);
    if (!("kind" in result)) return result;
    // Every error of this attempt passes here: whatever the server echoed of any secret, in any encoding, is scrubbed.
    const { error } = result;
    result.error = (n) => scrub(error(n));
    // The 401 hook needs to know which token was refused.
    result.token = token;
    return result;
  }

  async function send(request: Request | PlainRequest, token: string, timeoutMs: number, receiver?: BodyReceiver, onSend?: () => void): Promise<Response | Failure> {
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
    const target = request instanceof PlainRequest ? request.url : request;
    const watch = receiver?.watch?.();
    const onChunk = watch && ((chunk: Uint8Array, response: Response) => response.ok && watch.chunk(chunk));
    const result = await exchange(
      { target, url: request.url, method: request.method, headers },
      { fetch: config.fetch, timeoutMs, maxBytes: config.maxResponseBytes, signal: request.signal, budget: config.budget, onSend, onHeaders, onChunk },
    );
    if ("kind" in result) {
      watch?.failed();
      if (result.kind === "aborted") throw result.reason;
      return failureOf(result, "response body");
    }
    const { response, bytes } = result;
    const { status } = response;
    if (!response.ok) {
      const retryAfter = response.headers.get("retry-after");
      const text = decodeBody(bytes);
      const { headers } = response;
      // Headers are not a plain object: the copy on the error is scrubbed as it is made.
      const error = (n: number) => toApiError({ status, text, headers, attempts: n, now: config.now(), operation: operationOf(request.method, request.url), redact: scrub });
      return { kind: "status", status, retryAfter, headers, error };
    }
    let data: unknown;
    try {
      // A request sent on the whole body gets a turn of the event loop to leave before the parse holds the thread.
      if (watch?.end(bytes)) await yieldTurn();
      data = (receiver?.parse ?? parseJson)(bytes);
    } catch (cause) {
      watch?.failed();
      return cutOff("response body", cause);
    }
    // A Response is a ResponseInit: the copy keeps the status, status text and headers.
    if (!receiver) return new Response(decodeBody(bytes), response);
    receiver.onData(data);
    return response;
  }

  return (options = {}, receiver) => {
    const policy = resolveRetry(options.retry, config.retry);
    const timeoutMs = resolveTimeout(options.timeoutMs, config.timeoutMs);
    return async (request) => {
      const caller = request.signal ?? undefined;
      let refreshed = false;
      for (let n = 1; ; n++) {
        caller?.throwIfAborted();
        const failure = config.observe
          ? await config.observe(request, n, (sent) => attempt(request, timeoutMs, receiver, sent))
          : await attempt(request, timeoutMs, receiver);
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
