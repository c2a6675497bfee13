/**
 * NDJSON and JSON output straight from a page's bytes: each profile copied as the API sent it, one per line, with
 * no parse and no serialisation (see the client's `rawPages()`). Copying the server's bytes also keeps what a
 * round trip through JavaScript would change: integers beyond 2^53, `1.50` against `1.5`.
 */
import type { ExportPage } from "./format.js";

export interface Separators {
  /** Before the first profile. */
  first: string;
  between: string;
  /** After the last profile. */
  after: string;
}

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

/** `first`, the page's profiles separated by `between`, then `after`: one buffer, one copy per profile. */
export function joinProfiles({ body, spans, count }: ExportPage, { first, between, after }: Separators): Buffer {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // A pretty-printed page has line breaks inside its profiles (never inside a string: JSON forbids raw ones).
  // Found with one memchr over the page, so the usual compact page pays nothing more.
  const multiLine = count > 0 && lineBreakWithin(bytes, spans[0]!, spans[2 * count - 1]!);
  const head = Buffer.from(first);
  const separator = Buffer.from(between);
  const tail = Buffer.from(after);
  let size = head.length + tail.length + separator.length * Math.max(0, count - 1);
  for (let k = 0; k < count; k++) size += spans[2 * k + 1]! - spans[2 * k]!;
  const out = Buffer.allocUnsafe(size);
  let at = head.copy(out, 0);
  for (let k = 0; k < count; k++) {
    if (k > 0) at += separator.copy(out, at);
    const start = spans[2 * k]!;
    const end = spans[2 * k + 1]!;
    at = multiLine ? copyCompact(bytes, start, end, out, at) : at + bytes.copy(out, at, start, end);
  }
  at += tail.copy(out, at);
  return out.subarray(0, at);
}

function lineBreakWithin(bytes: Buffer, start: number, end: number): boolean {
  const lf = bytes.indexOf(lineFeed, start);
  const cr = bytes.indexOf(carriageReturn, start);
  return (lf >= 0 && lf < end) || (cr >= 0 && cr < end);
}

/** Copies one profile without the whitespace between its tokens; returns the new end of `out`. */
function copyCompact(bytes: Buffer, start: number, end: number, out: Buffer, at: number): number {
  let inString = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === 0x5c) out[at++] = bytes[i++]!;
      else if (c === 0x22) inString = false;
    } else if (c === 0x20 || c === 0x09 || c === lineFeed || c === carriageReturn) {
      continue;
    } else if (c === 0x22) {
      inString = true;
    }
    out[at++] = bytes[i]!;
  }
  return at;
}
