// The sandbox's public options, types only (resolve-options.ts checks them and fills in the defaults): what the
// package's declarations show a consumer, so nothing here reaches the generators' Node-typed internals.
import type { KeyOrder } from "./key-order.js";
import type { LatencySpread } from "./latency.js";
import type { ShapeOption } from "./shape-option.js";

/** Options of {@link startSandbox}; every one has a default. */
export interface SandboxOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** Profiles in each index. Default 1000. */
  profiles?: number;
  /** Number of profile indexes. Default 1. */
  indexes?: number;
  /** Seed of the generated data: the same seed serves the same indexes and profiles. Default `"amperity"`. */
  seed?: string;
  /**
   * The attribute shapes of the indexes, index i taking shape i modulo their number: names of built-in shapes
   * (`customers`: twelve strings; `loyalty`, `wide` (30 fields), `sparse`: numbers, booleans, nulls, absent keys,
   * empty strings, non-ASCII names) or shapes `{name, attributes: [{name, kind, ...}]}` (a shape file's content).
   * At most 30 attributes per shape, the documented maximum. Default: every built-in shape, `customers` first.
   */
  shapes?: ShapeOption[];
  /** The bearer token requests must send. Default: 32 random bytes, base64url. */
  token?: string;
  /** The tenant requests must name in `amperity-tenant`. Default `"sandbox"`. */
  tenant?: string;
  /** The largest `limit` accepted; a larger one gets 400. Default 1000. */
  pageMax?: number;
  /**
   * The order of a list's members: `documented` (profiles `total`, `next_token`, `data`; indexes `data`,
   * `next_token`, `total`, as the documentation's examples show them) or `data-first` (both lists `data` first).
   * Default `documented`.
   */
  keyOrder?: KeyOrder;
  /**
   * Requests per second allowed before answering 429 with `Retry-After`; `"documented"`: the Profile API's 2000 per
   * tenant (DOC-16), whose 429s carry no `Retry-After`, since none is documented. Default: no limit.
   */
  rateLimit?: number | "documented";
  /** Fraction (0..1) of requests that get a random fault: 500, 503, 429, connection reset or a cut-off 200. */
  faultRate?: number;
  /** Seed of the fault draws, for reproducible fault sequences. Default: random. */
  faultSeed?: string;
  /** Delay added before every response, in milliseconds. Default 0. */
  latencyMs?: number;
  /**
   * Instead of `latencyMs`, a spread: each response waits a log-normal draw with this median and 95th percentile, in
   * milliseconds (the vendor gives p95 under 100 ms at 1000 requests per second), the same sequence for the same seed.
   */
  latency?: LatencySpread;
  /**
   * How long a connection may take to send a request's headers, in milliseconds, counted from the connection (on a
   * kept-alive one, from the first byte of the next request); a silent or trickling client is then answered 408
   * and dropped. Default 5000.
   */
  headersTimeoutMs?: number;
  /** How long a connection may take to send a whole request, in milliseconds; at least `headersTimeoutMs`. Default 10000. */
  requestTimeoutMs?: number;
  /** How long a kept-alive connection may stay idle between requests, in milliseconds. Default 5000. */
  keepAliveTimeoutMs?: number;
  /** OAuth client id the token endpoint accepts; with `clientSecret`, serves `<url>/v0/oauth2/token`. */
  clientId?: string;
  /** OAuth client secret the token endpoint accepts (a sandbox-local test value, like `token`). */
  clientSecret?: string;
  /** Lifetime in seconds of the tokens the token endpoint issues. Default 3600 (the documentation's example). */
  tokenTtl?: number;
  /** Test hook: the clock of the rate limiter, in milliseconds. Default `performance.now`. */
  now?: () => number;
}
