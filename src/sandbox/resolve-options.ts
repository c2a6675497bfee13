// The sandbox's options checked and completed with their defaults, once, before it listens: a bad option is a
// RangeError naming it.
import { randomBytes } from "node:crypto";
import { tenantPattern } from "../../generated/constraints.js";
import { keyOrders } from "./key-order.js";
import type { LatencySpread } from "./latency.js";
import type { SandboxOptions } from "./options.js";
import type { ProfileShape } from "./profile-shape.js";
import { resolveShapes } from "./shapes.js";

export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, "rateLimit" | "clientId" | "clientSecret" | "shapes" | "latency">> & {
  shapes: ProfileShape[];
  rateLimit: number | undefined;
  /** Whether a 429 of the rate limit says when to retry: yes, but for the documented limit, which documents no header. */
  retryAfter: boolean;
  latency: LatencySpread | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
};

const maxProfiles = 2 ** 32 - 1; // profile ids are a permutation of 32-bit positions
/** The Profile API's documented rate limit, requests per second per tenant (DOC-16). */
export const documentedRateLimit = 2000;
const maxLatencyMs = 600_000;

function integer(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Sandbox option ${name} must be an integer from ${min} to ${max}, not ${value}`);
  }
  return value;
}

function range(name: string, value: number, min: number, max: number, minExclusive = false): number {
  if (!Number.isFinite(value) || value < min || (minExclusive && value === min) || value > max) {
    throw new RangeError(`Sandbox option ${name} must be a number ${minExclusive ? "above" : "from"} ${min}${
      max === Infinity ? "" : ` to ${max}`}, not ${value}`);
  }
  return value;
}

/** A latency spread the log-normal can take: 0 < p50 <= p95, within the latency cap; never beside latencyMs. */
function spread(options: SandboxOptions): LatencySpread | undefined {
  const { latency } = options;
  if (latency === undefined) return undefined;
  if (options.latencyMs !== undefined) throw new RangeError("Sandbox options latencyMs and latency cannot be given together: pick a constant or a spread");
  const p50Ms = range("latency.p50Ms", latency.p50Ms, 0, maxLatencyMs, true);
  const p95Ms = range("latency.p95Ms", latency.p95Ms, p50Ms, maxLatencyMs);
  return { p50Ms, p95Ms };
}

function oneOf<T extends string>(name: string, value: T, allowed: readonly T[]): T {
  if (!allowed.includes(value)) throw new RangeError(`Sandbox option ${name} must be one of ${allowed.join(", ")}, not ${JSON.stringify(value)}`);
  return value;
}

/** A local double has no reason to wait long for a client: a few seconds, and never forever (0 is refused). */
function timeouts(options: SandboxOptions) {
  const headersTimeoutMs = integer("headersTimeoutMs", options.headersTimeoutMs ?? 5000, 1, 600_000);
  const requestTimeoutMs = integer("requestTimeoutMs", options.requestTimeoutMs ?? Math.max(10_000, headersTimeoutMs), 1, 600_000);
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new RangeError(`Sandbox option requestTimeoutMs (${requestTimeoutMs}) must not be below headersTimeoutMs (${headersTimeoutMs})`);
  }
  const keepAliveTimeoutMs = integer("keepAliveTimeoutMs", options.keepAliveTimeoutMs ?? 5000, 1, 600_000);
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs };
}

/** Applies the defaults and refuses values the sandbox could not honour, naming the option. */
export function resolveOptions(options: SandboxOptions = {}): ResolvedSandboxOptions {
  const tenant = options.tenant ?? "sandbox";
  if (!new RegExp(tenantPattern).test(tenant)) {
    throw new RangeError(`Sandbox option tenant must be a DNS label (${tenantPattern}), not ${JSON.stringify(tenant)}`);
  }
  const token = options.token ?? randomBytes(32).toString("base64url");
  if (token === "" || /[\s]/.test(token)) throw new RangeError("Sandbox option token must be non-empty, without spaces");
  if ((options.clientId === undefined) !== (options.clientSecret === undefined)) {
    throw new RangeError("Sandbox options clientId and clientSecret must be given together");
  }
  for (const name of ["clientId", "clientSecret"] as const) {
    const value = options[name];
    if (value !== undefined && (value === "" || /\s/.test(value))) throw new RangeError(`Sandbox option ${name} must be non-empty, without spaces`);
  }
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokenTtl: integer("tokenTtl", options.tokenTtl ?? 3600, 1, 31_536_000),
    host: options.host ?? "127.0.0.1",
    port: integer("port", options.port ?? 0, 0, 65535),
    profiles: integer("profiles", options.profiles ?? 1000, 0, maxProfiles),
    indexes: integer("indexes", options.indexes ?? 1, 1, 10_000),
    seed: options.seed ?? "amperity",
    shapes: resolveShapes(options.shapes),
    token,
    tenant,
    pageMax: integer("pageMax", options.pageMax ?? 1000, 1, 1_000_000),
    keyOrder: oneOf("keyOrder", options.keyOrder ?? "documented", keyOrders),
    rateLimit: options.rateLimit === undefined ? undefined
      : options.rateLimit === "documented" ? documentedRateLimit : range("rateLimit", options.rateLimit, 0, Infinity, true),
    retryAfter: options.rateLimit !== "documented",
    faultRate: range("faultRate", options.faultRate ?? 0, 0, 1),
    faultSeed: options.faultSeed ?? randomBytes(8).toString("hex"),
    latencyMs: range("latencyMs", options.latencyMs ?? 0, 0, maxLatencyMs),
    latency: spread(options),
    ...timeouts(options),
    now: options.now ?? (() => performance.now()),
  };
}
