/**
 * Where each column's value lies in a profile's bytes, found without parsing the profile: the CSV and Parquet
 * encoders copy values straight from a page's bytes (no object and no string per value for the usual profile).
 * The bytes were already checked by the client's scan (valid JSON, valid UTF-8), so this only looks for where each
 * token ends.
 *
 * A profile this does not handle — a key spelled with escapes, a field not in the columns, `attributes` that is
 * not an object or appears twice — makes `find` return false; the caller then parses that profile, which also
 * reports the error the user should see. A key given twice keeps its last value, as JSON.parse does.
 */
import { byteHash } from "./byte-hash.js";
import type { CsvColumn } from "./csv-column.js";

export const quote = 0x22;
export const comma = 0x2c;
export const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const lineFeed = 0x0a;
const attributesKey = Buffer.from("attributes");

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

function sameBytes(b: Uint8Array, start: number, end: number, key: Uint8Array): boolean {
  if (end - start !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

/** Columns by the raw bytes of their key. A key JSON can only write with escapes is left out: never matched raw. */
class KeyTable {
  private readonly byHash = new Map<number, { key: Uint8Array; index: number }[]>();
  private readonly keys: Uint8Array[] = [];
  // The column found at each member position of the last object: the profiles of a page list their keys in one
  // order, so a byte comparison with that column's key usually finds the column without hashing.
  private readonly predicted: number[] = [];

  add(key: string, index: number): void {
    if (/["\\\u0000-\u001f]/.test(key)) return;
    const bytes = Buffer.from(key);
    const hash = byteHash(bytes, 0, bytes.length);
    this.keys[index] = bytes;
    this.byHash.set(hash, [...(this.byHash.get(hash) ?? []), { key: bytes, index }]);
  }

  /** The column of the key `b[start, end)`, the object's `position`-th member; -1 for none. */
  find(b: Uint8Array, start: number, end: number, position: number): number {
    const guess = position < this.predicted.length ? this.predicted[position]! : -1;
    if (guess >= 0 && sameBytes(b, start, end, this.keys[guess]!)) return guess;
    let found = -1;
    const entries = this.byHash.get(byteHash(b, start, end));
    if (entries) {
      for (const { key, index } of entries) {
        if (sameBytes(b, start, end, key)) {
          found = index;
          break;
        }
      }
    }
    if (position <= this.predicted.length) this.predicted[position] = found;
    return found;
  }
}

export interface ProfileSpans {
  /** Where column c's value starts in the last profile found, and ends; -1 when the profile has none. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Finds the columns' values of the profile whose `{` is at `at`; false when the profile needs parsing. */
  find(body: Uint8Array, at: number): boolean;
}

export function profileSpans(columns: readonly CsvColumn[]): ProfileSpans {
  const fields = new KeyTable();
  const attributes = new KeyTable();
  columns.forEach((column, index) => (column.from === "profile" ? fields : attributes).add(column.key, index));
  const starts = new Int32Array(columns.length);
  const ends = new Int32Array(columns.length);

  /** The members of the object at `i` into starts/ends; the index after it, or -1 to fall back. */
  function members(b: Uint8Array, i: number, table: KeyTable, topLevel: boolean): number {
    let sawAttributes = false;
    i = skipWhitespace(b, i + 1);
    if (b[i] === closeBrace) return i + 1;
    for (let position = 0; ; position++) {
      const keyStart = i + 1;
      // A key spelled with escapes is left to JSON.parse.
      for (i = keyStart; b[i] !== quote; i++) if (b[i] === backslash) return -1;
      const keyEnd = i++;
      i = skipWhitespace(b, skipWhitespace(b, i) + 1);
      const index = table.find(b, keyStart, keyEnd, position);
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
    starts,
    ends,
    find(body, at) {
      starts.fill(-1);
      return members(body, at, fields, true) >= 0;
    },
  };
}
