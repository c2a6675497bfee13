import type { CursorCodec } from "./cursor.js";
import { JsonWriter, encode } from "./json-writer.js";
import type { ListLayout } from "./key-order.js";
import { countItems, writePage, type Listing } from "./listing.js";
import { jsonResponse, SandboxError, type SandboxResponse } from "./responses.js";
import { defaultLimit } from "./spec.js";

const pageStart = encode('{"data":['), nextToken = encode('],"next_token":"'), totalKey = encode(',"total":');
const bytesPerItem = 400; // a little above a profile's average, so a page rarely has to grow its buffer
// Room before a cursor-first page's items for `{"total":…,"next_token":"…","data":[` (a token is under 100 bytes).
const headroom = 160;
const [QUOTE, CLOSE_ARRAY, CLOSE_OBJECT] = [34, 93, 125];

/**
 * Answers list requests with the documented envelope `{data, next_token?, total?}`: `limit` (default 25, at most
 * `pageMax`), opaque `next_token` cursors, and `total` only when `with_total=true`. The last page has no
 * `next_token` key at all. Its members come in the listing's layout (key-order.ts); a cursor-first page writes its
 * items first and puts the total and the cursor before them afterwards, when the cursor is known.
 */
export function createPager(pageMax: number, cursors: CursorCodec) {
  const limitDefault = defaultLimit(); // the spec's, the vendor's 25 (DOC-15)
  const filteredTotals = new Map<string, number>(); // counting under a filter is a full scan: remember each count

  function pageSize(query: Record<string, unknown>): number {
    const limit = (query["limit"] as number | undefined) ?? limitDefault;
    // Refused rather than clamped: a client asking for more than it can get should learn the maximum.
    if (limit > pageMax) {
      throw new SandboxError(400, `Invalid query parameter limit: must be at most ${pageMax} (the sandbox's maximum page size).`);
    }
    return limit;
  }

  function startOf(query: Record<string, unknown>, scope: string, filter: string): number {
    const token = query["next_token"] as string | undefined;
    if (token === undefined) return 0;
    const decoded = cursors.decode(token, { scope, filter });
    if (!decoded.ok) throw new SandboxError(400, `Invalid query parameter next_token: ${decoded.reason}.`);
    return decoded.offset;
  }

  function total(key: string, source: Listing): number {
    if (!source.includes) return source.count;
    let counted = filteredTotals.get(key);
    if (counted === undefined) {
      if (filteredTotals.size >= 1000) filteredTotals.clear();
      counted = countItems(source);
      filteredTotals.set(key, counted);
    }
    return counted;
  }

  /** One page of `source`; `scope` and `filter` are bound into the cursor so it cannot be replayed elsewhere. */
  return function page(query: Record<string, unknown>, scope: string, filter: string, source: Listing, layout: ListLayout): SandboxResponse {
    const limit = pageSize(query);
    const start = startOf(query, scope, filter);
    const capacity = Math.max(0, Math.min(limit, source.count - start)) * bytesPerItem + 256;
    const counted = query["with_total"] === true ? total(`${scope}/${filter}`, source) : undefined;
    if (layout === "cursor-first") {
      const out = new JsonWriter(capacity, headroom);
      const next = writePage(out, source, start, limit);
      const cursor = next === undefined ? "" : `"next_token":"${cursors.encode({ scope, filter, offset: next })}",`;
      const head = `{${counted === undefined ? "" : `"total":${counted},`}${cursor}"data":[`;
      return jsonResponse(out.char(CLOSE_ARRAY).char(CLOSE_OBJECT).prepend(Buffer.from(head, "latin1")).result());
    }
    const out = new JsonWriter(capacity).bytes(pageStart);
    const next = writePage(out, source, start, limit);
    if (next === undefined) out.char(CLOSE_ARRAY);
    else out.bytes(nextToken).ascii(cursors.encode({ scope, filter, offset: next })).char(QUOTE);
    if (counted !== undefined) out.bytes(totalKey).digits(counted);
    return jsonResponse(out.char(CLOSE_OBJECT).result());
  };
}
