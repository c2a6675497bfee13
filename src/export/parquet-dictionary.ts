/**
 * Whether a string or JSON column chunk is dictionary-encoded, and its dictionary, decided from the column's bytes
 * exactly as hyparquet-writer 0.17.0 decides from one Uint8Array per value (`useDictionary` in its
 * src/dictionary.js, with no encoding asked for and no size cap), so the file does not change: the same sample of
 * up to 1,000 values spread over the chunk, keyed by the same FNV-1a hash; the same two thresholds; the dictionary
 * in order of first occurrence, values compared by content.
 */
import { byteHash } from "./byte-hash.js";
import type { ByteColumn } from "./parquet-values.js";

export interface ByteDictionary {
  /** The number of distinct values. */
  readonly size: number;
  /** Per entry, the row of its first occurrence (where its bytes are). */
  readonly rows: Int32Array;
  /** Per row, its value's entry (unused for a null). */
  readonly indexes: Int32Array;
}

/** Where row r's bytes start: where the row before it ends. */
export const startOf = (column: ByteColumn, row: number): number => (row === 0 ? 0 : column.ends[row - 1]!);

// A BYTE_ARRAY value's 4-byte length, written before it in PLAIN (in the pages, or once in the dictionary).
export const lengthPrefix = 4;

/** The dictionary hyparquet-writer would build for this column chunk, or undefined where it would write PLAIN. */
export function byteDictionary(column: ByteColumn): ByteDictionary | undefined {
  if (rejectedBySample(column)) return undefined;
  const { rows, bytes, ends, marks } = column;
  const indexes = new Int32Array(rows);
  const firsts = new Int32Array(rows);
  // Open addressing over 1 + entry, at most half full.
  let slots = 16;
  while (slots < 2 * rows) slots *= 2;
  const table = new Int32Array(slots);
  let size = 0;
  let distinctBytes = 0;
  let totalBytes = 0;
  let nonNull = 0;
  for (let row = 0; row < rows; row++) {
    if (marks[row] === 0) continue;
    nonNull++;
    const start = startOf(column, row);
    const end = ends[row]!;
    totalBytes += end - start;
    let slot = byteHash(bytes, start, end) & (slots - 1);
    let entry = -1;
    for (; table[slot] !== 0; slot = (slot + 1) & (slots - 1)) {
      const other = firsts[table[slot]! - 1]!;
      if (same(bytes, startOf(column, other), ends[other]!, start, end)) {
        entry = table[slot]! - 1;
        break;
      }
    }
    if (entry < 0) {
      entry = size++;
      firsts[entry] = row;
      table[slot] = size;
      distinctBytes += end - start;
    }
    indexes[row] = entry;
  }
  // hyparquet-writer keeps an automatic dictionary only if it and its bit-packed indexes at least halve PLAIN.
  const bitWidth = Math.ceil(Math.log2(size));
  const indexBytes = Math.ceil((nonNull * bitWidth) / 8);
  const plainBytes = totalBytes + nonNull * lengthPrefix;
  const dictionaryBytes = distinctBytes + size * lengthPrefix;
  if (2 * (dictionaryBytes + indexBytes) > plainBytes) return undefined;
  return { size, rows: firsts.subarray(0, size), indexes };
}

/**
 * hyparquet-writer's first test: a sample of up to 1,000 rows spread over the chunk, values keyed by their hash
 * (two values with one hash count once, with the first one's size, as there); a chunk whose distinct sampled
 * bytes exceed 90 % of the sampled bytes, or with no sampled bytes, is written PLAIN.
 */
function rejectedBySample(column: ByteColumn): boolean {
  const { rows, bytes, ends, marks } = column;
  const sampleSize = Math.min(rows, 1000);
  const sizes = new Map<number, number>();
  let distinct = 0;
  let total = 0;
  for (let i = 0; i < sampleSize; i++) {
    const row = sampleSize === 1 ? 0 : Math.floor((i * (rows - 1)) / (sampleSize - 1));
    // A null adds nothing to either sum there.
    if (marks[row] === 0) continue;
    const start = startOf(column, row);
    const end = ends[row]!;
    const key = byteHash(bytes, start, end);
    let size = sizes.get(key);
    if (size === undefined) {
      size = end - start + lengthPrefix;
      sizes.set(key, size);
      distinct += size;
    }
    total += size;
  }
  return !total || distinct / total > 0.9;
}

function same(bytes: Uint8Array, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let k = 0; k < end - start; k++) if (bytes[start + k] !== bytes[otherStart + k]) return false;
  return true;
}
