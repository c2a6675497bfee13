// What an attempt that got no usable answer means to the client: the outcome retry.ts decides on, and the typed
// error if it was the last attempt. The API's calls and the token endpoint word the HTTP edge's failures alike.
import type { HttpFailure } from "../edges/http/exchange.js";
import { networkFailureMessage } from "../edges/http/network-failure.js";
import { NetworkError, RedirectError, ResponseTooLargeError, TimeoutError } from "./errors.js";
import type { Outcome } from "./retry.js";

/** An attempt that did not end with a usable 2xx; `token` is the bearer token it carried, if any. */
/** `headers`: a status failure's response headers (the response hook reports its request id). */
export type Failure = Outcome & { error(attempts: number): Error; token?: string; headers?: Headers };

/**
 * The failure for `failure` (an abort is the caller's and never gets here). `what` names the body in a cut-off
 * message ("response body", "token response"); `limit` names the size cap when it is not maxResponseBytes.
 */
export function failureOf(failure: Exclude<HttpFailure, { kind: "aborted" }>, what: string, limit?: string): Failure {
  switch (failure.kind) {
    case "redirect":
      return refused((n) => new RedirectError(failure.status, failure.origin, n));
    case "too-large":
      return refused((n) => new ResponseTooLargeError(failure.status, failure.maxBytes, n, limit));
    case "timeout":
      return { kind: "timeout", error: (n) => new TimeoutError(failure.timeoutMs, n, failure.host) };
    case "cut-off":
      // A 2xx body that broke off is retried like one that is not JSON.
      return cutOff(what, failure.cause);
    case "network": {
      const { failure: described, cause } = failure;
      const error: Failure["error"] = (n) => new NetworkError(networkFailureMessage(described, n), n, { cause });
      // A request that can never succeed (a blocked port, an invalid URL) is not retried.
      return described.retryable ? { kind: "network", error } : refused(error);
    }
  }
}

/** A 2xx whose body is cut off or not JSON: retried. */
export function cutOff(what: string, cause: unknown): Failure {
  return { kind: "cut-off", error: (n) => new NetworkError(`The ${what} was cut off or is not valid JSON (attempt ${n})`, n, { cause }) };
}

/** The same request would get the same answer: not retried. */
function refused(error: Failure["error"]): Failure {
  return { kind: "refused", error };
}
