/**
 * `User-Agent: amperity-profiles/<version> <runtime>/<version>`, so the API's operators can tell this client's
 * traffic (its version and the runtime under it) apart; a caller may append its own product token, e.g. `my-sync/2.1`.
 */
import { ConfigError } from "./errors.js";
import { sdkVersion } from "../version.js";

// Product tokens and comments: visible ASCII and spaces, nothing that could end the header.
const productTokens = /^[\x21-\x7e]+( [\x21-\x7e]+)*$/;
const plainVersion = /^[\w.+-]{1,64}$/;

/** The globals the runtime is told by; any of them may be missing or something else. */
export interface RuntimeScope {
  Bun?: { version?: unknown };
  Deno?: { version?: { deno?: unknown } };
  navigator?: { userAgent?: unknown };
  process?: { versions?: { node?: unknown } };
}

const product = (name: string, version: unknown) =>
  typeof version === "string" && plainVersion.test(version) ? `${name}/${version}` : name;

/**
 * The runtime's product token. Bun and Deno define `process.versions.node` for their Node compatibility, and so
 * does workerd with nodejs_compat, so each is asked by its own global first; workerd says no version of itself.
 */
export function runtimeProduct(scope: RuntimeScope = globalThis as RuntimeScope): string | undefined {
  if (scope.Bun) return product("bun", scope.Bun.version);
  if (scope.Deno) return product("deno", scope.Deno.version?.deno);
  if (scope.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (scope.process?.versions?.node !== undefined) return product("node", scope.process.versions.node);
  return undefined;
}

export function userAgent(appended: string | undefined, scope?: RuntimeScope): string {
  const runtime = runtimeProduct(scope);
  const own = `amperity-profiles/${sdkVersion}${runtime === undefined ? "" : ` ${runtime}`}`;
  if (appended === undefined) return own;
  if (typeof appended !== "string" || !productTokens.test(appended)) {
    throw new ConfigError("userAgent must be product tokens in visible ASCII separated by single spaces, e.g. \"my-sync/2.1\"");
  }
  return `${own} ${appended}`;
}
