// Client options: validated once, before anything can be sent, so that a bad tenant, host or token is a
// ConfigError and never part of a host name, a header or a request.
import { apiVersions, regionHosts, tenantMaxLength, tenantPattern, tokenPath, tokenServer } from "../generated/constraints.js";
import { ConfigError, mustBe } from "./errors.js";
import { maxTextLength } from "./read-body.js";
import { defaultRetry, noRetry, type RetryOptions, type RetryPolicy } from "./retry.js";
import { sleep } from "./sleep.js";
import { givenTokens, lazyTokens, type TokenSource } from "./token-source.js";
import type { ApiVersion, Region } from "./types.js";
import type { DeprecationNotice } from "./deprecation.js";
import { userAgent } from "./user-agent.js";

export type Token = string | (() => string | Promise<string>);

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
  /** Overrides the host, e.g. a sandbox's `http://127.0.0.1:PORT/api`. `http:` only for loopback hosts. */
  baseUrl?: string;
  apiVersion?: ApiVersion;
  /** Defaults `{ maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 20000 }`; `false` disables retries. */
  retry?: RetryOptions | false;
  /** Per attempt; default 30000 ms. */
  timeoutMs?: number;
  /** Client-side spacing of requests (attempts included), to stay under the tenant's rate limit. */
  maxRequestsPerSecond?: number;
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
  /** Appended to `User-Agent: amperity-profiles/<version> node/<version>`, e.g. `"my-sync/2.1"`. */
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

const tenantRe = new RegExp(tenantPattern);

// Each of the spec's servers names its region (x-region); only Azure's host has a {tenant}.
const hosts: Record<Region, string> = regionHosts;

export function resolveConfig(options: AmperityClientOptions): Config {
  if (options === null || typeof options !== "object") throw new ConfigError("options are required");
  const { tenant } = options;
  if (typeof tenant !== "string" || tenant.length > tenantMaxLength || !tenantRe.test(tenant)) {
    throw mustBe("tenant", `a DNS label (letters, digits, inner hyphens, at most ${tenantMaxLength} characters), got ${JSON.stringify(tenant)}`);
  }
  const region = oneOf("region", options.region ?? "aws", Object.keys(hosts));
  const apiVersion = oneOf("apiVersion", options.apiVersion ?? apiVersions[0], apiVersions);
  const config: Omit<Config, "tokens"> = {
    tenant,
    // Only the Azure host has a {tenant}; the tenant was checked to be a DNS label above.
    baseUrl: options.baseUrl === undefined ? hosts[region].replace("{tenant}", tenant) : checkBaseUrl(options.baseUrl),
    apiVersion,
    retry: resolveRetry(options.retry, defaultRetry),
    timeoutMs: resolveTimeout(options.timeoutMs, 30_000),
    maxRequestsPerSecond: positive("maxRequestsPerSecond", options.maxRequestsPerSecond),
    validateResponses: options.validateResponses === true,
    maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes),
    fetch: sender(fn("fetch", options.fetch)),
    onRetry: fn("onRetry", options.onRetry),
    userAgent: userAgent(options.userAgent),
    onDeprecation: fn("onDeprecation", options.onDeprecation),
    sleep: fn("sleep", options.sleep) ?? sleep,
    now: fn("now", options.now) ?? Date.now,
    random: fn("random", options.random) ?? Math.random,
  };
  return { ...config, tokens: resolveTokens(options, config) };
}

/** Exactly one way to authenticate: a token (string or function) or client credentials. */
function resolveTokens(options: AmperityClientOptions, config: Omit<Config, "tokens">): TokenSource {
  const { token, clientId, clientSecret, tokenUrl } = options;
  if (clientId === undefined && clientSecret === undefined) {
    if (tokenUrl !== undefined) throw new ConfigError("tokenUrl needs clientId and clientSecret");
    // A token function is checked on each call, before each attempt.
    if (typeof token !== "function") checkToken(token);
    return givenTokens(token!);
  }
  if (token !== undefined) throw new ConfigError("give either token or clientId and clientSecret, not both");
  // Neither value is quoted: the secret must not appear in an error, and the id is half of the credentials.
  if (typeof clientId !== "string" || !/^[\x21-\x7e]+$/.test(clientId)) throw mustBe("clientId", "a non-empty string of visible ASCII characters");
  if (typeof clientSecret !== "string" || clientSecret === "") throw mustBe("clientSecret", "a non-empty string");
  const url = tokenUrl === undefined
    ? options.baseUrl === undefined ? tokenServer.replace("{tenant}", config.tenant) + tokenPath : config.baseUrl + tokenPath
    : checkBaseUrl(tokenUrl, "tokenUrl");
  // Loaded on first use, so a client with a token does not carry the token exchange (like strict mode's validators).
  return lazyTokens(async () => (await import("./client-credentials.js")).clientCredentials(config, { clientId, clientSecret, tokenUrl: url }));
}

/** A token goes into a header: refuse what a header cannot carry without echoing the value anywhere. */
export function checkToken(token: unknown): string {
  if (typeof token !== "string" || token === "") throw mustBe("token", "a non-empty string or a function returning one");
  if (!/^[\x21-\x7e]+$/.test(token)) throw new ConfigError("token contains characters that are not allowed in a bearer token");
  // Redaction replaces the token wherever an error echoes it: a token of a few characters would match ordinary words.
  if (token.length < minTokenLength) throw mustBe("token", `at least ${minTokenLength} characters long (got ${token.length}); is it the whole token?`);
  return token;
}

export const minTokenLength = 8;

/** The largest page legitimately served (1000 profiles of a few kB) is a few MB: 64 MiB is a wide margin. */
export const defaultMaxResponseBytes = 64 * 2 ** 20;

function resolveMaxResponseBytes(value: number | undefined): number {
  if (value === undefined) return defaultMaxResponseBytes;
  if (!Number.isSafeInteger(value) || value < 1 || value > maxTextLength) throw mustBe("maxResponseBytes", `an integer from 1 to ${maxTextLength}`);
  return value;
}

const loopbackHosts = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

function checkBaseUrl(value: string, name = "baseUrl"): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackHosts.test(url.hostname))) {
    throw new ConfigError(`${name} must use https: (http: only for a loopback host); the token would travel in clear text`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${name} must not carry credentials, a query or a fragment`);
  }
  return url.href.replace(/\/+$/, "");
}

export function resolveRetry(value: RetryOptions | false | undefined, base: RetryPolicy): RetryPolicy {
  if (value === undefined) return base;
  if (value === false) return noRetry;
  if (value === null || typeof value !== "object") throw mustBe("retry", "an object or false");
  const policy: RetryPolicy = { ...base };
  // An option given as undefined keeps its default.
  for (const key in value) {
    const given = value[key as keyof RetryOptions];
    if (given !== undefined) policy[key as keyof RetryPolicy] = given;
  }
  positiveInteger("retry.maxAttempts", policy.maxAttempts);
  for (const key of ["baseDelayMs", "maxDelayMs"] as const) {
    // Number.isFinite is false for anything that is not a number.
    if (!Number.isFinite(policy[key]) || policy[key] < 0 || policy[key] > maxTimerMs) {
      throw mustBe(`retry.${key}`, `a number from 0 to ${maxTimerMs}`);
    }
  }
  return policy;
}

/** The longest delay setTimeout honours; a longer one fires at once, which would turn a long wait into none. */
const maxTimerMs = 2 ** 31 - 1;

export function resolveTimeout(value: number | undefined, base: number): number {
  if (value !== undefined && value > maxTimerMs) throw mustBe("timeoutMs", `at most ${maxTimerMs}`);
  return positive("timeoutMs", value) ?? base;
}

/** An integer >= 1; pagination's caps use it too. */
export function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw mustBe(name, "a positive integer");
}

function positive(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && (!Number.isFinite(value) || value <= 0)) throw mustBe(name, "a finite number > 0");
  return value;
}

function oneOf<T extends string>(name: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw mustBe(name, `one of ${allowed.join(", ")}`);
  return value;
}

/** An injected fetch gets the one Request its option promises; the global one is looked up when called. */
function sender(fetch: AmperityClientOptions["fetch"]): Config["fetch"] {
  return fetch ? (input, init) => fetch(new Request(input, init)) : (input, init) => globalThis.fetch(input, init);
}

function fn<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== "function") throw mustBe(name, "a function");
  return value;
}
