// The `headers` option: extra request headers, checked once. The headers the client sets itself are refused rather
// than silently replaced, and nothing a header cannot carry gets as far as a request.
import { ConfigError, mustBe } from "./errors.js";

/** Set by the client on every request; `user-agent` has its own option, which keeps the SDK's product token. */
const owned = new Map([
  ["authorization", "the client sends the token itself"],
  ["amperity-tenant", "it comes from tenant"],
  ["api-version", "it comes from apiVersion"],
  ["user-agent", "use the userAgent option, which appends to the client's own"],
  ["accept-encoding", "the client asks for the codings it can decode within maxResponseBytes"],
]);

const tokenChars = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Visible ASCII, spaces and tabs inside (no CR, LF or NUL: nothing that could end the header or start another).
const valueChars = /^[\x20-\x7e\t]*$/;

/** The headers as lower-case names to values, merged over `base` (a derived client's parent's). */
export function resolveHeaders(
  value: Record<string, string> | undefined,
  base: Record<string, string> | undefined,
  name = "headers",
): Record<string, string> | undefined {
  if (value === undefined) return base;
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw mustBe(name, "an object of header names to string values");
  const merged: Record<string, string> = { ...base };
  for (const [key, headerValue] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (!tokenChars.test(key)) throw new ConfigError(`${name}: ${JSON.stringify(key)} is not a header name`);
    const reason = owned.get(lower);
    if (reason) throw new ConfigError(`${name} must not set ${lower}: ${reason}`);
    // The value is not quoted: an extra header may well carry a credential of its own.
    if (typeof headerValue !== "string" || !valueChars.test(headerValue)) {
      throw mustBe(`${name}.${lower}`, "a string of visible ASCII characters, spaces and tabs");
    }
    merged[lower] = headerValue.trim();
  }
  return merged;
}
