/**
 * `export --all-indexes --with-total`: the total of every index, asked before the exports start so that one
 * display can show the percentage of all of them from the first page on. Each export is then given its index's
 * total instead of asking again (so an index's manifest counts no request for its total: this run sent it).
 */
import type { AmperityClient } from "../index.js";
import { profileTotal } from "./run-export.js";

export interface TotalsOptions {
  filter?: Record<string, string> | undefined;
  maxItems?: number | undefined;
  /** Counts asked at once. */
  concurrency: number;
  signal?: AbortSignal | undefined;
}

/**
 * Each index's total, as `profileTotal` gives it. An index whose count fails, or that the API does not count, is
 * left out: its export asks again and reports the failure as its own.
 */
export async function indexTotals(client: AmperityClient, ids: readonly string[], { concurrency, signal, ...scope }: TotalsOptions): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const indexId = ids[next++]!;
      try {
        const total = await profileTotal(client, indexId, { ...scope, signal });
        if (total !== undefined) totals.set(indexId, total);
      } catch (error) {
        if (signal?.aborted) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return totals;
}
