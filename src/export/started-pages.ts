/**
 * An iteration whose first step is already taken: the export requests its first page before it loads the writers,
 * so their loading overlaps the network. `return()` behaves as the source's: an async generator finishes the
 * step in flight first (the request is cancelled through the export's signal, not here).
 */
export function startedPages<T>(pages: AsyncIterable<T>): AsyncIterableIterator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let first: Promise<IteratorResult<T>> | undefined = iterator.next();
  // Observed by the first next(); this only keeps a failure before then from counting as unhandled.
  first.catch(() => undefined);
  return {
    next() {
      const step = first ?? iterator.next();
      first = undefined;
      return step;
    },
    async return() {
      if (first) await first.catch(() => undefined);
      first = undefined;
      return (await iterator.return?.()) ?? { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
