/** Where an export's bytes go: a file (see atomic-file.ts) or a stream such as stdout. */
import type { Writable } from "node:stream";

export interface Sink {
  /** Resolves once the chunk is accepted; a stream sink waits for 'drain' when the stream asks it to. */
  write(chunk: string | Uint8Array): Promise<void>;
}

/**
 * A sink over a stream that respects backpressure: one write per page, then a wait for 'drain' when `write()`
 * returns false. A stream error (EPIPE when the reader goes away) fails the next write instead of crashing.
 */
export function streamSink(stream: Writable): Sink {
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  stream.on("error", (error) => {
    failure = error;
    wake?.();
  });
  stream.on("drain", () => wake?.());
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (chunk.length === 0 || stream.write(chunk)) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (failure) throw failure;
    },
  };
}
