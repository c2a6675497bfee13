// One decoding pass over a text, for the scrubber: every escape a server or proxy may write a character as is
// replaced by that character, and each character of the result remembers the span of the original text it came
// from, so a secret found in the decoded text is replaced in the original. Decoding is lenient on purpose: it only
// decides where a secret is found, never what is printed, so reading `&amp` (no `;`) as `&` costs nothing.

/** A text and, per character, the span [from, to) of the original text it stands for (absent: the original itself). */
export interface Layer {
  text: string;
  from?: Int32Array;
  to?: Int32Array;
}

/** Characters that can start an escape; the text between two of them is copied as it is. */
const starters = /[\\%&]/g;

const jsonShort: Record<string, number> = { "/": 47, '"': 34, "\\": 92, "'": 39, b: 8, f: 12, n: 10, r: 13, t: 9 };
const named: Record<string, number> = { quot: 34, amp: 38, lt: 60, gt: 62, apos: 39 };
/** `&#x2F;` `&#X002f` `&#47;` `&#0047` `&quot;` `&QUOT;`: hex or decimal with any leading zeros, `;` optional. */
const entity = /&(?:#[xX]0*([0-9a-fA-F]{1,6})|#0*(\d{1,7})|(quot|amp|lt|gt|apos));?/iy;

// The escape just read: its code point and its length in the text (0: no escape here).
let point = 0;

/** The text with each escape decoded once, or undefined when there is none. */
export function decodeLayer(layer: Layer): Layer | undefined {
  const { text } = layer;
  const n = text.length;
  // Every escape is longer than the one or two UTF-16 units it decodes to, so the result is never longer.
  let from: Int32Array | undefined;
  let to: Int32Array | undefined;
  // The result is built from slices of the text between escapes, plus each escape's character, and joined once.
  const decoded: string[] = [];
  let copied = 0;
  let out = 0;
  starters.lastIndex = 0;
  for (let match = starters.exec(text); match !== null; match = starters.exec(text)) {
    const i = match.index;
    const code = text.charCodeAt(i);
    const length = code === 92 ? backslash(text, i) : code === 37 ? percent(text, i) : reference(text, i);
    if (length === 0) continue;
    from ??= new Int32Array(n);
    to ??= new Int32Array(n);
    out = copySpans(layer, copied, i, from, to, out);
    decoded.push(text.slice(copied, i), String.fromCodePoint(point));
    // Outside the BMP, a character is two UTF-16 units, both standing for the whole escape.
    const start = layer.from ? layer.from[i]! : i;
    const end = layer.to ? layer.to[i + length - 1]! : i + length;
    for (let unit = point > 0xffff ? 2 : 1; unit > 0; unit--) {
      from[out] = start;
      to[out++] = end;
    }
    copied = i + length;
    starters.lastIndex = copied;
  }
  if (!from || !to) return undefined;
  out = copySpans(layer, copied, n, from, to, out);
  decoded.push(text.slice(copied));
  return { text: decoded.join(""), from: from.subarray(0, out), to: to.subarray(0, out) };
}

/** The spans of characters [i, end) of `layer`, which are copied unchanged, written at `out`; returns the new end. */
function copySpans(layer: Layer, i: number, end: number, from: Int32Array, to: Int32Array, out: number): number {
  if (layer.from && layer.to) {
    from.set(layer.from.subarray(i, end), out);
    to.set(layer.to.subarray(i, end), out);
    return out + end - i;
  }
  for (let k = i; k < end; k++, out++) {
    from[out] = k;
    to[out] = k + 1;
  }
  return out;
}

/** JSON's and JavaScript's escapes: `\u002F` (either case), `\x2F`, `\/`, `\"`, `\\`, `\n`... */
function backslash(text: string, i: number): number {
  const next = text[i + 1];
  if (next === "u" || next === "x") {
    const digits = next === "u" ? 4 : 2;
    const value = hexValue(text, i + 2, digits);
    if (value < 0) return 0;
    point = value;
    return 2 + digits;
  }
  const short = next === undefined ? undefined : jsonShort[next];
  if (short === undefined) return 0;
  point = short;
  return 2;
}

/** `%2B` or `%2b`; a run of them that is valid UTF-8 is one character (`%C3%A9` is é), as a form decoder reads it. */
function percent(text: string, i: number): number {
  const lead = hexValue(text, i + 1, 2);
  if (lead < 0) return 0;
  point = lead;
  const more = lead >= 0xc2 && lead < 0xe0 ? 1 : lead >= 0xe0 && lead < 0xf0 ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
  if (more === 0) return 3;
  let value = lead & (0x3f >> more);
  for (let k = 1; k <= more; k++) {
    const byte = text[i + 3 * k] === "%" ? hexValue(text, i + 3 * k + 1, 2) : -1;
    if (byte < 0x80 || byte > 0xbf) return 3;
    value = (value << 6) | (byte & 0x3f);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8: the lead byte is read alone.
  const least = [0, 0x80, 0x800, 0x10000][more]!;
  if (value < least || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return 3;
  point = value;
  return 3 * (more + 1);
}

/** HTML character references: numeric (hex or decimal) and the five named ones XML and HTML share. */
function reference(text: string, i: number): number {
  entity.lastIndex = i;
  const match = entity.exec(text);
  if (!match) return 0;
  const value = match[1] !== undefined ? parseInt(match[1], 16) : match[2] !== undefined ? parseInt(match[2], 10) : named[match[3]!.toLowerCase()]!;
  if (value > 0x10ffff) return 0;
  point = value;
  return match[0].length;
}

/** The value of `digits` hex digits at `i`, or -1. */
function hexValue(text: string, i: number, digits: number): number {
  let value = 0;
  for (let k = 0; k < digits; k++) {
    const c = text.charCodeAt(i + k);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return -1;
    value = value * 16 + d;
  }
  return value;
}
