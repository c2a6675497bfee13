// Auto-pagination: async generators over one list call. They fetch a page only when the consumer asks for the
// next value, so `break` stops without another request.
import { ConfigError, PaginationLoopError } from "./errors.js";
import type { RequestOptions } from "./transport.js";

export interface PaginateOptions extends RequestOptions {
  /** Stop after this many pages. */
  maxPages?: number;
  /** `items()` yields at most this many items; `pages()` stops after the page that reaches it. */
  maxItems?: number;
}

interface Page<T> {
  data: T[];
  next_token?: string | null;
}

/** How many recent next_tokens the loop guard remembers. */
export const loopWindow = 1000;

type FetchPage<P> = (nextToken: string | undefined, options: RequestOptions) => Promise<P>;

export async function* pages<T, P extends Page<T>>(fetchPage: FetchPage<P>, startToken: string | undefined, options: PaginateOptions = {}): AsyncGenerator<P, void, undefined> {
  const { maxPages = Infinity, maxItems = Infinity, ...request } = options;
  checkCap("maxPages", maxPages);
  checkCap("maxItems", maxItems);
  // The tokens seen in this iteration, the resume token included: one seen twice means the server loops. Only the
  // most recent ones are kept, so memory stays flat on a long export; a loop longer than that is not a real server.
  const seen = new Set<string>();
  let token = startToken || undefined;
  if (token !== undefined) seen.add(token);
  let pageCount = 0;
  let itemCount = 0;
  while (pageCount < maxPages && itemCount < maxItems) {
    request.signal?.throwIfAborted();
    const page = await fetchPage(token, request);
    pageCount++;
    itemCount += page.data.length;
    // DOC-17, DOC-10: absent, null and "" all mean "last page".
    const next = page.next_token || undefined;
    if (next !== undefined && seen.has(next)) throw new PaginationLoopError(next);
    yield page;
    if (next === undefined) return;
    seen.add(next);
    if (seen.size > loopWindow) seen.delete(seen.values().next().value!);
    token = next;
  }
}

export async function* items<T, P extends Page<T>>(fetchPage: FetchPage<P>, startToken: string | undefined, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const { maxItems = Infinity } = options;
  let count = 0;
  for await (const page of pages<T, P>(fetchPage, startToken, options)) {
    for (const item of page.data) {
      if (count >= maxItems) return;
      count++;
      yield item;
    }
  }
}

function checkCap(name: string, value: number): void {
  if (value !== Infinity && (!Number.isInteger(value) || value < 1)) throw new ConfigError(`${name} must be a positive integer`);
}
