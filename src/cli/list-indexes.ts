/**
 * The tenant's indexes, every page of them, for `indexes` and `export --all-indexes`: bounded, because a server
 * that never ends its listing (a new next_token on every page, which the pagination's loop guard cannot see as a
 * loop) would otherwise keep the command listing forever, before any export starts.
 */
import type { AmperityClient, Index } from "../index.js";
import { grouped } from "./messages.js";

/** Far above any tenant's indexes; a listing longer than this is the server's fault, not a tenant's. */
export const maxListedIndexes = 10_000;
/** Pages at most: empty pages with a next_token would never reach the index cap. */
export const maxIndexPages = 1_000;

/** The listing did not end within the caps. */
export class IndexListingError extends Error {
  override readonly name = "IndexListingError";
}

/** `outcome` says what did not happen because of it ("nothing was printed", "no export was started"). */
export async function listIndexes(client: AmperityClient, signal: AbortSignal | undefined, outcome: string): Promise<Index[]> {
  const indexes: Index[] = [];
  let pages = 0;
  for await (const page of client.indexes.pages({}, { ...(signal && { signal }) })) {
    pages++;
    indexes.push(...page.data);
    if (indexes.length > maxListedIndexes || (pages >= maxIndexPages && page.next_token)) {
      throw new IndexListingError(
        `the server's list of indexes did not end after ${grouped(pages)} pages and ${grouped(indexes.length)} indexes ` +
          `(at most ${grouped(maxListedIndexes)} indexes in ${grouped(maxIndexPages)} pages are read): it keeps sending a next_token; ` +
          `${outcome}. Report the listing to the API's owner; an index can still be exported alone by its id`,
      );
    }
  }
  return indexes;
}
