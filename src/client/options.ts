// The client's options and the resolved configuration every part of the client reads. Types only: the values are
// checked in config.ts and tunables.ts, before anything can be sent. Every optional option also takes `undefined`
// (it then keeps its default), so callers compiling with `exactOptionalPropertyTypes` can pass `x ?? undefined`.
import type { ApiVersion, Region } from "./types.js";
import type { DeprecationNotice } from "./deprecation.js";
import type { Hooks, LogLevel, Logger } from "./observe-types.js";
import type { RequestBudget } from "../edges/http/budget.js";
import type { RetryOptions, RetryPolicy } from "./retry.js";
import type { Token } from "./token.js";
import type { TokenSource } from "./token-source.js";

/** What `onRetry` is told before the client waits to retry a request. */
export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  /** How long the client waits before the next attempt, in ms. */
  delayMs: number;
  /** What went wrong: `HTTP 503`, `network`, `timeout`, `cut-off`; `token endpoint …` for token requests. */
  reason: string;
  /** The HTTP status, when the attempt got one. */
  status?: number;
}

/** A token you manage: a string, or a function called before every attempt (so it can refresh). */
export interface TokenAuth {
  /** The bearer token ("Profile API Data Access" key), or a function returning the current one. */
  token: Token;
  clientId?: undefined;
  clientSecret?: undefined;
  tokenUrl?: undefined;
}

/** OAuth client credentials ("Get OAuth credentials" in the UI): the client requests and refreshes tokens. */
export interface ClientCredentialsAuth {
  token?: undefined;
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret; it is only ever sent in the token request's body. */
  clientSecret: string;
  /**
   * The token endpoint.
   * @default `https://{tenant}.amperity.com/api/v0/oauth2/token` on every region (DOC-28), or `<baseUrl>/v0/oauth2/token` when `baseUrl` is set
   */
  tokenUrl?: string | undefined;
}

/** Exactly one way to authenticate: `token`, or `clientId` + `clientSecret`. */
export type AmperityClientOptions = ClientOptions & (TokenAuth | ClientCredentialsAuth);

/** The options of `createAmperityClient` besides the credentials. Unknown names are refused (a ConfigError). */
export interface ClientOptions {
  /** The tenant id, sent as `amperity-tenant` (and part of the host on Azure). Required. */
  tenant: string;
  /**
   * Picks the host. Ignored when `baseUrl` is set.
   * @default "aws"
   */
  region?: Region | undefined;
  /**
   * Overrides the host, e.g. a sandbox's `http://127.0.0.1:PORT/api`. `http:` only for loopback hosts, or for any
   * host but Amperity's when you pass `fetch` (it is then the transport, e.g. a Workers service binding).
   * @default the region's host
   */
  baseUrl?: string | undefined;
  /**
   * Sent as `api-version` on every request.
   * @default "2025-07-31"
   */
  apiVersion?: ApiVersion | undefined;
  /**
   * Retries of 429, 500/502/503/504, network failures, timeouts and cut-off bodies; `false` disables them.
   * @default { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20000 }
   */
  retry?: RetryOptions | false | undefined;
  /**
   * The time each attempt may take, body included, in ms.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Client-side spacing of requests (attempts and token requests included), to stay under the tenant's rate limit.
   * Clients made with `withOptions` share it.
   * @default no limit
   */
  maxRequestsPerSecond?: number | undefined;
  /**
   * A request budget (`createRequestBudget`) shared with other senders: every request this client sends, token
   * requests included, is counted and spaced by it. Give it or `maxRequestsPerSecond`, not both.
   * @default none
   */
  budget?: RequestBudget | undefined;
  /**
   * Strict mode: validate every 2xx body against the spec and throw ResponseValidationError.
   * @default false
   */
  validateResponses?: boolean | undefined;
  /**
   * The longest response body read, counted after decompression. Over it: ResponseTooLargeError.
   * @default 67108864 (64 MiB)
   */
  maxResponseBytes?: number | undefined;
  /**
   * Extra headers for every API request (not the token request), e.g. `{ "x-correlation-id": id }`. The headers
   * the client owns are refused: `authorization`, `amperity-tenant`, `api-version`, `accept-encoding` and
   * `user-agent` (use `userAgent`).
   * @default none
   */
  headers?: Record<string, string> | undefined;
  /**
   * Replaces `globalThis.fetch`. It is called once per attempt with one argument, a `Request` of its own carrying
   * the attempt's headers and signal, and must return a `Response`.
   * @default globalThis.fetch
   */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /**
   * Called before the client waits to retry a request.
   * @default none
   */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Appended to `User-Agent: amperity-profiles/<version> <runtime>/<version>`, e.g. `"my-sync/2.1"`.
   * @default none
   */
  userAgent?: string | undefined;
  /**
   * Called once per client when a response carries Deprecation or Sunset headers.
   * @default none
   */
  onDeprecation?: ((notice: DeprecationNotice) => void) | undefined;
  /**
   * Where the client logs (`console` will do): each attempt at `debug`, retries at `info`, deprecation notices and
   * failing hooks at `warn`, failed calls at `error`. Every message and field passes the secrets scrubber first.
   * @default none: the client logs nothing
   */
  logger?: Logger | undefined;
  /**
   * The least severe level passed to `logger`; `"off"` silences it.
   * @default "warn"
   */
  logLevel?: LogLevel | undefined;
  /**
   * Called around every attempt of every API request, for metrics or tracing. A hook that throws (or rejects) is
   * reported to `logger` at `warn` and otherwise ignored: it never fails or delays the request.
   * @default none
   */
  hooks?: Hooks | undefined;
}

/** What `withOptions` may change: everything but the identity (tenant, host, credentials) and the shared rate limit. */
export type ClientOverrides = Pick<
  ClientOptions,
  "retry" | "timeoutMs" | "headers" | "validateResponses" | "maxResponseBytes" | "onRetry" | "userAgent" | "onDeprecation" | "logger" | "logLevel" | "hooks"
>;

/** What withOptions may change, resolved: a derived client's settings are its parent's with the overrides on top. */
export interface Tunables {
  retry: RetryPolicy;
  timeoutMs: number;
  headers: Record<string, string> | undefined;
  validateResponses: boolean;
  maxResponseBytes: number;
  /** The caller's own callbacks, before the logger is added to them. */
  onRetry: ((event: RetryEvent) => void) | undefined;
  onDeprecation: ((notice: DeprecationNotice) => void) | undefined;
  userAgent: string;
  logger: Logger | undefined;
  logLevel: LogLevel;
  hooks: Hooks | undefined;
}

export interface Config {
  tenant: string;
  tokens: TokenSource;
  baseUrl: string;
  apiVersion: ApiVersion;
  retry: RetryPolicy;
  timeoutMs: number;
  maxRequestsPerSecond: number | undefined;
  /**
   * What every request passes (exchange.ts), or undefined when nothing limits requests. One per client family: a
   * client and every client derived from it with withOptions share it.
   */
  budget: RequestBudget | undefined;
  validateResponses: boolean;
  maxResponseBytes: number;
  headers: Record<string, string> | undefined;
  /** Sends one attempt: `globalThis.fetch`'s two arguments, so the default path builds no Request of its own. */
  fetch: (input: string | Request, init: RequestInit) => Promise<Response>;
  /** The caller's onRetry and the logger's retry line. */
  onRetry: ((event: RetryEvent) => void) | undefined;
  userAgent: string;
  /** The caller's onDeprecation and the logger's warning. */
  onDeprecation: ((notice: DeprecationNotice) => void) | undefined;
  /** Runs one attempt inside the hooks and the logger's debug lines; undefined when neither is set (the fast path). */
  observe: Observe | undefined;
  /** Logs a call's final error; undefined without a logger at `error` or below. */
  logFailure: ((error: unknown) => void) | undefined;
  /** The settings as given, for withOptions to derive from. */
  given: Tunables;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
}

/** Runs `run` (one attempt of `request`) between the request and response hooks. */
/**
 * Runs one attempt observed: `run` calls `sent` when the attempt leaves (after its token and its budget slot), which
 * is when the request hook fires and the duration starts; an attempt that never left is not reported.
 */
export type Observe = <T>(request: { method: string; url: string }, attempt: number, run: (sent: () => void) => Promise<T>) => Promise<T>;
