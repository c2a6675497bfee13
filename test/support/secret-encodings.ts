// Ways a server or proxy may write a secret back, for the tests of the secrets edge. Written from the formats
// (JSON, RFC 3986 percent-encoding, HTML character references, RFC 4648 base64), not from the scrubber.

export const utf8 = (text: string) => [...new TextEncoder().encode(text)];
export const hex = (byte: number) => byte.toString(16).padStart(2, "0");
export const each = (text: string, encode: (char: string, i: number) => string) => [...text].map(encode).join("");
export const base64 = (text: string) => btoa(String.fromCharCode(...utf8(text)));
export const base64url = (text: string) => base64(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
export const namedEntities: Record<string, string> = { '"': "&quot;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;" };

/** Each encoding of a text a server may echo it in, as [name, encoder]. */
export const encodings: [string, (text: string) => string][] = [
  ["literal", (t) => t],
  ["JSON string escaping (\\\" \\\\)", (t) => JSON.stringify(t).slice(1, -1)],
  ["JSON escaping with \\/", (t) => JSON.stringify(t).slice(1, -1).replaceAll("/", "\\/")],
  ["\\u00xx escapes, lower case", (t) => each(t, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)],
  ["\\u00XX escapes, upper case", (t) => each(t, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}`)],
  ["percent-encoding (encodeURIComponent)", (t) => encodeURIComponent(t)],
  ["percent-encoding of every character, upper case", (t) => utf8(t).map((b) => `%${hex(b).toUpperCase()}`).join("")],
  ["percent-encoding of every character, lower case", (t) => utf8(t).map((b) => `%${hex(b)}`).join("")],
  ["form encoding (+ for a space)", (t) => new URLSearchParams({ v: t }).toString().slice(2)],
  ["HTML hex references &#x2F;", (t) => each(t, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`)],
  ["HTML hex references &#X002f; (upper X, leading zeros, lower digits)", (t) => each(t, (c) => `&#X00${c.charCodeAt(0).toString(16)};`)],
  ["HTML decimal references &#47;", (t) => each(t, (c) => `&#${c.charCodeAt(0)};`)],
  ["HTML decimal references with leading zeros and no ;", (t) => each(t, (c) => `&#000${c.charCodeAt(0)}`)],
  ["HTML named references (&quot; &amp; &lt; &gt; &apos;)", (t) => each(t, (c) => namedEntities[c] ?? c)],
  ["HTML named references in upper case and &#39;", (t) => each(t, (c) => (c === "'" ? "&#39;" : namedEntities[c]?.toUpperCase() ?? c))],
  ["base64", base64],
  ["base64url", base64url],
  ["base64 of the form-encoded text", (t) => base64(new URLSearchParams({ v: t }).toString().slice(2))],
  ["percent-encoded twice (%252F)", (t) => encodeURIComponent(encodeURIComponent(t))],
  ["JSON \\u escapes, HTML-escaped (&#x5C;u0073)", (t) => each(t, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).replaceAll("\\", "&#x5C;")],
];

/** Every character in another encoding than its neighbours: literal, \u, %XX, %xx, &#x..;, &#..;, named, \/. */
export function splitByMixedEncodings(text: string): string {
  const ways = [
    (c: string) => c,
    (c: string) => `\\u00${hex(c.charCodeAt(0))}`,
    (c: string) => `%${hex(c.charCodeAt(0)).toUpperCase()}`,
    (c: string) => `%${hex(c.charCodeAt(0))}`,
    (c: string) => `&#x${hex(c.charCodeAt(0))};`,
    (c: string) => `&#${c.charCodeAt(0)};`,
    (c: string) => namedEntities[c] ?? (c === "/" ? "\\/" : c === " " ? "+" : c),
  ];
  return each(text, (c, i) => ways[(i * 5 + 3) % ways.length]!(c));
}
