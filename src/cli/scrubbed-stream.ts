/**
 * The CLI's stderr as its commands see it: every write passes the secrets edge's scrub, whatever wrote it (an
 * error, a retry or deprecation line that quotes a server, a warning, commander's usage text, the progress bar).
 * One wrapper where `run` receives its streams, instead of trusting each message to be clean.
 */
import type { Writable } from "node:stream";
import { scrub } from "../edges/secrets/index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A chunk with the secrets scrubbed; the chunk itself, byte for byte, when it holds none. */
function scrubbedChunk(chunk: unknown): unknown {
  if (typeof chunk === "string") return scrub(chunk);
  if (!(chunk instanceof Uint8Array)) return chunk;
  const text = decoder.decode(chunk);
  const clean = scrub(text);
  return clean === text ? chunk : encoder.encode(clean);
}

/** `stream` with `write` and `end` scrubbing what they are given; every other member is the stream's own. */
export function scrubbedStream<T extends Writable>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]) => (stream.write as (...args: unknown[]) => boolean)(scrubbedChunk(chunk), ...rest);
  const end = (chunk?: unknown, ...rest: unknown[]) =>
    (stream.end as (...args: unknown[]) => T)(typeof chunk === "function" ? chunk : scrubbedChunk(chunk), ...rest);
  return new Proxy(stream, {
    get(target, key) {
      if (key === "write") return write;
      if (key === "end") return end;
      const value: unknown = Reflect.get(target, key, target);
      // Methods run on the stream itself, so its own state (and `this` in its listeners) is the stream's.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
