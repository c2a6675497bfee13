/**
 * `User-Agent: amperity-profiles/<version> node/<version>`, so the API's operators can tell this client's traffic
 * (and its version) apart; a caller may append its own product token, e.g. `my-sync/2.1`.
 */
import { ConfigError } from "./errors.js";
import { sdkVersion } from "../version.js";

// Product tokens and comments: visible ASCII and spaces, nothing that could end the header.
const productTokens = /^[\x21-\x7e]+( [\x21-\x7e]+)*$/;

export function userAgent(appended: string | undefined): string {
  const runtime = typeof process !== "undefined" && process.versions?.node ? ` node/${process.versions.node}` : "";
  const own = `amperity-profiles/${sdkVersion}${runtime}`;
  if (appended === undefined) return own;
  if (typeof appended !== "string" || !productTokens.test(appended)) {
    throw new ConfigError("userAgent must be product tokens in visible ASCII separated by single spaces, e.g. \"my-sync/2.1\"");
  }
  return `${own} ${appended}`;
}
