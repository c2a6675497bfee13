// Client options: validated once, before anything can be sent, so that a bad tenant, host or token is a
// ConfigError and never part of a host name, a header or a request. The settings withOptions may change are
// resolved in tunables.ts; what stays with a client family (identity, credentials, rate limiter) is here.
import { apiVersions, regionHosts, tenantMaxLength, tenantPattern, tokenPath, tokenServer } from "../../generated/constraints.js";
import { ConfigError, mustBe } from "./errors.js";
import { createRequestBudget, type RequestBudget } from "../edges/http/budget.js";
import { sleep } from "../edges/http/sleep.js";
import { registerSecret } from "../edges/secrets/index.js";
import { checkOptionNames } from "./option-names.js";
import { fn, positive } from "./option-values.js";
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
  const callerFetch = fn("fetch", options.fetch);
  const hooks = testHooksOf(options);
  const config: Omit<Config, "tokens"> = {
    tenant,
    // Only the Azure host has a {tenant}; the tenant was checked to be a DNS label above.
    baseUrl: options.baseUrl === undefined ? hosts[region].replace("{tenant}", tenant) : checkBaseUrl(options.baseUrl, "baseUrl", callerFetch !== undefined),
    apiVersion,
    maxRequestsPerSecond: positive("maxRequestsPerSecond", options.maxRequestsPerSecond),
    budget: undefined,
    fetch: sender(callerFetch),
    sleep: hooks.sleep ?? sleep,
    now: hooks.now ?? Date.now,
    random: hooks.random ?? Math.random,
    ...tunedConfig(resolveTunables(options)),
  };
  config.budget = resolveBudget(options.budget, config);
  return { ...config, tokens: resolveTokens(options, config) };
}

/** The budget given, or one spacing requests by maxRequestsPerSecond, or none. */
function resolveBudget(budget: RequestBudget | undefined, config: Omit<Config, "tokens">): RequestBudget | undefined {
  if (budget !== undefined) {
    if (budget === null || typeof budget !== "object" || typeof budget.take !== "function") throw mustBe("budget", "a budget from createRequestBudget");
    if (config.maxRequestsPerSecond !== undefined) throw new ConfigError("give either maxRequestsPerSecond or budget, not both (a budget has its own rate)");
    return budget;
  }
  const rate = config.maxRequestsPerSecond;
  return rate === undefined ? undefined : createRequestBudget({ maxRequestsPerSecond: rate, now: config.now, sleep: config.sleep });
}

/** Exactly one way to authenticate: a token (string or function) or client credentials. */
function resolveTokens(options: AmperityClientOptions, config: Omit<Config, "tokens">): TokenSource {
  const { token, clientId, clientSecret, tokenUrl } = options;
  // Registered before any check can fail, so no error from here on can show them (registry.ts).
  if (typeof token === "string") registerSecret(token, "token");
  if (typeof clientSecret === "string") registerSecret(clientSecret, "client secret");
  if (typeof clientId === "string") registerSecret(clientId, "client id");
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
    : checkBaseUrl(tokenUrl, "tokenUrl", options.fetch !== undefined);
  // Loaded on first use, so a client with a token does not carry the token exchange (like strict mode's validators).
  return lazyTokens(async () => (await import("./client-credentials.js")).clientCredentials(config, { clientId, clientSecret, tokenUrl: url }));
}


const loopbackHosts = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
const amperityHosts = /(?:^|\.)amperity\.com\.?$/i;

/**
 * https:, or http: where the token does not cross a network in clear text by the SDK's doing: to a loopback host,
 * or to any host when the caller supplies `fetch`. That fetch is then the transport (a Workers service binding, an
 * in-process handler, a test double) and decides where the bytes go, which the SDK cannot see; a service binding's
 * URL is http: by convention and its host names nothing. Amperity's own hosts serve https: only, so http: to one
 * of them is a mistake whatever the transport.
 */
function checkBaseUrl(value: string, name: string, ownFetch: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol === "http:" && ownFetch && amperityHosts.test(url.hostname)) {
    throw new ConfigError(`${name} must use https: for Amperity's hosts, which serve no http:; the token would travel in clear text`);
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && (ownFetch || loopbackHosts.test(url.hostname)))) {
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
