// Read-ahead over a sequential async source (a cursor walk): the next value is requested as soon as the current one
// is handed over, so the source's latency overlaps the consumer's work. At most `depth` values wait in the queue
// beside the one the consumer holds; values and errors come out in the source's order.

/** The largest read-ahead accepted: more buys nothing on a sequential cursor and only holds memory. */
export const maxPrefetch = 4;

/**
 * Iterates `open(signal)` with up to `depth` values requested ahead. `signal` is the caller's; the source gets a
 * signal of its own that also fires when the consumer stops early (break, return, a throw), so the request in
 * flight is cancelled rather than left to finish unseen.
 */
export async function* readAhead<T>(depth: number, signal: AbortSignal | undefined, open: (signal: AbortSignal) => AsyncIterator<T>): AsyncGenerator<T, void, undefined> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const source = open(controller.signal);
  const queue: Promise<IteratorResult<T>>[] = [];
  let ended = false;
  const pull = () => {
    const next = source.next();
    // Observed in order by the loop below; this only keeps an early failure from counting as unhandled.
    next.catch(() => undefined);
    queue.push(next);
  };
  try {
    pull();
    for (;;) {
      const result = await queue.shift()!;
      if (result.done) {
        ended = true;
        return;
      }
      while (queue.length < depth) pull();
      yield result.value;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    if (!ended && queue.length > 0) {
      controller.abort(new DOMException("The iteration stopped before this page was used", "AbortError"));
      await Promise.allSettled(queue);
    }
    await source.return?.();
  }
}
