// The error hierarchy (the mapping from a response is to-api-error.ts). No error ever stores the request, its
// headers or the token: what a caller can log is what is here.

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

/**
 * The server answered with a non-2xx status (after any retries). Catch this class for every HTTP error; catch a
 * subclass to branch on what happened:
 *
 * | class | status | retried | what to do |
 * |---|---|---|---|
 * | {@link BadRequestError} | 400 | no | fix the request (a parameter, a cursor the server no longer accepts) |
 * | {@link AuthenticationError} | 401 | once, with a new token, when the client obtained it | refresh or replace the token |
 * | {@link CredentialsRefusedError} | the token endpoint's 400 or 401 | no | check the client id and secret |
 * | {@link PermissionDeniedError} | 403 | no | the token's API key lacks access (or another tenant's) |
 * | {@link NotFoundError} | 404 | no | the index or profile does not exist |
 * | {@link RateLimitError} | 429 | yes | slow down; see `retryAfterMs` |
 * | {@link ServerError} | 5xx | 500, 502, 503, 504 | retry later; quote `requestId` to support |
 * | `ApiError` itself | any other (405, 409, …) | no | |
 */
export class ApiError extends AmperityError {
  override name = "ApiError";
  // `declare`: assigned below in this order, so no field initialisers are emitted for them.
  /** The HTTP status of the last attempt. */
  declare readonly status: number;
  /**
   * The server's id for the request: the body's `request_id`, else the `x-request-id` response header (a proxy's
   * 502 or an empty 401 has only the header); `undefined` when neither is there. Quote it in a support ticket.
   */
  declare readonly requestId: string | undefined;
  /** The body's `trace_id`, when it has one. */
  declare readonly traceId: string | undefined;
  /** The parsed JSON error body, the raw text when it is not JSON, or `undefined` when it is empty. */
  declare readonly body: unknown;
  /** How many attempts were made, the failed last one included. */
  declare readonly attempts: number;
  /** The headers of the last response (a copy: `set-cookie` left out, every registered secret scrubbed). */
  declare readonly headers: Headers;
  /** The operation that failed (`listProfiles`, `getProfile`, `createAccessToken`, …), when the client knows it. */
  declare readonly operation: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.requestId = init.requestId;
    this.traceId = init.traceId;
    this.body = init.body;
    this.attempts = init.attempts;
    this.headers = init.headers ?? new Headers();
    this.operation = init.operation;
  }
}

/** What an {@link ApiError} is made of; `toApiError` fills it in from a response. */
export interface ApiErrorInit {
  status: number;
  message: string;
  body: unknown;
  attempts: number;
  requestId?: string | undefined;
  traceId?: string | undefined;
  headers?: Headers | undefined;
  operation?: string | undefined;
}

/** 400 Bad Request: the server refused the request as malformed. Not retried: it would be refused again. */
export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}

/**
 * 401 Unauthorized: the API refused the bearer token (expired, revoked, signed by a rotated key). With client
 * credentials the client has already dropped the token, obtained a new one and retried once. Also the class of
 * {@link CredentialsRefusedError}, so one `instanceof AuthenticationError` catches every refused credential.
 */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}

/**
 * The token endpoint refused the client id or secret (its 400 or 401; DOC-30), whatever the status. Not retried:
 * the same credentials would be refused again.
 */
export class CredentialsRefusedError extends AuthenticationError {
  override name = "CredentialsRefusedError";
}

/** 403 Forbidden: the token is valid but may not do this (another tenant's, or an API key without access). */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}

/** 404 Not Found: the index or profile does not exist (or the path is not the API's). */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/** 429 Too Many Requests (retried with backoff); `retryAfterMs` is set when the server sent a usable `Retry-After`. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  /** The wait the server asked for, in ms, from its `Retry-After` (seconds or a date); `undefined` without one. */
  declare readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit & { retryAfterMs?: number | undefined }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the server or a gateway in front of it failed; 500, 502, 503 and 504 were retried with backoff. */
export class ServerError extends ApiError {
  override name = "ServerError";
}

/** Every attempt ran out of time (`timeoutMs` applies to each attempt). */
export class TimeoutError extends AmperityError {
  override name = "TimeoutError";
  /** The per-attempt limit that ran out, in ms. */
  declare readonly timeoutMs: number;
  /** How many attempts timed out (or failed otherwise before the last one timed out). */
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
  /** How many attempts were made; the failure of the last one is the message, its cause `cause`. */
  declare readonly attempts: number;
  constructor(message: string, attempts: number, options?: { cause?: unknown }) {
    super(message, options);
    this.attempts = attempts;
  }
}

/** The server returned a `next_token` it had already returned in the same iteration. */
export class PaginationLoopError extends AmperityError {
  override name = "PaginationLoopError";
  /** The cursor the server sent twice. */
  declare readonly nextToken: string;
  constructor(nextToken: string) {
    super("The server repeated a next_token, so pagination would loop forever");
    this.nextToken = nextToken;
  }
}

/** Strict mode: a 2xx body does not match the spec. `pointer` is the JSON pointer of the first violation. */
export class ResponseValidationError extends AmperityError {
  override name = "ResponseValidationError";
  /** The operationId whose response broke the spec. */
  declare readonly operation: string;
  /** The JSON pointer of the first violation, e.g. `/data/0/id`. */
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
  /** How many attempts were made (a redirect ends the call at once). */
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
  /** The status of the response whose body was too large. */
  declare readonly status: number;
  /** The limit in force, in bytes. */
  declare readonly maxResponseBytes: number;
  /** How many attempts were made (an oversized body ends the call at once). */
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
  /** The operationId whose response is not usable. */
  declare readonly operation: string;
  /** The JSON pointer of what is wrong, e.g. `/data`. */
  declare readonly pointer: string;
  constructor(operation: string, pointer: string, detail: string) {
    super(`The ${operation} response is not usable: "${pointer}" ${detail}`);
    this.operation = operation;
    this.pointer = pointer;
  }
}
