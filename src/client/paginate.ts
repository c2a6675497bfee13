// Auto-pagination: async generators over one list call. They fetch a page only when the consumer asks for the
// next value, so `break` stops without another request.
import { positiveInteger } from "./config.js";
import { mustBe, PaginationLoopError } from "./errors.js";
import { maxPrefetch, readAhead } from "./read-ahead.js";
import type { RequestOptions } from "./transport.js";

export interface PaginateOptions extends RequestOptions {
  /**
   * Stop after this many pages.
   * @default no limit
   */
  maxPages?: number | undefined;
  /**
   * `items()` yields at most this many items; `pages()` stops after the page that reaches it.
   * @default no limit
   */
  maxItems?: number | undefined;
  /**
   * Pages requested ahead of the one being used (0 to 4): with 1, page N+1 is requested as soon as page N is
   * handed over. Stopping early cancels the request in flight.
   * @default 0
   */
  prefetch?: number | undefined;
}

/** A page: parsed (`data`) or raw (`count` profiles in its bytes, see raw-page.ts). */
type Page<T> = { next_token?: string | null } & ({ data: T[] } | { count: number });

const sizeOf = (page: Page<unknown>): number => ("data" in page ? page.data.length : page.count);

/** How many recent next_tokens the loop guard remembers. */
export const loopWindow = 1000;

/**
 * What a list call reports when a page's bytes are arriving or have arrived but are not yet checked: the cursor they
 * seem to hold (cursor-watch.ts). Pagination may request that page at once, and then returns how to withdraw the
 * request (the attempt failed); the checked page confirms or cancels it. A cursor refused only because its page's
 * call has not begun (the page was itself requested on a guess) is offered `again` when the call begins.
 */
export type CursorHint = (token: string, again?: () => void) => (() => void) | undefined;

/** A list call; pagination passes the caller's query with the `next_token` of the page to fetch. */
type List<Q, P> = (query: Q, options: RequestOptions, hint?: CursorHint) => Promise<P>;
type Query = { next_token?: string | null | undefined };

/** A request sent on a guessed cursor, before the page that holds the cursor was checked. */
interface Guess<P> {
  token: string;
  page: Promise<P>;
  cancel: () => void;
}

/**
 * `demand` (from read-ahead.ts) says how many pages are wanted already: when it counts the page after the one being
 * fetched, that page's request goes out as soon as this page's cursor has arrived (in its first bytes, or its last),
 * not after the page is read whole and checked, and read-ahead still holds no more pages than it would without the
 * guess.
 */
export async function* pages<T, Q extends Query, P extends Page<T>>(list: List<Q, P>, query: Q | undefined, options: PaginateOptions = {}, demand?: () => number, wake?: (listener: () => void) => void): AsyncGenerator<P, void, undefined> {
  const { prefetch = 0, ...rest } = options;
  if (prefetch !== 0) {
    if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > maxPrefetch) throw mustBe("prefetch", `an integer from 0 to ${maxPrefetch}`);
    yield* readAhead(prefetch, rest.signal, (signal, demand, wake) => pages<T, Q, P>(list, query, { ...rest, signal }, demand, wake));
    return;
  }
  const { maxPages = Infinity, maxItems = Infinity, ...request } = rest;
  if (maxPages !== Infinity) positiveInteger("maxPages", maxPages);
  if (maxItems !== Infinity) positiveInteger("maxItems", maxItems);
  // Digests of the tokens seen in this iteration, the resume token included: one seen twice means the server loops.
  // Only the most recent ones are kept, and as numbers, so memory stays flat however long the export and however
  // long the tokens (the envelope check caps their length too); a loop longer than that is not a real server.
  const seen = new Set<number>();
  let token = query?.next_token || undefined;
  if (token !== undefined) seen.add(tokenDigest(token));
  let pageCount = 0;
  let itemCount = 0;
  let call = 0;
  let guess: Guess<P> | undefined;
  // A cursor refused for a while only (its page's call has not begun, or no page more is wanted yet), offered again
  // when that changes: when the call begins, or when the consumer begins to wait.
  let early: { n: number; again: () => void } | undefined;
  const offerAgain = () => {
    const pending = early;
    early = undefined;
    if (pending?.n === call) pending.again();
  };
  wake?.(offerAgain);
  const fetchPage = (next: string | undefined, hint: CursorHint | undefined, options: RequestOptions = request) =>
    list({ ...query, next_token: next } as Q, options, hint);
  // Only the call in progress may guess, one request at a time, until its page is checked (the check is what
  // confirms a guess: a later one would go unconfirmed); never with maxItems, whose last page is known only once
  // counted. A withdrawn guess (its attempt failed) is cancelled at once, and the retry may guess again.
  let over = false;
  const hintFor = (n: number): CursorHint | undefined =>
    demand && maxItems === Infinity
      ? (next, again) => {
          if (over || pageCount >= n || n >= maxPages || seen.has(tokenDigest(next))) return undefined;
          if (n > call || guess || demand() <= n) {
            if (again) early = { n, again };
            return undefined;
          }
          const sent = (guess = send(next, n + 1));
          return () => {
            if (guess !== sent) return;
            guess = undefined;
            sent.cancel();
          };
        }
      : undefined;
  const send = (next: string, n: number): Guess<P> => {
    const stop = new AbortController();
    const caller = request.signal;
    const onAbort = () => stop.abort(caller!.reason);
    caller?.addEventListener("abort", onAbort, { once: true });
    const page = fetchPage(next, hintFor(n), { ...request, signal: stop.signal });
    void page.then(() => caller?.removeEventListener("abort", onAbort), () => caller?.removeEventListener("abort", onAbort));
    return { token: next, page, cancel: () => stop.abort(new DOMException("The guessed cursor was not the page's", "AbortError")) };
  };
  try {
    while (pageCount < maxPages && itemCount < maxItems) {
      request.signal?.throwIfAborted();
      call++;
      const ahead = guess;
      guess = undefined;
      offerAgain();
      const page = await (ahead ? ahead.page : fetchPage(token, hintFor(call)));
      pageCount++;
      itemCount += sizeOf(page);
      // DOC-17, DOC-10: absent, null and "" all mean "last page".
      const next = page.next_token || undefined;
      if (guess && (guess as Guess<P>).token !== next) {
        (guess as Guess<P>).cancel();
        guess = undefined;
      }
      const digest = next === undefined ? 0 : tokenDigest(next);
      if (next !== undefined && seen.has(digest)) throw new PaginationLoopError(next);
      yield page;
      if (next === undefined) return;
      seen.add(digest);
      if (seen.size > loopWindow) seen.delete(seen.values().next().value!);
      token = next;
    }
  } finally {
    // Stopped early, or failed: the guessed request is not wanted any more, nor any other.
    over = true;
    early = undefined;
    guess?.cancel();
    await guess?.page.catch(() => undefined);
  }
}

/**
 * A 53-bit digest of a token (two 32-bit multiply-xorshift lanes). Two different tokens share one with odds of
 * about 2^-43 within the window; a server that forges a collision only ends its own pagination early, with an
 * error. Synchronous and allocation-free: Web Crypto's async digest costs tens of µs per page.
 */
export function tokenDigest(token: string): number {
  let a = 0x9e3779b9;
  let b = 0x85ebca6b;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    a = Math.imul(a ^ c, 0xcc9e2d51);
    b = Math.imul(b ^ c, 0x1b873593);
  }
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) ^ Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  b = Math.imul(b ^ (b >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return 2 ** 32 * (0x1fffff & b) + (a >>> 0);
}

export async function* items<T, Q extends Query, P extends { data: T[]; next_token?: string | null }>(list: List<Q, P>, query: Q | undefined, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  const { maxItems = Infinity } = options;
  let count = 0;
  for await (const page of pages<T, Q, P>(list, query, options)) {
    for (const item of page.data) {
      if (count >= maxItems) return;
      count++;
      yield item;
    }
  }
}
