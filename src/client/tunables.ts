// The settings a client can be derived with (withOptions): resolved from the options of createAmperityClient over
// the defaults, or from withOptions' overrides over the parent's. An option given as undefined keeps the base's.
import { mustBe } from "./errors.js";
import { resolveHeaders } from "./extra-headers.js";
import { observers } from "./observe.js";
import type { LogLevel } from "./observe-types.js";
import { defaultMaxResponseBytes, fn, resolveMaxResponseBytes, resolveRetry, resolveTimeout } from "./option-values.js";
import type { ClientOverrides, Config, Tunables } from "./options.js";
import { defaultRetry } from "./retry.js";
import { userAgent } from "./user-agent.js";

const defaults: Tunables = {
  retry: defaultRetry,
  timeoutMs: 30_000,
  headers: undefined,
  validateResponses: false,
  maxResponseBytes: defaultMaxResponseBytes,
  onRetry: undefined,
  onDeprecation: undefined,
  userAgent: userAgent(undefined),
  logger: undefined,
  logLevel: "warn",
  hooks: undefined,
};

const logLevels: readonly LogLevel[] = ["debug", "info", "warn", "error", "off"];

export function resolveTunables(options: ClientOverrides, base: Tunables = defaults): Tunables {
  const { validateResponses, logger, logLevel, hooks } = options;
  if (validateResponses !== undefined && typeof validateResponses !== "boolean") throw mustBe("validateResponses", "a boolean");
  if (logger !== undefined && (logger === null || typeof logger !== "object" || ["debug", "info", "warn", "error"].some((m) => typeof logger[m as "info"] !== "function"))) {
    throw mustBe("logger", "an object with debug, info, warn and error methods (console will do)");
  }
  if (logLevel !== undefined && !logLevels.includes(logLevel)) throw mustBe("logLevel", `one of ${logLevels.join(", ")}`);
  if (hooks !== undefined) {
    if (hooks === null || typeof hooks !== "object") throw mustBe("hooks", "an object with request and/or response functions");
    for (const key of Object.keys(hooks)) {
      if (key !== "request" && key !== "response") throw mustBe("hooks", `an object of request and response functions, not ${JSON.stringify(key)}`);
      fn(`hooks.${key}`, hooks[key]);
    }
  }
  return {
    retry: resolveRetry(options.retry, base.retry),
    timeoutMs: resolveTimeout(options.timeoutMs, base.timeoutMs),
    headers: resolveHeaders(options.headers, base.headers),
    validateResponses: validateResponses ?? base.validateResponses,
    maxResponseBytes: resolveMaxResponseBytes(options.maxResponseBytes, base.maxResponseBytes),
    onRetry: fn("onRetry", options.onRetry) ?? base.onRetry,
    onDeprecation: fn("onDeprecation", options.onDeprecation) ?? base.onDeprecation,
    userAgent: options.userAgent === undefined ? base.userAgent : userAgent(options.userAgent),
    logger: logger ?? base.logger,
    logLevel: logLevel ?? base.logLevel,
    hooks: hooks ?? base.hooks,
  };
}

/** The parts of a Config that come from the settings. */
export function tunedConfig(given: Tunables): Omit<Config, "tenant" | "tokens" | "baseUrl" | "apiVersion" | "maxRequestsPerSecond" | "budget" | "fetch" | "sleep" | "now" | "random"> {
  const { retry, timeoutMs, headers, validateResponses, maxResponseBytes, userAgent } = given;
  return { retry, timeoutMs, headers, validateResponses, maxResponseBytes, userAgent, ...observers(given), given };
}
