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

/** Every "name must be ..." ConfigError is built here, so the option or argument is always named first. */
export function mustBe(name: string, expected: string): ConfigError {
  return new ConfigError(`${name} must be ${expected}`);
}

/** The server answered with a non-2xx status (after any retries). */
export class ApiError extends AmperityError {
  override name = "ApiError";
  // `declare`: assigned below in this order, so no field initialisers are emitted for them.
  declare readonly status: number;
  declare readonly requestId: string | undefined;
  declare readonly traceId: string | undefined;
  /** The parsed JSON error body, the raw text when it is not JSON, or `undefined` when it is empty. */
  declare readonly body: unknown;
  declare readonly attempts: number;

  constructor(init: { status: number; message: string; body: unknown; attempts: number; requestId?: string; traceId?: string }) {
    super(init.message);
    this.status = init.status;
    this.requestId = init.requestId;
    this.traceId = init.traceId;
    this.body = init.body;
    this.attempts = init.attempts;
  }
}

/**
 * The token endpoint refused the client id or secret (400 or 401; DOC-30). Not retried: the same credentials
 * would be refused again.
 */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}

/** 429 Too Many Requests; `retryAfterMs` is set when the server sent a usable `Retry-After`. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  declare readonly retryAfterMs: number | undefined;

  constructor(init: ConstructorParameters<typeof ApiError>[0] & { retryAfterMs?: number }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** Every attempt ran out of time (`timeoutMs` applies to each attempt). */
export class TimeoutError extends AmperityError {
  override name = "TimeoutError";
  declare readonly timeoutMs: number;
  declare readonly attempts: number;
  /** `host` (`name:port`) is named in the message when known. */
  constructor(timeoutMs: number, attempts: number, host?: string) {
    super(`${host === undefined ? "The request" : `Request to ${host}`} timed out after ${timeoutMs} ms (${attempts === 1 ? "1 attempt" : `${attempts} attempts`})`);
    this.timeoutMs = timeoutMs;
    this.attempts = attempts;
  }
}

/** The connection failed (reset, refused, DNS) or a 2xx body was cut off or not JSON, on every attempt. */
export class NetworkError extends AmperityError {
  override name = "NetworkError";
  declare readonly attempts: number;
  constructor(message: string, attempts: number, options?: { cause?: unknown }) {
    super(message, options);
    this.attempts = attempts;
  }
}

/** The server returned a `next_token` it had already returned in the same iteration. */
export class PaginationLoopError extends AmperityError {
  override name = "PaginationLoopError";
  declare readonly nextToken: string;
  constructor(nextToken: string) {
    super("The server repeated a next_token, so pagination would loop forever");
    this.nextToken = nextToken;
  }
}

/** Strict mode: a 2xx body does not match the spec. `pointer` is the JSON pointer of the first violation. */
export class ResponseValidationError extends AmperityError {
  override name = "ResponseValidationError";
  declare readonly operation: string;
  declare readonly pointer: string;
  constructor(operation: string, pointer: string, detail: string) {
    super(`The ${operation} response does not match the spec at "${pointer}": ${detail}`);
    this.operation = operation;
    this.pointer = pointer;
  }
}

/** The server answered with a redirect, which the API never documents: it is not followed, and not retried. */
export class RedirectError extends AmperityError {
  override name = "RedirectError";
  /** The 3xx status, or `undefined` when an injected fetch followed the redirect itself. */
  declare readonly status: number | undefined;
  /** The origin the redirect pointed to (`https://host:port`), or `undefined` without a usable `Location`. */
  declare readonly location: string | undefined;
  declare readonly attempts: number;
  constructor(status: number | undefined, location: string | undefined, attempts: number) {
    const to = location ?? "an unreadable Location";
    super(`The server ${status === undefined ? "redirected" : `answered ${status}, a redirect,`} to ${to}; redirects are not followed (the token and tenant would go there)`);
    this.status = status;
    this.location = location;
    this.attempts = attempts;
  }
}

/** A response body (decoded) is longer than `maxResponseBytes`; reading stopped there, and it is not retried. */
export class ResponseTooLargeError extends AmperityError {
  override name = "ResponseTooLargeError";
  declare readonly status: number;
  declare readonly maxResponseBytes: number;
  declare readonly attempts: number;
  /** `limit` names the cap when it is not the `maxResponseBytes` option (the token endpoint's own). */
  constructor(status: number, maxResponseBytes: number, attempts: number, limit = `maxResponseBytes (${maxResponseBytes} bytes)`) {
    super(`The HTTP ${status} response body is larger than ${limit}; it was not read further`);
    this.status = status;
    this.maxResponseBytes = maxResponseBytes;
    this.attempts = attempts;
  }
}

/** A 2xx body is not the envelope of its operation (checked in every mode, before the page reaches the caller). */
export class ResponseShapeError extends AmperityError {
  override name = "ResponseShapeError";
  declare readonly operation: string;
  declare readonly pointer: string;
  constructor(operation: string, pointer: string, detail: string) {
    super(`The ${operation} response is not usable: "${pointer}" ${detail}`);
    this.operation = operation;
    this.pointer = pointer;
  }
}

type ErrorBody = { message?: unknown; request_id?: unknown; trace_id?: unknown };

/** The one mapping from a non-2xx response to an error; an empty or non-JSON body still gives an `ApiError`. */
export function toApiError(status: number, text: string, retryAfter: string | null, attempts: number, now: number): ApiError {
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's HTML page, say): keep the text as the body.
    body = text;
  }
  // A JSON primitive has none of these properties; reading them off it gives undefined.
  const fields = (body ?? {}) as ErrorBody;
  const str = (v: unknown) => (typeof v === "string" && v) || undefined;
  const init = {
    status,
    body,
    attempts,
    message: str(fields.message) ?? `HTTP ${status}${text === "" ? " with an empty body" : ""}`,
    requestId: str(fields.request_id),
    traceId: str(fields.trace_id),
  };
  if (status === 429) {
    return new RateLimitError({ ...init, retryAfterMs: parseRetryAfter(retryAfter, now) });
  }
  return new ApiError(init);
}
