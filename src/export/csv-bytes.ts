/**
 * CSV rows straight from a page's bytes, with no object and no string per value for the usual profile: a plain
 * string's cell is its bytes (quoted when it holds a comma, the only character of csvCell's four that JSON lets
 * appear unescaped), the empty string is `""` and null an empty cell (csv-cell.ts says why), `true`/`false` and
 * numbers JavaScript prints as written are their bytes. Values JSON.parse would change in print (escapes, `1.50`,
 * `1e3`, nested values)
 * go through JSON.parse and csvCell, so the output is byte for byte what the parsing writer (csv.ts) gives; a test
 * compares the two on generated pages.
 *
 * A profile profile-spans.ts does not handle (a key spelled with escapes, a field not in the header...) makes
 * `rows` return false, and the caller writes the page the parsing way, which also reports the error the user
 * should see.
 */
import type { ByteBuilder } from "./byte-builder.js";
import { csvCell } from "./csv-cell.js";
import type { CsvColumn } from "./csv-column.js";
import type { ExportPage } from "./format.js";
import { backslash, comma, profileSpans, quote } from "./profile-spans.js";

const lineFeed = 0x0a;

export interface CsvBytesWriter {
  /** Appends the page's rows to `out`; false (with `out` partly written) when a profile needs the parsing writer. */
  rows(page: ExportPage, out: ByteBuilder): boolean;
}

export function csvBytesWriter(columns: readonly CsvColumn[]): CsvBytesWriter {
  const { starts, ends, find } = profileSpans(columns);
  return {
    rows({ body, spans, count }, out) {
      const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      for (let p = 0; p < count; p++) {
        if (!find(body, spans[2 * p]!)) return false;
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
    // The empty string is a quoted empty cell, unlike null (csv-cell.ts).
    if (end - start === 2) return out.appendBytes(b, start, end);
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
  if (plainNumber(b, start, end)) return out.appendBytes(b, start, end);
  out.append(csvCell(JSON.parse(b.toString("utf8", start, end))));
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * A number JavaScript prints as written, so its bytes are its cell: an integer, or a decimal without a trailing zero
 * in its fraction, with at most 15 significant digits (any such decimal is the shortest that reads back as its
 * double), no exponent, not below 1e-6 in magnitude (printed with an exponent), and not -0.
 */
function plainNumber(b: Uint8Array, start: number, end: number): boolean {
  let i = b[start] === 0x2d ? start + 1 : start;
  const intStart = i;
  while (isDigit(b[i])) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || (intDigits > 1 && b[intStart] === 0x30)) return false;
  const zeroInt = intDigits === 1 && b[intStart] === 0x30;
  if (i === end) return intDigits <= 15 && !(zeroInt && intStart > start);
  if (b[i] !== 0x2e) return false;
  const fracStart = ++i;
  while (isDigit(b[i])) i++;
  if (i !== end || i === fracStart || b[end - 1] === 0x30) return false;
  // Significant digits: all of them, less the leading zeros of a number below 1.
  let leading = 0;
  if (zeroInt) while (b[fracStart + leading] === 0x30) leading++;
  if (zeroInt && leading > 5) return false;
  return (zeroInt ? 0 : intDigits) + (end - fracStart) - leading <= 15;
}
