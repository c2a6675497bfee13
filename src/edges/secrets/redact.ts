// Redaction of the token from an error before it leaves the client. A server can echo the token in any encoding
// it likes, so one pattern matches every form derivable from it: the raw token, its base64 and base64url (at the
// three byte alignments it can have inside a longer encoded text), and within each, any character written as
// itself, as a JSON escape (\u0065, \/, \", \\) or percent-encoded (%65, %2F). Only error paths pay for it.

export const redacted = "[redacted]";

let cached: { token: string; pattern: RegExp } | undefined;

/**
 * Replaces every form of `token` in the error's message, stack, string properties, body (keys and values, at any
 * depth) and cause chain. Errors are changed in place (callers may hold them by identity); plain objects and
 * arrays are copied. Returns `value`, or its redacted copy when it is a string, object or array.
 */
export function redactToken<T>(value: T, token: string): T {
  if (cached?.token !== token) cached = { token, pattern: tokenPattern(token) };
  return scrub(value, cached.pattern, new WeakSet(), 0) as T;
}

function scrub(value: unknown, pattern: RegExp, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === "string") return value.replace(pattern, redacted);
  // A body parsed from JSON is a tree of plain values; anything deeper than this is left as it is.
  if (typeof value !== "object" || value === null || depth > 64 || seen.has(value)) return value;
  seen.add(value);
  if (value instanceof Error) {
    // `message` and `stack` are own properties that are not enumerable; `cause` is one too.
    for (const key of Object.getOwnPropertyNames(value)) {
      const record = value as unknown as Record<string, unknown>;
      const before = record[key];
      const after = scrub(before, pattern, seen, depth + 1);
      if (after !== before) Object.defineProperty(value, key, { value: after, writable: true, configurable: true, enumerable: Object.prototype.propertyIsEnumerable.call(value, key) });
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => scrub(item, pattern, seen, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key.replace(pattern, redacted)] = scrub(item, pattern, seen, depth + 1);
  return copy;
}

/** The forms of the token, each character allowed in any of its escapes; one global pattern. */
export function tokenPattern(token: string): RegExp {
  const encodings = new Set<string>();
  for (let k = 0; k < 3; k++) {
    // base64 of the token preceded by k bytes: the characters that depend on the token's bytes alone...
    const encoded = btoa("\0".repeat(k) + token).slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + token.length)) / 6));
    encodings.add(encoded).add(encoded.replaceAll("+", "-").replaceAll("/", "_"));
  }
  // ...and the character on each side that mixes a few of its bits with a neighbour's, and any padding.
  const edge = "[A-Za-z0-9+/_-]?";
  const base64 = [...encodings].map((form) => `${edge}${escaped(form)}${edge}={0,2}`);
  return new RegExp([escaped(token), ...base64].join("|"), "g");
}

function escaped(form: string): string {
  return [...form].map(anyEscape).join("");
}

function anyEscape(char: string): string {
  const code = char.charCodeAt(0);
  const hex = code.toString(16).padStart(2, "0");
  const alternatives = [char.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&"), `\\\\u00${caseless(hex)}`, `%${caseless(hex)}`];
  // JSON's short escapes of the three characters that have one in a token's alphabet.
  if (char === "/" || char === '"' || char === "\\") alternatives.push(`\\\\\\${char}`);
  return `(?:${alternatives.join("|")})`;
}

/** Hex digits in either case: `4a` → `4[aA]`. */
function caseless(hex: string): string {
  return [...hex].map((d) => (/[a-f]/.test(d) ? `[${d}${d.toUpperCase()}]` : d)).join("");
}
