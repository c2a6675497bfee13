import type { JsonWriter } from "./json-writer.js";

/** A paginated collection over positions 0..count-1, some of which a filter may exclude. */
export interface Listing {
  count: number;
  /** Whether the item at a position passes the request's filters; absent when nothing is filtered. */
  includes?: (position: number) => boolean;
  /** Writes the item at a position as JSON. */
  write: (out: JsonWriter, position: number) => void;
}

/**
 * Writes the items of one page, comma-separated, starting at `start`; returns the position of the next page's
 * first item, or undefined on the last page. With a filter the scan looks ahead to the next matching item, so a
 * token is only issued when another match exists: the last page never points at an empty one.
 */
export function writePage(out: JsonWriter, source: Listing, start: number, limit: number): number | undefined {
  const { count, includes, write } = source;
  const COMMA = 44;
  if (!includes) {
    const end = Math.min(count, start + limit);
    for (let position = start; position < end; position++) {
      if (position > start) out.char(COMMA);
      write(out, position);
    }
    return end < count ? end : undefined;
  }
  let position = start;
  for (let written = 0; position < count && written < limit; position++) {
    if (!includes(position)) continue;
    if (written++ > 0) out.char(COMMA);
    write(out, position);
  }
  while (position < count && !includes(position)) position++;
  return position < count ? position : undefined;
}

/** The number of items across all pages. */
export function countItems(source: Listing): number {
  if (!source.includes) return source.count;
  let total = 0;
  for (let position = 0; position < source.count; position++) if (source.includes(position)) total++;
  return total;
}
