// One pass over a list page's bytes that checks they are valid JSON (RFC 8259, UTF-8) and finds where the top-level
// members and the items of `data` lie, without building a single object. A page parsed by JSON.parse becomes a
// thousand objects that outlive the young generation; this keeps the bytes instead (see raw-page.ts).
//
// Only an acceptance is trusted: anything the scan does not handle, or finds wrong, gives undefined and the
// caller parses the page with JSON.parse as before (which then reports whatever is wrong). Tested against
// JSON.parse on generated and mutated documents.

/** Where a page's parts lie: [start, end) byte offsets into the body. */
export interface PageLayout {
  /** Start and end of each item of `data`, two numbers per item; every item is an object. */
  items: Uint32Array;
  count: number;
  nextToken?: readonly [number, number];
  total?: readonly [number, number];
}

/** Nesting deeper than this is left to JSON.parse rather than to this scan's recursion. */
const maxDepth = 256;

const tab = 0x09;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const space = 0x20;
const quote = 0x22;
const plus = 0x2b;
const comma = 0x2c;
const minus = 0x2d;
const dot = 0x2e;
const zero = 0x30;
const nine = 0x39;
const colon = 0x3a;
const openBracket = 0x5b;
const backslash = 0x5c;
const closeBracket = 0x5d;
const openBrace = 0x7b;
const closeBrace = 0x7d;

/** The layout of `{"data": [{…}, …], "next_token": …, "total": …}`, or undefined (see above). */
export function scanPage(b: Uint8Array): PageLayout | undefined {
  const n = b.length;
  // TextDecoder drops a byte-order mark before JSON.parse sees the text; so does this.
  let i = ws(b, n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0);
  if (b[i] !== openBrace) return undefined;
  let items: number[] | undefined;
  let nextToken: [number, number] | undefined;
  let total: [number, number] | undefined;
  i = ws(b, i + 1);
  if (b[i] !== closeBrace) {
    for (;;) {
      if (b[i] !== quote) return undefined;
      const keyStart = i + 1;
      i = str(b, i);
      if (i < 0) return undefined;
      const key = keyOf(b, keyStart, i - 1);
      i = ws(b, i);
      if (b[i] !== colon) return undefined;
      i = ws(b, i + 1);
      const valueStart = i;
      if (key === "data") {
        // A repeated member: JSON.parse keeps the last; rather than mirror that, leave it to JSON.parse.
        if (items || b[i] !== openBracket) return undefined;
        items = [];
        i = itemsOf(b, i, items);
      } else {
        i = value(b, i, 1);
      }
      if (i < 0) return undefined;
      if (key === "next_token") {
        if (nextToken) return undefined;
        nextToken = [valueStart, i];
      } else if (key === "total") {
        if (total) return undefined;
        total = [valueStart, i];
      } else if (key === undefined) {
        return undefined;
      }
      i = ws(b, i);
      if (b[i] === comma) {
        i = ws(b, i + 1);
        continue;
      }
      if (b[i] !== closeBrace) return undefined;
      break;
    }
  }
  if (ws(b, i + 1) !== n || !items) return undefined;
  return { items: Uint32Array.from(items), count: items.length / 2, ...(nextToken && { nextToken }), ...(total && { total }) };
}

/** The members this scan tells apart; "" for any other plain key; undefined for a key with escapes (it may spell one). */
function keyOf(b: Uint8Array, start: number, end: number): string | undefined {
  let key = "";
  for (let k = start; k < end; k++) {
    if (b[k] === backslash) return undefined;
    if (end - start <= 10) key += String.fromCharCode(b[k]!);
  }
  return key === "data" || key === "next_token" || key === "total" ? key : "";
}

/** The `data` array at `i`: every item an object, its span pushed to `spans`. Returns the index after `]`. */
function itemsOf(b: Uint8Array, i: number, spans: number[]): number {
  i = ws(b, i + 1);
  if (b[i] === closeBracket) return i + 1;
  for (;;) {
    if (b[i] !== openBrace) return -1;
    const start = i;
    i = obj(b, i, 3);
    if (i < 0) return -1;
    spans.push(start, i);
    i = ws(b, i);
    if (b[i] === comma) i = ws(b, i + 1);
    else return b[i] === closeBracket ? i + 1 : -1;
  }
}

function ws(b: Uint8Array, i: number): number {
  for (let c = b[i]; c === space || c === lineFeed || c === carriageReturn || c === tab; c = b[++i]);
  return i;
}

/** Any JSON value at `i`; the index after it, or -1. */
function value(b: Uint8Array, i: number, depth: number): number {
  const c = b[i];
  if (c === quote) return str(b, i);
  if (c === openBrace) return obj(b, i, depth + 1);
  if (c === openBracket) return arr(b, i, depth + 1);
  if (c === 0x74) return word(b, i, "true");
  if (c === 0x66) return word(b, i, "false");
  if (c === 0x6e) return word(b, i, "null");
  return num(b, i);
}

function obj(b: Uint8Array, i: number, depth: number): number {
  if (depth > maxDepth) return -1;
  i = ws(b, i + 1);
  if (b[i] === closeBrace) return i + 1;
  for (;;) {
    if (b[i] !== quote) return -1;
    i = ws(b, str(b, i));
    if (b[i] !== colon) return -1;
    i = value(b, ws(b, i + 1), depth);
    if (i < 0) return -1;
    i = ws(b, i);
    if (b[i] === comma) i = ws(b, i + 1);
    else return b[i] === closeBrace ? i + 1 : -1;
  }
}

function arr(b: Uint8Array, i: number, depth: number): number {
  if (depth > maxDepth) return -1;
  i = ws(b, i + 1);
  if (b[i] === closeBracket) return i + 1;
  for (;;) {
    i = value(b, i, depth);
    if (i < 0) return -1;
    i = ws(b, i);
    if (b[i] === comma) i = ws(b, i + 1);
    else return b[i] === closeBracket ? i + 1 : -1;
  }
}

/** The string at `i` (a quote); the index after its closing quote, or -1. str(b, -1) stays -1 via b[-1]. */
function str(b: Uint8Array, i: number): number {
  if (b[i] !== quote) return -1;
  i++;
  for (;;) {
    const c = b[i];
    if (c === quote) return i + 1;
    if (c === undefined || c < 0x20) return -1;
    if (c === backslash) {
      const e = b[i + 1];
      if (e === 0x75) {
        if (!(hex(b[i + 2]) && hex(b[i + 3]) && hex(b[i + 4]) && hex(b[i + 5]))) return -1;
        i += 6;
      } else if (e === quote || e === backslash || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        i += 2;
      } else {
        return -1;
      }
    } else if (c < 0x80) {
      i++;
    } else {
      i = utf8(b, i);
      if (i < 0) return -1;
    }
  }
}

function hex(c: number | undefined): boolean {
  return c !== undefined && ((c >= zero && c <= nine) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

const continuation = (c: number | undefined) => c !== undefined && (c & 0xc0) === 0x80;
const within = (c: number | undefined, low: number, high: number) => c !== undefined && c >= low && c <= high;

/** One well-formed UTF-8 sequence at `i` (no overlongs, no surrogates, nothing past U+10FFFF); the index after it, or -1. */
function utf8(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c >= 0xc2 && c <= 0xdf) return continuation(b[i + 1]) ? i + 2 : -1;
  if (c >= 0xe0 && c <= 0xef) {
    const second = c === 0xe0 ? within(b[i + 1], 0xa0, 0xbf) : c === 0xed ? within(b[i + 1], 0x80, 0x9f) : continuation(b[i + 1]);
    return second && continuation(b[i + 2]) ? i + 3 : -1;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const second = c === 0xf0 ? within(b[i + 1], 0x90, 0xbf) : c === 0xf4 ? within(b[i + 1], 0x80, 0x8f) : continuation(b[i + 1]);
    return second && continuation(b[i + 2]) && continuation(b[i + 3]) ? i + 4 : -1;
  }
  return -1;
}

function word(b: Uint8Array, i: number, text: string): number {
  for (let k = 0; k < text.length; k++) if (b[i + k] !== text.charCodeAt(k)) return -1;
  return i + text.length;
}

const digit = (c: number | undefined) => c !== undefined && c >= zero && c <= nine;

function num(b: Uint8Array, i: number): number {
  if (b[i] === minus) i++;
  if (b[i] === zero) i++;
  else if (digit(b[i])) while (digit(b[++i]));
  else return -1;
  if (b[i] === dot) {
    if (!digit(b[++i])) return -1;
    while (digit(b[++i]));
  }
  if (b[i] === 0x65 || b[i] === 0x45) {
    if (b[++i] === plus || b[i] === minus) i++;
    if (!digit(b[i])) return -1;
    while (digit(b[++i]));
  }
  return i;
}
