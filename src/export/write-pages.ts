/** The export loop: page in, one encoded write out, with the next page fetched while this one is written. */
import type { Encoder, ExportPage } from "./format.js";
import { firstProfiles } from "./page-profiles.js";
import type { Sink } from "../edges/files/sink.js";

/** A page of the client's `rawPages()`. */
export interface PageLike extends ExportPage {
  next_token?: string | null;
}

export interface WritePagesOptions {
  pages: AsyncIterable<PageLike>;
  encoder: Encoder;
  sink: Sink;
  /** Stop after this many profiles in total (counting those of earlier runs of a resumed export). */
  maxItems?: number;
  /**
   * Runs after each page's bytes are handed to the sink and before the next page is written; `next_token` is
   * null after the last page. The resumable export flushes and checkpoints here.
   */
  afterPage?: (next_token: string | null) => Promise<void> | void;
}

/** Writes every page and then the encoder's ending; returns the number of profiles written in total. */
export async function writePages({ pages, encoder, sink, maxItems, afterPage }: WritePagesOptions): Promise<number> {
  const iterator = pages[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<PageLike>> | undefined =
    maxItems !== undefined && encoder.state().count >= maxItems ? undefined : iterator.next();
  try {
    while (pending) {
      const result = await pending;
      pending = undefined;
      if (result.done) break;
      let page: ExportPage = result.value;
      let next_token = result.value.next_token || null;
      const room = maxItems === undefined ? Infinity : maxItems - encoder.state().count;
      if (page.count >= room) {
        page = firstProfiles(page, room);
        next_token = null;
      }
      if (next_token !== null) {
        pending = iterator.next();
        // Observed later by the loop; this only keeps a failure during the write from counting as unhandled.
        pending.catch(() => undefined);
      }
      await sink.write(encoder.page(page));
      await afterPage?.(next_token);
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
    await iterator.return?.();
  }
  await sink.write(encoder.end());
  return encoder.state().count;
}
