/**
 * gzip output: every write (one page) becomes one complete gzip member. Concatenated members are one valid gzip
 * stream (RFC 1952; gunzip, zcat, Node's zlib, DuckDB and Python read them all), and a checkpoint taken after a
 * page covers whole members, so a resume cuts the part file back to a member boundary and the resumed file is
 * byte for byte what an uninterrupted export writes. Node's zlib writes no timestamp or name in the header, so the
 * same page always gives the same member. Compression runs on libuv's thread pool, beside the next page's fetch.
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Sink } from "./sink.js";

/**
 * Level 1: on the sandbox's profiles it writes about 19 % of the NDJSON's size at about twice the speed of
 * level 6, which saves only a further 3 points (16 %); the export should not wait on its compressor.
 */
export const gzipLevel = 1;

const compress = promisify(gzip);

export function gzipSink(inner: Sink, level = gzipLevel): Sink {
  return {
    async write(chunk) {
      // Nothing to say, no member: an empty member would be valid but is bytes for nothing.
      if (chunk.length === 0) return;
      await inner.write(await compress(chunk, { level }));
    },
  };
}
