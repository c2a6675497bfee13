// The client's options and the resolved configuration every part of the client reads. Types only: the values are
// checked in config.ts, before anything can be sent.
import type { RequestBudget } from "../edges/http/budget.js";
import type { ApiVersion, Region } from "./types.js";
import type { DeprecationNotice } from "./deprecation.js";
import type { RetryOptions, RetryPolicy } from "./retry.js";
import type { Token } from "./token.js";
import type { TokenSource } from "./token-source.js";

export interface RetryEvent {
  /** The attempt that failed (1 for the first). */
  attempt: number;
  delayMs: number;
  reason: string;
  status?: number;
}

/** A token you manage: a string, or a function called before every attempt (so it can refresh). */
export interface TokenAuth {
  token: Token;
  clientId?: never;
  clientSecret?: never;
  tokenUrl?: never;
}

/** OAuth client credentials ("Get OAuth credentials" in the UI): the client requests and refreshes tokens. */
export interface ClientCredentialsAuth {
  token?: never;
  clientId: string;
  clientSecret: string;
  /**
   * The token endpoint. Default `https://{tenant}.amperity.com/api/v0/oauth2/token` on every region (DOC-28), or
   * `<baseUrl>/v0/oauth2/token` when `baseUrl` is set.
   */
  tokenUrl?: string;
}

/** Exactly one way to authenticate: `token`, or `clientId` + `clientSecret`. */
export type AmperityClientOptions = ClientOptions & (TokenAuth | ClientCredentialsAuth);

export interface ClientOptions {
  /** The tenant id, sent as `amperity-tenant` (and part of the host on Azure). */
  tenant: string;
  /** Picks the host; default `"aws"`. Ignored when `baseUrl` is set. */
  region?: Region;
  /**
   * Overrides the host, e.g. a sandbox's `http://127.0.0.1:PORT/api`. `http:` only for loopback hosts, or for any
   * host but Amperity's when you pass `fetch` (it is then the transport, e.g. a Workers service binding).
   */
  baseUrl?: string;
  apiVersion?: ApiVersion;
  /** Defaults `{ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20000 }`; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Per attempt; default 30000 ms. */
  timeoutMs?: number;
  /** Client-side spacing of requests (attempts and token requests included), to stay under the tenant's rate limit. */
  maxRequestsPerSecond?: number;
  /**
   * A request budget (`createRequestBudget`) shared with other senders: every request this client sends, token
   * requests included, is counted and spaced by it. Give it or `maxRequestsPerSecond`, not both.
   */
  budget?: RequestBudget;
  /** Strict mode: validate every 2xx body against the spec and throw ResponseValidationError. */
  validateResponses?: boolean;
  /** The longest response body read, counted after decompression; default 64 MiB. Over it: ResponseTooLargeError. */
  maxResponseBytes?: number;
  /**
   * Replaces `globalThis.fetch`. It is called once per attempt with one argument, a `Request` of its own carrying
   * the attempt's headers and signal, and must return a `Response`.
   */
  fetch?: (input: Request) => Promise<Response>;
  onRetry?: (event: RetryEvent) => void;
  /** Appended to `User-Agent: amperity-profiles/<version> <runtime>/<version>`, e.g. `"my-sync/2.1"`. */
  userAgent?: string;
  /** Called once per client when a response carries Deprecation or Sunset headers. */
  onDeprecation?: (notice: DeprecationNotice) => void;
  /** Test hook: the sleep between attempts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Test hook: the clock (epoch ms). */
  now?: () => number;
  /** Test hook: the jitter source, in [0, 1). */
  random?: () => number;
}

export interface Config {
  tenant: string;
  tokens: TokenSource;
  baseUrl: string;
  apiVersion: ApiVersion;
  retry: RetryPolicy;
  timeoutMs: number;
  maxRequestsPerSecond: number | undefined;
  /** What every request passes (exchange.ts); undefined when nothing limits requests. */
  budget: RequestBudget | undefined;
  validateResponses: boolean;
  maxResponseBytes: number;
  /** Sends one attempt: `globalThis.fetch`'s two arguments, so the default path builds no Request of its own. */
  fetch: (input: string | Request, init: RequestInit) => Promise<Response>;
  onRetry: ((event: RetryEvent) => void) | undefined;
  userAgent: string;
  onDeprecation: ((notice: DeprecationNotice) => void) | undefined;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  random: () => number;
}
