// Read-ahead over a sequential async source (a cursor walk): the next value is requested as soon as the current one
// is handed over, so the source's latency overlaps the consumer's work. At most `depth` values wait in the queue
// beside the one the consumer holds; values and errors come out in the source's order.

/** The largest read-ahead accepted: more buys nothing on a sequential cursor and only holds memory. */
export const maxPrefetch = 4;

/**
 * Iterates `open(signal, demand)` with up to `depth` values requested ahead. `signal` is the caller's; the source
 * gets a signal of its own that also fires when the consumer stops early (break, return, a throw), so the request in
 * flight is cancelled rather than left to finish unseen. `demand()` is how many values have been asked of the
 * source, counting the one that handing over the awaited value will ask for: a source working on its n-th value
 * may start on the next one early when demand() > n, and still holds no more than `depth` values ahead. The source
 * may also `wake` a listener, called whenever demand() rises while the source is busy (the consumer begins to wait).
 */
export async function* readAhead<T>(depth: number, signal: AbortSignal | undefined, open: (signal: AbortSignal, demand: () => number, wake: (listener: () => void) => void) => AsyncIterator<T>): AsyncGenerator<T, void, undefined> {
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const queue: Promise<IteratorResult<T>>[] = [];
  let requested = 0;
  // True while the consumer waits for the value at the head of the queue: handing it over requests another.
  let waiting = false;
  let woken: (() => void) | undefined;
  const source = open(controller.signal, () => requested + (waiting && queue.length === 0 ? 1 : 0), (listener) => (woken = listener));
  let ended = false;
  // All `count` are counted as asked for before the first is: the source resumes within next() and reads demand().
  const pull = (count: number) => {
    requested += count;
    for (let i = 0; i < count; i++) {
      const next = source.next();
      // Observed in order by the loop below; this only keeps an early failure from counting as unhandled.
      next.catch(() => undefined);
      queue.push(next);
    }
  };
  try {
    pull(1);
    for (;;) {
      waiting = true;
      const next = queue.shift()!;
      if (queue.length === 0) woken?.();
      const result = await next;
      waiting = false;
      if (result.done) {
        ended = true;
        return;
      }
      pull(depth - queue.length);
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
