// The types of the logger and hooks options (observe.ts implements them).

/** The levels a logger is called at, least severe first; `"off"` as a `logLevel` silences the logger. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/**
 * Where the client logs. `console` fits, as do pino and winston loggers. `fields` is a plain object of the
 * details (operation, status, request id, …), already scrubbed of every registered secret like the message.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One attempt of a request, as the `request` hook sees it before it is sent. */
export interface RequestEvent {
  /** The operationId (`listProfiles`, `getProfile`, `listIndexes`, `getIndex`); `GET /path` off the spec's paths. */
  operation: string;
  /** The HTTP method. */
  method: string;
  /** The full URL, query included. No credential is ever part of it (the token travels in a header). */
  url: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
}

/**
 * How an attempt ended: `ok` (a usable 2xx), `status` (another status), or why it got no usable response:
 * `network`, `timeout`, `cut-off` (a 2xx body cut off or not JSON), `refused` (a redirect or an oversized body),
 * `error` (the call was aborted, or its token could not be obtained).
 */
export type AttemptOutcome = "ok" | "status" | "network" | "timeout" | "cut-off" | "refused" | "error";

/** One attempt of a request, as the `response` hook sees it when it has ended. */
export interface ResponseEvent extends RequestEvent {
  /** The response's status; `undefined` when none arrived (or a redirect or an oversized body was refused). */
  status: number | undefined;
  /** How the attempt ended. */
  outcome: AttemptOutcome;
  /** From just before the attempt (a token it waited for included) to its end, body read, in ms. */
  durationMs: number;
  /** The response's `x-request-id`, when it had one. */
  requestId: string | undefined;
}

/**
 * Called around every attempt of every API request (token requests are not reported). A hook's return value is
 * ignored, a promise is not awaited, and a throw or rejection is logged at `warn` and otherwise ignored.
 */
export interface Hooks {
  /** Before an attempt is sent. */
  request?: ((event: RequestEvent) => unknown) | undefined;
  /** After an attempt ended, whatever way it ended. */
  response?: ((event: ResponseEvent) => unknown) | undefined;
}
