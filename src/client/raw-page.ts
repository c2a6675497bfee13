// Pages of profiles as bytes (`profiles.rawPages()`): for a caller that writes profiles out rather than reading
// them, such as an export. The page is checked like any other — valid JSON, the envelope's shape — but no profile
// becomes an object: the client gives the body and where each profile lies in it. Building a thousand objects
// per page and dropping them was most of an export's CPU and garbage.
import { checkEnvelope, checkEnvelopeFields } from "./envelope.js";
import { scanPage, type PageLayout } from "./json-scan.js";

/** One page of `profiles.rawPages()`. */
export interface RawProfilePage {
  /** The response body as the API sent it (after any content coding is undone); valid UTF-8. */
  body: Uint8Array;
  /**
   * Where each profile lies in `body`, two offsets per profile: profile `i` is the JSON object
   * `body.subarray(spans[2 * i], spans[2 * i + 1])`.
   */
  spans: Uint32Array;
  /** How many profiles the page holds. */
  count: number;
  /** The cursor of the next page; absent, null or "" on the last. */
  next_token?: string | null;
  /** The number of profiles in all, when asked for with `with_total`. */
  total?: number;
}

/** What the transport hands over for a raw page: the scan's layout, or JSON.parse's reading when the scan gave up. */
export type RawBody = { layout: PageLayout } | { parsed: unknown };

/** The transport's parse step for raw pages: throws (a cut-off or garbled body) only where JSON.parse would. */
export function scanOrParse(bytes: Uint8Array, decode: (bytes: Uint8Array) => string, strict: boolean): RawBody {
  // Strict mode validates the whole document against the schema, which needs it parsed anyway.
  const layout = strict ? undefined : scanPage(bytes);
  return layout ? { layout } : { parsed: JSON.parse(decode(bytes)) };
}

/**
 * The page for a body the scan read: its `next_token` and `total` parsed from their own bytes and checked as the
 * envelope check checks them.
 */
export function pageFromLayout(bytes: Uint8Array, { items, count, nextToken, total }: PageLayout, decode: (bytes: Uint8Array) => string): RawProfilePage {
  const field = (span: readonly [number, number]) => JSON.parse(decode(bytes.subarray(span[0], span[1]))) as unknown;
  const page: RawProfilePage = { body: bytes, spans: items, count };
  if (nextToken) page.next_token = field(nextToken) as string | null;
  if (total) page.total = field(total) as number;
  checkEnvelopeFields("listProfiles", page.next_token, page.total);
  return page;
}

/**
 * The page for a body JSON.parse read (strict mode, or a body the scan leaves alone: invalid UTF-8, keys spelled
 * with escapes, a member twice): checked, then each profile serialised into a body of the client's own, so
 * `body` and `spans` mean the same as on any other page.
 */
export function pageFromParsed(bytes: Uint8Array, parsed: unknown): RawProfilePage {
  checkEnvelope("listProfiles", parsed);
  const { data, next_token, total } = parsed as { data: object[]; next_token?: string | null; total?: number };
  // A body that was valid UTF-8 already scans now (strict mode); only an odd one is serialised again.
  const layout = scanPage(bytes);
  if (layout && layout.count === data.length) {
    return { body: bytes, spans: layout.items, count: layout.count, ...(next_token !== undefined && { next_token }), ...(total !== undefined && { total }) };
  }
  const encoder = new TextEncoder();
  const parts = data.map((profile) => encoder.encode(JSON.stringify(profile)));
  const body = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  const spans = new Uint32Array(parts.length * 2);
  let at = 0;
  parts.forEach((part, i) => {
    body.set(part, at);
    spans[2 * i] = at;
    at += part.length;
    spans[2 * i + 1] = at;
  });
  return { body, spans, count: data.length, ...(next_token !== undefined && { next_token }), ...(total !== undefined && { total }) };
}
