/**
 * CSV rows straight from a page's bytes, with no object and no string per value for the usual profile: a plain
 * string's cell is its bytes (quoted when it holds a comma, the only character of csvCell's four that JSON lets
 * appear unescaped), `true`/`false` and short integers are their bytes, null is empty. Values JSON.parse would
 * change in print (escapes, `1.50`, `1e3`, nested values) go through JSON.parse and csvCell, so the output is byte
 * for byte what the parsing writer (csv.ts) gives; a test compares the two on generated pages.
 *
 * A profile this does not handle — a key spelled with escapes, a field not in the header, `attributes` that is not
 * an object or appears twice — makes `rows` return false, and the caller writes the page the parsing way, which
 * also reports the error the user should see.
 */
import type { ByteBuilder } from "./byte-builder.js";
import { csvCell } from "./csv-cell.js";
import type { CsvColumn } from "./csv-column.js";
import type { ExportPage } from "./format.js";

const quote = 0x22;
const comma = 0x2c;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const lineFeed = 0x0a;
const attributesKey = Buffer.from("attributes");

// Skips over bytes the client's scan has already checked (valid JSON, valid UTF-8), so they only look for where
// a token ends.
function skipWhitespace(b: Uint8Array, i: number): number {
  for (let c = b[i]; c === 0x20 || c === lineFeed || c === 0x0d || c === 0x09; c = b[++i]);
  return i;
}

/** The index after the string whose opening quote is at `i`. */
function skipString(b: Uint8Array, i: number): number {
  for (let c = b[++i]; c !== quote; c = b[++i]) if (c === backslash) i++;
  return i + 1;
}

/** The index after the value at `i`: a string, a nested object or array, or a literal or number. */
function skipValue(b: Uint8Array, i: number): number {
  const first = b[i];
  if (first === quote) return skipString(b, i);
  if (first === openBrace || first === 0x5b) {
    for (let depth = 0; ; ) {
      const c = b[i];
      if (c === quote) {
        i = skipString(b, i);
        continue;
      }
      if (c === openBrace || c === 0x5b) depth++;
      else if ((c === closeBrace || c === 0x5d) && --depth === 0) return i + 1;
      i++;
    }
  }
  for (let c = b[i]; c !== comma && c !== closeBrace && c !== 0x5d && c !== 0x20 && c !== lineFeed && c !== 0x0d && c !== 0x09 && c !== undefined; c = b[++i]);
  return i;
}

/** FNV-1a over a key's bytes: looks a column up without decoding the key. */
function hashOf(b: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ b[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(b: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** Columns by the raw bytes of their key. A key JSON can only write with escapes is left out: never matched raw. */
class KeyTable {
  private readonly byHash = new Map<number, { key: Uint8Array; index: number }[]>();

  add(key: string, index: number): void {
    if (/["\\\u0000-\u001f]/.test(key)) return;
    const bytes = Buffer.from(key);
    const hash = hashOf(bytes, 0, bytes.length);
    this.byHash.set(hash, [...(this.byHash.get(hash) ?? []), { key: bytes, index }]);
  }

  find(b: Uint8Array, start: number, end: number): number {
    const entries = this.byHash.get(hashOf(b, start, end));
    if (entries) for (const { key, index } of entries) if (sameBytes(b, start, end, key)) return index;
    return -1;
  }
}

export interface CsvBytesWriter {
  /** Appends the page's rows to `out`; false (with `out` partly written) when a profile needs the parsing writer. */
  rows(page: ExportPage, out: ByteBuilder): boolean;
}

export function csvBytesWriter(columns: readonly CsvColumn[]): CsvBytesWriter {
  const fields = new KeyTable();
  const attributes = new KeyTable();
  columns.forEach((column, index) => (column.from === "profile" ? fields : attributes).add(column.key, index));
  // Where each column's value lies in the current profile; -1 when absent.
  const starts = new Int32Array(columns.length);
  const ends = new Int32Array(columns.length);

  /** The members of the object at `i` into starts/ends; the index after it, or -1 to fall back. */
  function members(b: Uint8Array, i: number, table: KeyTable, topLevel: boolean): number {
    let sawAttributes = false;
    i = skipWhitespace(b, i + 1);
    if (b[i] === closeBrace) return i + 1;
    for (;;) {
      const keyStart = i + 1;
      i = skipString(b, i);
      const keyEnd = i - 1;
      for (let k = keyStart; k < keyEnd; k++) if (b[k] === backslash) return -1;
      i = skipWhitespace(b, skipWhitespace(b, i) + 1);
      const index = table.find(b, keyStart, keyEnd);
      if (index >= 0) {
        starts[index] = i;
        i = skipValue(b, i);
        ends[index] = i;
      } else if (topLevel && !sawAttributes && sameBytes(b, keyStart, keyEnd, attributesKey) && (b[i] === openBrace || b[i] === 0x6e)) {
        sawAttributes = true;
        i = b[i] === openBrace ? members(b, i, attributes, false) : skipValue(b, i);
        if (i < 0) return -1;
      } else {
        return -1;
      }
      i = skipWhitespace(b, i);
      if (b[i] !== comma) return i + 1;
      i = skipWhitespace(b, i + 1);
    }
  }

  return {
    rows({ body, spans, count }, out) {
      const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      for (let p = 0; p < count; p++) {
        starts.fill(-1);
        if (members(body, spans[2 * p]!, fields, true) < 0) return false;
        for (let c = 0; c < columns.length; c++) {
          if (c > 0) out.appendByte(comma);
          if (starts[c]! >= 0) cell(text, starts[c]!, ends[c]!, out);
        }
        out.appendByte(lineFeed);
      }
      return true;
    },
  };
}

/** One value's cell, as csvCell would print the parsed value. */
function cell(b: Buffer, start: number, end: number, out: ByteBuilder): void {
  const first = b[start]!;
  if (first === quote) {
    let escaped = false;
    let quoted = false;
    for (let i = start + 1; i < end - 1; i++) {
      const c = b[i]!;
      if (c === backslash) escaped = true;
      else if (c === comma) quoted = true;
    }
    if (escaped) return out.append(csvCell(JSON.parse(b.toString("utf8", start, end))));
    if (quoted) out.appendByte(quote);
    out.appendBytes(b, start + 1, end - 1);
    if (quoted) out.appendByte(quote);
    return;
  }
  // true, false: their own bytes; null: an empty cell.
  if (first === 0x74 || first === 0x66) return out.appendBytes(b, start, end);
  if (first === 0x6e) return;
  if (plainInteger(b, start, end)) return out.appendBytes(b, start, end);
  out.append(csvCell(JSON.parse(b.toString("utf8", start, end))));
}

/** An integer JavaScript prints as written: digits only (after a minus), at most 15, and not -0. */
function plainInteger(b: Uint8Array, start: number, end: number): boolean {
  const digits = b[start] === 0x2d ? start + 1 : start;
  if (end - digits > 15 || end === digits || (b[digits] === 0x30 && end - digits === 1 && digits > start)) return false;
  for (let i = digits; i < end; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}
