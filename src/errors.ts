// The error hierarchy and the one mapping from an HTTP response to an error. No error ever stores the request,
// its headers or the token: what a caller can log is what is here.
import { parseRetryAfter } from "./retry.js";

/** Base class of every error the client throws. */
export class AmperityError extends Error {
  override name = "AmperityError";
}

/** The options given to `createAmperityClient`, or the arguments of a call, are invalid; nothing was sent. */
export class ConfigError extends AmperityError {
  override name = "ConfigError";
}

/** The server answered with a non-2xx status (after any retries). */
export class ApiError extends AmperityError {
  override name = "ApiError";
  readonly status: number;
  readonly requestId: string | undefined;
  readonly traceId: string | undefined;
  /** The parsed JSON error body, the raw text when it is not JSON, or `undefined` when it is empty. */
  readonly body: unknown;
  readonly attempts: number;

  constructor(init: { status: number; message: string; body: unknown; attempts: number; requestId?: string; traceId?: string }) {
    super(init.message);
    this.status = init.status;
    this.body = init.body;
    this.attempts = init.attempts;
    this.requestId = init.requestId;
    this.traceId = init.traceId;
  }
}

/** 429 Too Many Requests; `retryAfterMs` is set when the server sent a usable `Retry-After`. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  readonly retryAfterMs: number | undefined;

  constructor(init: ConstructorParameters<typeof ApiError>[0] & { retryAfterMs?: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Every attempt ran out of time (`timeoutMs` applies to each attempt). */
export class TimeoutError extends AmperityError {
  override name = "TimeoutError";
  constructor(
    readonly timeoutMs: number,
    readonly attempts: number,
  ) {
    super(`The request timed out after ${timeoutMs} ms (attempt ${attempts})`);
  }
}

/** The connection failed (reset, refused, DNS) or a 2xx body was cut off or not JSON, on every attempt. */
export class NetworkError extends AmperityError {
  override name = "NetworkError";
  constructor(
    message: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server returned a `next_token` it had already returned in the same iteration. */
export class PaginationLoopError extends AmperityError {
  override name = "PaginationLoopError";
  constructor(readonly nextToken: string) {
    super("The server repeated a next_token; stopping instead of looping forever");
  }
}

/** Strict mode: a 2xx body does not match the spec. `pointer` is the JSON pointer of the first violation. */
export class ResponseValidationError extends AmperityError {
  override name = "ResponseValidationError";
  constructor(
    readonly operation: string,
    readonly pointer: string,
    detail: string,
  ) {
    super(`The ${operation} response does not match the spec at "${pointer}": ${detail}`);
  }
}

type ErrorBody = { message?: unknown; request_id?: unknown; trace_id?: unknown };

/** The one mapping from a non-2xx response to an error; an empty or non-JSON body still gives an `ApiError`. */
export function toApiError(status: number, text: string, headers: Headers, attempts: number, now: number): ApiError {
  let body: unknown = text === "" ? undefined : text;
  try {
    if (text !== "") body = JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text as the body.
  }
  const fields: ErrorBody = body !== null && typeof body === "object" ? (body as ErrorBody) : {};
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const init = {
    status,
    body,
    attempts,
    message: str(fields.message) ?? `HTTP ${status}${text === "" ? " with an empty body" : ""}`,
    requestId: str(fields.request_id),
    traceId: str(fields.trace_id),
  };
  if (status === 429) {
    return new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(headers.get("retry-after"), now) });
  }
  return new ApiError(init);
}
