/**
 * A Writable that hands each whole line written to it to `onLine`, for code that writes to a stream (`stderr`)
 * while a status display owns the terminal: its lines become the display's notes instead of being spliced into
 * the status line. A line written in pieces is passed on once complete; an unfinished last line, when the stream
 * ends.
 */
import { Writable } from "node:stream";

export function lineStream(onLine: (line: string) => void): Writable {
  let pending = "";
  // A character split across two writes is decoded once both halves are in.
  const decoder = new TextDecoder();
  const flush = (lines: string[]) => {
    for (const line of lines) if (line !== "") onLine(line);
  };
  return new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, done) {
      const lines = (pending + (typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }))).split("\n");
      pending = lines.pop()!;
      flush(lines);
      done();
    },
    final(done) {
      flush([pending + decoder.decode()]);
      pending = "";
      done();
    },
  });
}
