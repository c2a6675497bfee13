// Client options: validated once, before anything can be sent, so that a bad tenant, host or token is a
// ConfigError and never part of a host name, a header or a request. The settings withOptions may change are
// resolved in tunables.ts; what stays with a client family (identity, credentials, rate limiter) is here.
import { apiVersions, regionHosts, tenantMaxLength, tenantPattern, tokenPath, tokenServer } from "../../generated/constraints.js";
import { ConfigError, mustBe } from "./errors.js";
import { checkOptionNames } from "./option-names.js";
import { fn, positive } from "./option-values.js";
import { createRateLimiter } from "../edges/http/rate-limit.js";
import { sleep } from "../edges/http/sleep.js";
import { testHooksOf } from "./test-hooks.js";
import { givenTokens, lazyTokens, type TokenSource } from "./token-source.js";
import { checkToken } from "./token.js";
import type { AmperityClientOptions, Config } from "./options.js";
import { resolveTunables, tunedConfig } from "./tunables.js";
import type { Region } from "./types.js";

// transport.ts and paginate.ts check their per-call options with these.
export { positiveInteger, resolveRetry, resolveTimeout } from "./option-values.js";

const tenantRe = new RegExp(tenantPattern);

// Each of the spec's servers names its region (x-region); only Azure's host has a {tenant}.
const hosts: Record<Region, string> = regionHosts;

export function resolveConfig(options: AmperityClientOptions): Config {
  if (options === null || typeof options !== "object") throw new ConfigError("options are required");
  checkOptionNames(options);
  const { tenant } = options;
  if (typeof tenant !== "string" || tenant.length > tenantMaxLength || !tenantRe.test(tenant)) {
    throw mustBe("tenant", `a DNS label (letters, digits, inner hyphens, at most ${tenantMaxLength} characters), got ${JSON.stringify(tenant)}`);
  }
  const region = oneOf("region", options.region ?? "aws", Object.keys(hosts));
  const apiVersion = oneOf("apiVersion", options.apiVersion ?? apiVersions[0], apiVersions);
  const hooks = testHooksOf(options);
  const now = hooks.now ?? Date.now;
  const wait = hooks.sleep ?? sleep;
  const maxRequestsPerSecond = positive("maxRequestsPerSecond", options.maxRequestsPerSecond);
  const config: Omit<Config, "tokens"> = {
    tenant,
    // Only the Azure host has a {tenant}; the tenant was checked to be a DNS label above.
    baseUrl: options.baseUrl === undefined ? hosts[region].replace("{tenant}", tenant) : checkBaseUrl(options.baseUrl),
    apiVersion,
    maxRequestsPerSecond,
    limiter: maxRequestsPerSecond === undefined ? undefined : createRateLimiter(maxRequestsPerSecond, now, wait),
    fetch: sender(fn("fetch", options.fetch)),
    sleep: wait,
    now,
    random: hooks.random ?? Math.random,
    ...tunedConfig(resolveTunables(options)),
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

function oneOf<T extends string>(name: string, value: T, allowed: readonly string[]): T {
  if (!allowed.includes(value)) throw mustBe(name, `one of ${allowed.join(", ")}`);
  return value;
}

/** An injected fetch gets the one Request its option promises; the global one is looked up when called. */
function sender(fetch: AmperityClientOptions["fetch"]): Config["fetch"] {
  return fetch ? (input, init) => fetch(new Request(input, init)) : (input, init) => globalThis.fetch(input, init);
}
