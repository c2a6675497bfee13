/**
 * The one registry of every secret this process holds — tokens given or obtained, client secrets, and client ids
 * (not secret, but echoed beside the secret) — and the one scrubber that every error, stderr line, report and file
 * we write passes through. A secret is registered where it enters the process (an option, a token file or
 * variable, a token response); whatever leaves the process is scrubbed of all of them, by whichever surface.
 *
 * Found, in any mix character by character, and up to three escapes deep (`%252B`, `&amp;#47;`, `\\u002F`):
 * - the secret as it is;
 * - JSON and JavaScript escapes: `\/` `\"` `\\` `\'` `\b` `\f` `\n` `\r` `\t`, `\uXXXX` and `\xXX` in either hex case;
 * - percent-encoding in either hex case (a valid UTF-8 run as one character) and form encoding (`+` for a space);
 * - HTML character references: `&#x2F;` `&#47;` (hex or decimal, any case, any leading zeros, `;` optional) and
 *   `&quot;` `&amp;` `&lt;` `&gt;` `&apos;` in any case;
 * - base64 and base64url, padded or not, of the secret, of its form encoding and of its JSON escaping, at each of
 *   the three byte alignments it can have inside a longer encoded text (`Bearer …`, `Basic id:secret`, a whole
 *   form body), with the character on either side that mixes in bits of the secret, and the padding;
 * - a piece: any run of 12 consecutive characters of any of these forms (why 12: secret-forms.ts); a shorter
 *   form only whole.
 * A space, `+` and `-` count as one character, as do `/` and `_` (form encoding, base64url).
 * Client ids are replaced with `[client id]`, everything else with `[redacted]`.
 *
 * Deliberately not scrubbed: data files (the profiles an export writes are the user's data, written byte-exact;
 * only our own files — manifests, checkpoints, reports — pass replace-file.ts, which scrubs), and the API's data on
 * stdout (`get`, `indexes`, export to stdout). Not found: other encodings (hex, base32, quoted-printable, base64
 * broken across lines, compressed text); a secret split across two writes to stderr; strings inside objects other
 * than errors, plain objects and arrays (a Map, a class instance). Tokens and client ids shorter than 8 characters
 * are not registered: the client refuses such a token before sending it, and an id that short would match
 * ordinary words. A client secret of any length is.
 */
import { compileMatcher } from "./secret-matcher.js";
import type { SecretKind } from "./secret-kind.js";
import { scrubValue } from "./scrub-value.js";

export { replacementFor, type SecretKind } from "./secret-kind.js";

/**
 * The most of each kind kept; registering one more drops the least recently registered of its kind. The client
 * registers a token again on every request it sends with it, so the tokens in use are never the ones dropped; a
 * long-lived service refreshing every hour keeps the last 32 and its credentials however many it fetched.
 */
const limits: Record<SecretKind, number> = { token: 32, "client secret": 16, "client id": 16 };

/** See above: shorter tokens are refused by the client, shorter ids are ordinary words. */
const minLength = 8;

/** Least recently registered first. */
const held = new Map<string, SecretKind>();
let version = 0;
let compiled: { version: number; match: (text: string) => string } | undefined;

/** Registers `value` (ignored when empty, or when a token or client id is shorter than 8 characters). */
export function registerSecret(value: string, kind: SecretKind): void {
  if (typeof value !== "string" || value === "" || (kind !== "client secret" && value.length < minLength)) return;
  const before = held.get(value);
  // A value registered as a secret stays one if it is registered again as a client id.
  const now = before !== undefined && before !== "client id" ? before : kind;
  held.delete(value);
  held.set(value, now);
  // Registering a held value again only moves it to the end: the compiled matcher still holds.
  if (before === now) return;
  version++;
  let count = 0;
  for (const k of held.values()) if (k === now) count++;
  if (count <= limits[now]) return;
  for (const [v, k] of held) {
    if (k === now) {
      held.delete(v);
      return;
    }
  }
}

/** Forgets every secret (tests). */
export function clearSecrets(): void {
  held.clear();
  version++;
}

/**
 * `value` with every registered secret replaced, in every form listed above: strings are returned scrubbed,
 * errors are scrubbed in place (message, stack, every own property, cause chain), plain objects and arrays are
 * copied with their keys and values scrubbed at any depth.
 */
export function scrub<T>(value: T): T {
  if (held.size === 0) return value;
  // Compiled on the first scrub after a change, not on each registration: a token refresh costs nothing until
  // something is printed.
  if (compiled?.version !== version) compiled = { version, match: compileMatcher(held) };
  return scrubValue(value, compiled.match);
}
