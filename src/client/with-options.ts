// withOptions: a client with other retry, timeout, headers or observers that is still the same client to the API.
// It shares its parent's token source (one token request serves both, one refresh after a 401 serves both) and
// rate limiter (maxRequestsPerSecond holds across both); the identity (tenant, host, credentials) stays too.
import { ConfigError } from "./errors.js";
import { checkOverrideNames } from "./option-names.js";
import type { ClientOverrides, Config } from "./options.js";
import { resolveTunables, tunedConfig } from "./tunables.js";

/** `parent` with `overrides` on top of the settings it was given. */
export function deriveConfig(parent: Config, overrides: ClientOverrides): Config {
  if (overrides === null || typeof overrides !== "object") throw new ConfigError("withOptions needs an object of options");
  checkOverrideNames(overrides);
  return { ...parent, ...tunedConfig(resolveTunables(overrides, parent.given)) };
}
