/** Where an export's bytes go: a file (see atomic-file.ts) or a stream such as stdout. */
import type { Writable } from "node:stream";

export interface Sink {
  /**
   * Resolves once the text is accepted; a stream sink waits for 'drain' when the stream asks it to. Text rather
   * than a Buffer: Node encodes a string straight into the write and frees it at once, whereas a Buffer per
   * page lingers as external memory until the next garbage collection. Bytes for the binary outputs (gzip
   * members, Parquet row groups).
   */
  write(text: string | Uint8Array): Promise<void>;
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
    async write(text) {
      if (failure) throw failure;
      if (text.length === 0 || stream.write(text)) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      if (failure) throw failure;
    },
  };
}
